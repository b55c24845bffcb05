{{ config(materialized='table') }}
{#- Labelled training examples of the person models: one row per (goal, cutoff,
    sampled person). Features come from the snapshot at the cutoff (data before it
    only); the label says whether the person reached the goal within the prediction
    window after the cutoff. Persons who had already reached the goal before the
    cutoff are left out (the model predicts the next first conversion). -#}
with

{{ scoring_training_candidates('person') }},

outcomes as (

    select
        c.goal_name,
        c.snapshot_date,
        c.profile_key,
        bool_or(ge.event_at >= c.snapshot_date and ge.event_at < c.label_window_end) as converted_in_window,
        bool_or(ge.event_at < c.snapshot_date) as converted_before
    from candidates as c
    inner join {{ ref('int_scoring_goal_events') }} as ge
        on ge.goal_name = c.goal_name
        and ge.person_key = c.profile_key
    group by c.goal_name, c.snapshot_date, c.profile_key

),

labelled as (

    select
        c.goal_name,
        c.snapshot_date,
        c.profile_key,
        c.sample_weight,
        coalesce(o.converted_in_window, false) as label
    from candidates as c
    left join outcomes as o
        on o.goal_name = c.goal_name
        and o.snapshot_date = c.snapshot_date
        and o.profile_key = c.profile_key
    where not coalesce(o.converted_before, false)

),

final as (

    select
        l.goal_name || '/' || cast(l.snapshot_date as varchar) || '/' || l.profile_key as example_key,
        l.goal_name,
        l.snapshot_date,
        l.profile_key,
        l.label,
        l.sample_weight,
        f.* exclude (snapshot_key, snapshot_date, person_key)
    from labelled as l
    inner join {{ ref('int_scoring_person_snapshots') }} as f
        on f.snapshot_date = l.snapshot_date
        and f.person_key = l.profile_key

)

select * from final
