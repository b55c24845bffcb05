{% macro raw_input_contract() -%}
    {#- every column of the input contract (DESIGN.md); optional ones may be empty but must exist -#}
    {{- return({
        'person_profiles': ['person_key', 'source_account_key', 'first_name', 'last_name', 'work_email',
                            'work_phone', 'job_title', 'company_name', 'company_website',
                            'work_country', 'work_city', 'created_date'],
        'account_profiles': ['account_key', 'account_name', 'website', 'parent_account_key', 'industry',
                             'number_of_employees', 'annual_revenue', 'country', 'city', 'phone',
                             'created_date'],
        'experience_events': ['event_id', 'person_key', 'timestamp', 'event_type', 'web_page_url',
                              'converted_status', 'assign_to', 'opportunity_key', 'attribute_name',
                              'old_value', 'new_value'],
        'account_person_relations': ['person_key', 'account_key', 'relationship_source'],
    }) -}}
{%- endmacro %}

{% macro validate_raw_inputs() %}
    {#- Stops the run before any model when a raw table or a contract column is missing,
        naming the file and the column, instead of failing later with a binder error. -#}
    {%- if execute and flags.WHICH in ('run', 'build', 'test', 'seed') -%}
        {%- set folder = raw_dir() -%}
        {%- set fmt = raw_format() -%}
        {%- if fmt not in ('parquet', 'csv') -%}
            {{ exceptions.raise_compiler_error("raw_format must be 'parquet' or 'csv', got '" ~ fmt ~ "'") }}
        {%- endif -%}
        {%- set problems = [] -%}
        {%- for table, columns in raw_input_contract().items() -%}
            {%- set path = folder ~ '/' ~ table ~ '.' ~ fmt -%}
            {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
            {%- if found == 0 -%}
                {%- do problems.append("raw table " ~ table ~ ": file " ~ path ~ " not found") -%}
            {%- else -%}
                {%- set described = run_query("describe select * from '" ~ path ~ "'") -%}
                {%- set present = described.columns[0].values() | map('lower') | list -%}
                {%- for column in columns if column not in present -%}
                    {%- do problems.append("raw table " ~ table ~ " (" ~ path ~ "): missing column " ~ column ~ " (it may be empty but must exist)") -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if problems -%}
            {{ exceptions.raise_compiler_error("Input contract violated:\n  - " ~ (problems | join("\n  - ")) ~ "\nSet the raw folder with --vars '{raw_dir: ...}' or B2B_RAW_DIR.") }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
