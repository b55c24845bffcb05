{% macro sql_text_literal(value) -%}
    {#- a SQL text literal of a config value (single quotes doubled), or null -#}
    {%- if value is none -%}
        cast(null as varchar)
    {%- else -%}
        '{{ value | string | replace("'", "''") }}'
    {%- endif -%}
{%- endmacro %}
