{% macro parse_timestamp(column) -%}
    {#- a timestamp from an ISO string, a typed value or the common CRM export forms;
        null when none applies (the caller rejects the row) -#}
    coalesce(
        try_cast({{ column }} as timestamp),
        try_strptime(trim(cast({{ column }} as varchar)),
            ['%Y-%m-%dT%H:%M:%S.%fZ', '%Y-%m-%dT%H:%M:%SZ', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d',
             '%d.%m.%Y %H:%M:%S', '%d.%m.%Y', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y', '%d/%m/%Y'])
    )
{%- endmacro %}
