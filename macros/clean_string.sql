{% macro clean_string(column) -%}
    {#- trimmed text, null when empty -#}
    nullif(trim(cast({{ column }} as varchar)), '')
{%- endmacro %}
