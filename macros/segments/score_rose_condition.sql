{% macro score_rose_condition(model_type, min_rise=1, goals=none) -%}
    {#- A SQL condition, true when the profile's score rose by at least min_rise points
        since the previous score date for any of `goals` (default: every configured
        goal with a model of model_type), for segment_persons / segment_accounts:
            {{ segment_accounts(where=score_rose_condition('account', min_rise=5)) }} -#}
    {%- set goals = scoring_goal_names(model_type) if goals is none else goals -%}
    {%- if goals | length == 0 -%}
        false
    {%- else -%}
        ({% for goal in goals %}score_change_{{ goal | lower }} >= {{ min_rise }}{% if not loop.last %} or {% endif %}{% endfor %})
    {%- endif -%}
{%- endmacro %}
