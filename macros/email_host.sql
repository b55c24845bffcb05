{% macro email_host(normalized_email_column) -%}
    {#- the part after '@' of an email already passed through normalize_email -#}
    nullif(trim(split_part({{ normalized_email_column }}, '@', 2), '.'), '')
{%- endmacro %}
