{% macro name_initials(name) -%}
    array_to_string(list_transform(
        list_filter(string_split({{ name }}, ' '), lambda t: t <> '' and t not in ('and', 'of', 'the', 'de', 'du', 'der', 'la', 'le', 'y', 'et', 'und')),
        lambda t: left(t, 1)), '')
{%- endmacro %}

{% macro matching_keys(name_core, domain, name_normalized) -%}
    {#- the derived name and domain keys both sides of the lead-to-account link share:
        blocking keys (first word, prefix, first word's outer letters, acronym) and the
        leading label of the domain, which often spells the company ('siemens.com');
        name_form_acronyms: the acronyms that take in the legal form cut from the core,
        space-separated ('housing development finance corporation limited' -> 'hdfc
        hdfcl', 'mayaashi healthcare private limited' -> 'mhp mhpl'), where the core
        begins the name -#}
    split_part({{ name_core }}, ' ', 1) as name_first_token,
    left({{ name_core }}, 4) as name_prefix,
    case when length(split_part({{ name_core }}, ' ', 1)) >= 5
        then left(split_part({{ name_core }}, ' ', 1), 2) || right(split_part({{ name_core }}, ' ', 1), 2)
    end as name_bookends,
    case
        when len(list_filter(string_split({{ name_core }}, ' '), lambda t: t not in ('and', 'of', 'the', 'de', 'du', 'der', 'la', 'le', 'y', 'et', 'und'))) >= 2
        then {{ name_initials(name_core) }}
        when length({{ name_core }}) between 2 and 5 and not contains({{ name_core }}, ' ')
        then {{ name_core }}
    end as name_acronym,
    replace({{ name_core }}, ' ', '') as name_squashed,
    case when starts_with({{ name_normalized }}, {{ name_core }})
            and length({{ name_initials(name_normalized) }}) > length({{ name_initials(name_core) }})
        then nullif(array_to_string(list_filter(list_transform(
            range(length({{ name_initials(name_core) }}) + 1, length({{ name_initials(name_normalized) }}) + 1),
            lambda k: left({{ name_initials(name_normalized) }}, k)), lambda a: length(a) >= 3), ' '), '')
    end as name_form_acronyms,
    nullif(split_part({{ domain }}, '.', 1), '') as domain_label
{%- endmacro %}
