{% macro profile_reject_reason(key_column) -%}
    {#- why a staged profile row is rejected (null when kept): no key, no parseable
        created_date, or a later duplicate of its key (the most recently created row
        is kept; among rows created at the same instant, the one whose values hash
        lowest, so that a rerun keeps the same row). Expects created_at and
        created_date_raw, selected from the CTE `renamed`. -#}
    case
        when {{ key_column }} is null then 'missing {{ key_column }}'
        when created_at is null then 'unparseable or missing created_date: ' || coalesce(created_date_raw, 'null')
        when row_number() over (
            partition by {{ key_column }}
            order by created_at desc, created_date_raw, hash(renamed)
        ) > 1 then 'duplicate {{ key_column }} (the most recently created row is kept)'
    end
{%- endmacro %}
