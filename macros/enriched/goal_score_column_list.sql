{% macro goal_score_column_list(model_type, prefix='') -%}
    {#- The per-goal columns profile_goal_scores makes for model_type, as a select
        list (score_<goal>, percentile_<goal>, score_change_<goal>, one line each,
        trailing commas), each optionally qualified with prefix ('s.'). -#}
    {%- for goal in scoring_goal_names(model_type) %}
        {{ prefix }}score_{{ goal | lower }},
        {{ prefix }}percentile_{{ goal | lower }},
        {{ prefix }}score_change_{{ goal | lower }},
    {%- endfor %}
{%- endmacro %}
