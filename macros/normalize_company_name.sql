{% macro normalize_company_name(column) -%}
    {#- normalize_text plus a leading article removed; legal forms are stripped later
        against the legal_forms seed (int_company_name_cores) -#}
    nullif(regexp_replace({{ normalize_text(column) }}, '^(the|der|die|das|le|la|les|el|il) ', ''), '')
{%- endmacro %}
