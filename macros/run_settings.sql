{% macro raw_dir() -%}
    {{- return(var('raw_dir', env_var('B2B_RAW_DIR', 'data/raw'))) -}}
{%- endmacro %}

{% macro raw_format() -%}
    {{- return(var('raw_format', env_var('B2B_RAW_FORMAT', 'parquet'))) -}}
{%- endmacro %}

{% macro run_date() -%}
    {#- the day the run is for: only data from before this date is used -#}
    {%- set value = var('run_date', env_var('B2B_RUN_DATE', '')) | string -%}
    {%- if value == '' or value == 'today' -%}
        {%- set value = modules.datetime.datetime.utcnow().date().isoformat() -%}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}

{% macro run_date_literal() -%}
    cast('{{ run_date() }}' as date)
{%- endmacro %}
