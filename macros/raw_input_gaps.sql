{% macro raw_input_gaps(table) -%}
    {#- What the export lacks of one raw table's contract, read off the file itself:
        {'path', 'file_missing', 'missing_required', 'missing_optional'}. Only at
        execution (parsing sees no files): then every list is empty. -#}
    {%- set contract = raw_input_contract()[table] -%}
    {%- set path = raw_dir() ~ '/' ~ table ~ '.' ~ raw_format() -%}
    {%- set gaps = {'path': path, 'file_missing': false, 'missing_required': [], 'missing_optional': []} -%}
    {%- if execute -%}
        {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
        {%- if found == 0 -%}
            {%- do gaps.update({'file_missing': true}) -%}
        {%- else -%}
            {%- set described = run_query("describe select * from '" ~ path ~ "'") -%}
            {%- set present = described.columns[0].values() | map('lower') | list -%}
            {%- do gaps.update({
                'missing_required': contract['required'] | reject('in', present) | list,
                'missing_optional': contract['optional'] | reject('in', present) | list,
            }) -%}
        {%- endif -%}
    {%- endif -%}
    {{- return(gaps) -}}
{%- endmacro %}
