{% macro raw_input_warnings() -%}
    {#- The export's gaps that a run tolerates, as readable warnings: an absent optional
        table (treated as empty) and absent optional columns (treated as null). -#}
    {%- set warnings = [] -%}
    {%- for table, contract in raw_input_contract().items() -%}
        {%- set gaps = raw_input_gaps(table) -%}
        {%- if gaps['file_missing'] and contract['table_optional'] -%}
            {%- do warnings.append("raw table " ~ table ~ ": file " ~ gaps['path'] ~ " not found, treated as empty") -%}
        {%- endif -%}
        {%- for column in gaps['missing_optional'] -%}
            {%- do warnings.append("raw table " ~ table ~ ": optional column " ~ column ~ " absent, treated as null") -%}
        {%- endfor -%}
    {%- endfor -%}
    {{- return(warnings) -}}
{%- endmacro %}
