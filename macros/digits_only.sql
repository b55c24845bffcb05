{% macro digits_only(column) -%}
    {#- phone numbers to their digits ('+49 (30) 123-45' -> '4930 12345'), null if none -#}
    nullif(regexp_replace(cast({{ column }} as varchar), '[^0-9]', '', 'g'), '')
{%- endmacro %}
