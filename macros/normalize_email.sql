{% macro normalize_email(column) -%}
    {#- trimmed, lower case, 'mailto:' and enclosing <> removed; null unless it has the
        shape local@domain.tld -#}
    case
        when regexp_full_match(
            regexp_replace(lower(trim(cast({{ column }} as varchar))), '^mailto:|[<>\s]', '', 'g'),
            '[^@]+@[^@]+\.[^@.]+')
        then regexp_replace(lower(trim(cast({{ column }} as varchar))), '^mailto:|[<>\s]', '', 'g')
    end
{%- endmacro %}
