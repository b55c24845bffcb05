{{ config(materialized='table') }}
{#- What the data-quality gates look at, per (goal, model type): days of event
    history before the run date, qualified conversion events (goal events before the
    run date; for account models, of persons linked to an account), and the training
    set built from them. The gates themselves are applied in Python
    (b2b_enrich.scoring.gates) when the model is due for training. -#}
with

goals as (

    select
        goal_model_key,
        goal_name,
        model_type,
        prediction_window_days,
        min_history_days,
        run_date
    from {{ ref('int_scoring_goals') }}

),

history as (

    select cast(min(event_at) as date) as first_event_date
    from {{ ref('int_scoring_events') }}

),

person_conversions as (

    select
        goal_name,
        count(*) as conversion_events
    from {{ ref('int_scoring_goal_events') }}
    group by goal_name

),

account_conversions as (

    select
        ge.goal_name,
        count(*) as conversion_events
    from {{ ref('int_scoring_goal_events') }} as ge
    where ge.person_key in (select person_key from {{ ref('int_scoring_person_accounts') }})
    group by ge.goal_name

),

cutoffs as (

    select
        goal_name,
        model_type,
        count(*) as training_cutoffs
    from {{ ref('int_scoring_goal_cutoffs') }}
    group by goal_name, model_type

),

examples as (

    select
        goal_name,
        'person' as model_type,
        count(*) as training_examples,
        count(*) filter (where label) as positive_examples
    from {{ ref('int_scoring_person_training_examples') }}
    group by goal_name

    union all

    select
        goal_name,
        'account' as model_type,
        count(*) as training_examples,
        count(*) filter (where label) as positive_examples
    from {{ ref('int_scoring_account_training_examples') }}
    group by goal_name

),

final as (

    select
        g.goal_model_key,
        g.goal_name,
        g.model_type,
        h.first_event_date,
        {{ dbt.datediff('h.first_event_date', 'g.run_date', 'day') }} as history_days,
        g.min_history_days + g.prediction_window_days as required_history_days,
        coalesce(
            case when g.model_type = 'person' then pc.conversion_events else ac.conversion_events end,
            0
        ) as conversion_events,
        coalesce(c.training_cutoffs, 0) as training_cutoffs,
        coalesce(x.training_examples, 0) as training_examples,
        coalesce(x.positive_examples, 0) as positive_examples
    from goals as g
    cross join history as h
    left join person_conversions as pc on pc.goal_name = g.goal_name
    left join account_conversions as ac on ac.goal_name = g.goal_name
    left join cutoffs as c
        on c.goal_name = g.goal_name
        and c.model_type = g.model_type
    left join examples as x
        on x.goal_name = g.goal_name
        and x.model_type = g.model_type

)

select * from final
