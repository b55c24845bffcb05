{{ config(materialized='table') }}
{#- Labelled training examples of the account models: one row per (goal, cutoff,
    sampled account). Features come from the account snapshot at the cutoff; the label
    says whether any person of the account reached the goal within the prediction
    window after the cutoff. Accounts keep converting (new leads, new opportunities),
    so earlier conversions do not exclude an account; they are features. -#}
with

{{ scoring_training_candidates('account') }},

account_goal_events as (

    select distinct
        ge.goal_name,
        links.account_key,
        ge.event_at
    from {{ ref('int_scoring_goal_events') }} as ge
    inner join {{ ref('int_scoring_person_accounts') }} as links
        on links.person_key = ge.person_key

),

converted as (

    select distinct
        c.goal_name,
        c.snapshot_date,
        c.profile_key
    from candidates as c
    inner join account_goal_events as ae
        on ae.goal_name = c.goal_name
        and ae.account_key = c.profile_key
        and ae.event_at >= c.snapshot_date
        and ae.event_at < c.label_window_end

),

final as (

    select
        c.goal_name || '/' || cast(c.snapshot_date as varchar) || '/' || c.profile_key as example_key,
        c.goal_name,
        c.snapshot_date,
        c.profile_key,
        cv.profile_key is not null as label,
        c.sample_weight,
        f.* exclude (snapshot_key, snapshot_date, account_key)
    from candidates as c
    left join converted as cv
        on cv.goal_name = c.goal_name
        and cv.snapshot_date = c.snapshot_date
        and cv.profile_key = c.profile_key
    inner join {{ ref('int_scoring_account_snapshots') }} as f
        on f.snapshot_date = c.snapshot_date
        and f.account_key = c.profile_key

)

select * from final
