{#- Predictive lead and account scores: one row per (goal, model type, profile) scored
    on the run date. score 0-100 is the relative likelihood against the scored
    population (50 = average, not a probability); percentile 1-100; influential_factors
    the top factors raising the profile's score. -#}
with

scores as (

    select * from {{ ref('int_scoring_scores') }}

),

final as (

    select
        goal_name || '/' || model_type || '/' || profile_key as score_id,
        goal_name,
        model_type,
        profile_key,
        cast(score as integer) as score,
        cast(percentile as integer) as percentile,
        score_date,
        influential_factors,
        model_id
    from scores

)

select * from final
