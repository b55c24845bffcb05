{% macro validate_raw_inputs() %}
    {#- Stops the run before any model when a required raw table or a required contract
        column is missing, naming the file and the column, instead of failing later with
        a binder error. Absent optional tables and columns are logged as warnings (and
        listed in enrichment_job_runs by input_job_log). -#}
    {%- if execute and flags.WHICH in ('run', 'build', 'test', 'seed') -%}
        {%- set fmt = raw_format() -%}
        {%- if fmt not in ('parquet', 'csv') -%}
            {{ exceptions.raise_compiler_error("raw_format must be 'parquet' or 'csv', got '" ~ fmt ~ "'") }}
        {%- endif -%}
        {%- set problems = [] -%}
        {%- for table, contract in raw_input_contract().items() -%}
            {%- set gaps = raw_input_gaps(table) -%}
            {%- if gaps['file_missing'] and not contract['table_optional'] -%}
                {%- do problems.append("raw table " ~ table ~ ": file " ~ gaps['path'] ~ " not found") -%}
            {%- endif -%}
            {%- for column in gaps['missing_required'] -%}
                {%- do problems.append("raw table " ~ table ~ " (" ~ gaps['path'] ~ "): missing required column " ~ column) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if problems -%}
            {{ exceptions.raise_compiler_error("Input contract violated:\n  - " ~ (problems | join("\n  - ")) ~ "\nSet the raw folder with --vars '{raw_dir: ...}' or B2B_RAW_DIR.") }}
        {%- endif -%}
        {%- for warning in raw_input_warnings() -%}
            {{ exceptions.warn("Input: " ~ warning) }}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
