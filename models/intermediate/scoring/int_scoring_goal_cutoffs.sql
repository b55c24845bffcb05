{{ config(materialized='table') }}
{#- Training snapshot dates (cutoffs) of each (goal, model type): every step days back
    from the run date, so that the label window after the cutoff ends before the run
    date, and at least the longest feature window after the first event (features are
    complete). The step adapts to the history and the goal's conversions: the regular
    grid (scoring_cutoff_step_days, at most scoring_max_cutoffs) unless it would give
    fewer than scoring_min_cutoffs snapshots or fewer than
    scoring_dense_cutoffs_below_positives positive examples (conversions in a label
    window); then the short grid (every scoring_short_cutoff_step_days, at most
    scoring_max_short_cutoffs and not beyond the regular grid's span), so that both
    the training part and the validation hold enough conversions. Goals on one grid share their feature
    snapshots. -#}
{%- set warmup_days = var('scoring_feature_windows_days') | max -%}
{%- set short_step = var('scoring_short_cutoff_step_days') -%}
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

grids as (

    select
        goal_name,
        model_type,
        prediction_window_days,
        run_date,
        'regular' as grid,
        cutoff_step_days as step_days,
        max_cutoffs as grid_cutoffs
    from goals

    union all

    select
        goal_name,
        model_type,
        prediction_window_days,
        run_date,
        'short' as grid,
        least(cutoff_step_days, {{ short_step }}) as step_days,
        least(
            cast(ceil(max_cutoffs * cutoff_step_days / least(cutoff_step_days, {{ short_step }})) as integer),
            {{ var('scoring_max_short_cutoffs') }}
        ) as grid_cutoffs
    from goals

),

grid_steps as (

    select
        grids.*,
        unnest(generate_series(
            cast(ceil(prediction_window_days / step_days) as integer),
            cast(ceil(prediction_window_days / step_days) as integer) + grid_cutoffs - 1
        )) as steps_back
    from grids

),

candidates as (

    select
        s.goal_name,
        s.model_type,
        s.grid,
        s.step_days,
        s.prediction_window_days,
        s.run_date,
        cast({{ dbt.dateadd('day', '-1 * s.steps_back * s.step_days', 's.run_date') }} as date) as snapshot_date,
        h.first_event_date
    from grid_steps as s
    cross join history as h

),

eligible as (

    select
        goal_name,
        model_type,
        grid,
        step_days,
        snapshot_date,
        cast({{ dbt.dateadd('day', 'prediction_window_days', 'snapshot_date') }} as date) as label_window_end
    from candidates
    where {{ dbt.dateadd('day', 'prediction_window_days', 'snapshot_date') }} <= run_date
        and snapshot_date >= cast({{ dbt.dateadd('day', warmup_days, 'first_event_date') }} as date)

),

goal_converters as (

    select
        ge.goal_name,
        'person' as model_type,
        ge.person_key as profile_key,
        ge.event_at
    from {{ ref('int_scoring_goal_events') }} as ge

    union all

    select
        ge.goal_name,
        'account' as model_type,
        links.account_key as profile_key,
        ge.event_at
    from {{ ref('int_scoring_goal_events') }} as ge
    inner join {{ ref('int_scoring_person_accounts') }} as links
        on links.person_key = ge.person_key

),

regular_positives as (

    select
        e.goal_name,
        e.model_type,
        count(distinct e.snapshot_date) as regular_cutoffs,
        count(distinct c.profile_key || '|' || cast(e.snapshot_date as varchar)) as regular_positive_examples
    from eligible as e
    left join goal_converters as c
        on c.goal_name = e.goal_name
        and c.model_type = e.model_type
        and c.event_at >= e.snapshot_date
        and c.event_at < e.label_window_end
    where e.grid = 'regular'
    group by e.goal_name, e.model_type

),

chosen_grid as (

    select
        g.goal_name,
        g.model_type,
        case
            when coalesce(r.regular_cutoffs, 0) < {{ var('scoring_min_cutoffs') }}
                or coalesce(r.regular_positive_examples, 0) < {{ var('scoring_dense_cutoffs_below_positives') }}
                then 'short'
            else 'regular'
        end as grid
    from goals as g
    left join regular_positives as r
        on r.goal_name = g.goal_name
        and r.model_type = g.model_type

),

final as (

    select
        e.goal_name || '/' || e.model_type || '/' || cast(e.snapshot_date as varchar) as goal_cutoff_key,
        e.goal_name,
        e.model_type,
        e.snapshot_date,
        e.label_window_end,
        e.grid as cutoff_grid,
        e.step_days as cutoff_step_days,
        row_number() over (
            partition by e.goal_name, e.model_type order by e.snapshot_date desc
        ) as recency_rank
    from eligible as e
    inner join chosen_grid as cg
        on cg.goal_name = e.goal_name
        and cg.model_type = e.model_type
        and cg.grid = e.grid

)

select * from final
