{{ config(materialized='table') }}
{#- Training snapshot dates (cutoffs) of each (goal, model type): every
    scoring_cutoff_step_days back from the run date, so that the label window after the
    cutoff ends before the run date, and at least the longest feature window after the
    first event (features are complete); at most scoring_max_cutoffs, the latest ones.
    All goals share one grid, so goals share their feature snapshots. -#}
{%- set warmup_days = var('scoring_feature_windows_days') | max -%}
with

goals as (

    select
        goal_name,
        model_type,
        prediction_window_days,
        run_date,
        cutoff_step_days,
        max_cutoffs
    from {{ ref('int_scoring_goals') }}

),

history as (

    select cast(min(event_at) as date) as first_event_date
    from {{ ref('int_scoring_events') }}

),

grid as (

    select
        goals.*,
        unnest(generate_series(
            cast(ceil(prediction_window_days / cutoff_step_days) as integer),
            cast(ceil(prediction_window_days / cutoff_step_days) as integer) + max_cutoffs - 1
        )) as steps_back
    from goals

),

candidates as (

    select
        grid.goal_name,
        grid.model_type,
        grid.prediction_window_days,
        grid.run_date,
        cast({{ dbt.dateadd('day', '-1 * steps_back * cutoff_step_days', 'grid.run_date') }} as date) as snapshot_date,
        history.first_event_date
    from grid
    cross join history

),

eligible as (

    select
        goal_name,
        model_type,
        snapshot_date,
        cast({{ dbt.dateadd('day', 'prediction_window_days', 'snapshot_date') }} as date) as label_window_end
    from candidates
    where {{ dbt.dateadd('day', 'prediction_window_days', 'snapshot_date') }} <= run_date
        and snapshot_date >= cast({{ dbt.dateadd('day', warmup_days, 'first_event_date') }} as date)

),

final as (

    select
        goal_name || '/' || model_type || '/' || cast(snapshot_date as varchar) as goal_cutoff_key,
        goal_name,
        model_type,
        snapshot_date,
        label_window_end,
        row_number() over (
            partition by goal_name, model_type order by snapshot_date desc
        ) as recency_rank
    from eligible

)

select * from final
