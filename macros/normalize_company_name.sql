{% macro normalize_company_name(column) -%}
    {#- normalize_text plus a leading article removed, and the legal forms of Chinese,
        Japanese and Korean names, written without spaces, set apart as words
        ('トヨタ自動車株式会社' -> 'トヨタ自動車 株式会社'); legal forms are stripped
        later against the legal_forms seed (int_company_name_cores) -#}
    nullif(trim(regexp_replace(regexp_replace(regexp_replace(
        {{ normalize_text(column) }},
        '^(the|der|die|das|le|la|les|el|il) ', ''),
        '(股份有限公司|有限责任公司|有限責任公司|有限公司|公司|株式会社|有限会社|合同会社|合資会社|合名会社|주식회사|유한회사)',
        ' \1 ', 'g'),
        '  +', ' ', 'g')), '')
{%- endmacro %}
