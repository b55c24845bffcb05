{% macro normalize_text(column) -%}
    {#- lower case, accents stripped and other scripts and letters spelled in Latin
        (transliterate), '&' spelled 'and', dots and apostrophes dropped
        (so 'S.A.' and 'SA' agree), any other run of non letters/digits (any script) to
        one space; null when nothing is left -#}
    nullif(trim(regexp_replace(regexp_replace(regexp_replace(
        {{ transliterate('lower(cast(' ~ column ~ ' as varchar))') }},
        '&', ' and ', 'g'),
        '[.''’`´]', '', 'g'),
        '[^\p{L}\p{N}]+', ' ', 'g')), '')
{%- endmacro %}
