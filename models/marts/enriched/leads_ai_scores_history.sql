{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='score_date',
    on_schema_change='append_new_columns',
    post_hook="delete from {{ this }} where score_date < {{ run_date_literal() }} - {{ var('scores_history_retention_days', 35) }}"
) }}
{#- Score history: every run appends the day's leads_ai_scores (without the factors)
    keyed by score_date. Rerunning a date replaces that date's rows (delete+insert), so
    replays and backfills never duplicate. Dates older than var
    scores_history_retention_days before the run date are dropped. The enriched
    profile marts compare the latest two score dates (score_change_<goal>). -#}
with

scores as (

    select
        goal_name,
        model_type,
        profile_key,
        score,
        percentile,
        score_date,
        model_id
    from {{ ref('leads_ai_scores') }}

),

final as (

    select
        cast(score_date as varchar) || '/' || goal_name || '/' || model_type || '/' || profile_key
            as score_history_id,
        score_date,
        goal_name,
        model_type,
        profile_key,
        score,
        percentile,
        model_id,
        cast(current_timestamp as timestamp) as recorded_at
    from scores

)

select * from final
