{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- one flat schema per layer name (reference, main) instead of main_reference -#}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
