{% macro raw_table(table) -%}
    {#- The select a staging model's `source` CTE reads: the raw table with every
        contract column present. An absent optional column comes as a typed null; an
        absent optional table as no rows (its columns all varchar). -#}
    {%- set relation = source('raw', table) -%}
    {%- set contract = raw_input_contract()[table] -%}
    {%- set gaps = raw_input_gaps(table) -%}
    {%- if gaps['file_missing'] and contract['table_optional'] -%}
        select
        {%- for column in contract['required'] + contract['optional'] %}
            cast(null as varchar) as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
        where false
    {%- else -%}
        select
            *
        {%- for column in gaps['missing_optional'] %},
            cast(null as varchar) as {{ column }}
        {%- endfor %}
        from {{ relation }}
    {%- endif -%}
{%- endmacro %}
