{% macro scoring_goal_names(model_type) -%}
    {#- Names of the configured scoring goals (var scoring_goals, validated by
        validate_scoring_goals) that have a model of model_type ('person' or 'account'),
        in configuration order. The enriched profile tables and the segments get one
        score_<goal> / percentile_<goal> / score_change_<goal> column set per name, so a
        new goal needs no SQL edit. -#}
    {%- set names = [] -%}
    {%- for goal in validate_scoring_goals() -%}
        {%- if model_type in goal.get('model_types', ['person', 'account']) -%}
            {%- do names.append(goal['name']) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(names) -}}
{%- endmacro %}
