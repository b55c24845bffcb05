{% macro scoring_training_candidates(model_type) -%}
    {#- the CTEs both training-example models start from: every (goal, cutoff) of the
        model type crossed with the profiles sampled at that cutoff -#}
goal_cutoffs as (

    select
        goal_name,
        snapshot_date,
        label_window_end
    from {{ ref('int_scoring_goal_cutoffs') }}
    where model_type = '{{ model_type }}'

),

samples as (

    select
        snapshot_date,
        profile_key,
        sample_weight
    from {{ ref('int_scoring_samples') }}
    where model_type = '{{ model_type }}'

),

candidates as (

    select
        gc.goal_name,
        gc.snapshot_date,
        gc.label_window_end,
        s.profile_key,
        s.sample_weight
    from goal_cutoffs as gc
    inner join samples as s on s.snapshot_date = gc.snapshot_date

)
{%- endmacro %}
