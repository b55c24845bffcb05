{% macro matching_keys(name_core, domain) -%}
    {#- the derived name and domain keys both sides of the lead-to-account link share:
        blocking keys (first word, prefix, first word's outer letters, acronym) and the
        leading label of the domain, which often spells the company ('siemens.com') -#}
    split_part({{ name_core }}, ' ', 1) as name_first_token,
    left({{ name_core }}, 4) as name_prefix,
    case when length(split_part({{ name_core }}, ' ', 1)) >= 5
        then left(split_part({{ name_core }}, ' ', 1), 2) || right(split_part({{ name_core }}, ' ', 1), 2)
    end as name_bookends,
    case
        when len(list_filter(string_split({{ name_core }}, ' '), lambda t: t not in ('and', 'of', 'the', 'de', 'du', 'der', 'la', 'le', 'y', 'et', 'und'))) >= 2
        then array_to_string(list_transform(
            list_filter(string_split({{ name_core }}, ' '), lambda t: t not in ('and', 'of', 'the', 'de', 'du', 'der', 'la', 'le', 'y', 'et', 'und')),
            lambda t: left(t, 1)), '')
        when length({{ name_core }}) between 2 and 5 and not contains({{ name_core }}, ' ')
        then {{ name_core }}
    end as name_acronym,
    replace({{ name_core }}, ' ', '') as name_squashed,
    nullif(split_part({{ domain }}, '.', 1), '') as domain_label
{%- endmacro %}
