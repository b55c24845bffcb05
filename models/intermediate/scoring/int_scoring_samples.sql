{{ config(materialized='table') }}
{#- The (profile, snapshot) pairs used as training examples, per model type.
    Every pair with a goal conversion in a goal's label window is kept (weight 1); the
    other pairs are sampled with a deterministic hash down to scoring_max_training_examples
    per model type and carry weight 1 / sampling rate. The weighted sample stands for
    all pairs, so training cost stays flat as profiles and history grow. -#}
{%- set budget = var('scoring_max_training_examples') -%}
with

goal_cutoffs as (

    select
        goal_name,
        model_type,
        snapshot_date,
        label_window_end
    from {{ ref('int_scoring_goal_cutoffs') }}

),

cutoffs as (

    select distinct
        model_type,
        snapshot_date
    from goal_cutoffs

),

goal_events as (

    select
        goal_name,
        person_key,
        event_at
    from {{ ref('int_scoring_goal_events') }}

),

person_pairs as (

    select
        c.snapshot_date,
        p.person_key as profile_key
    from {{ ref('int_persons') }} as p
    inner join cutoffs as c
        on c.model_type = 'person'
        and p.created_at < c.snapshot_date

),

account_pairs as (

    select
        c.snapshot_date,
        a.account_key as profile_key
    from {{ ref('int_accounts') }} as a
    inner join cutoffs as c
        on c.model_type = 'account'
        and a.created_at < c.snapshot_date

),

person_positive_pairs as (

    select distinct
        gc.snapshot_date,
        ge.person_key as profile_key
    from goal_events as ge
    inner join goal_cutoffs as gc
        on gc.model_type = 'person'
        and gc.goal_name = ge.goal_name
        and ge.event_at >= gc.snapshot_date
        and ge.event_at < gc.label_window_end

),

account_positive_pairs as (

    select distinct
        gc.snapshot_date,
        links.account_key as profile_key
    from goal_events as ge
    inner join {{ ref('int_scoring_person_accounts') }} as links
        on links.person_key = ge.person_key
    inner join goal_cutoffs as gc
        on gc.model_type = 'account'
        and gc.goal_name = ge.goal_name
        and ge.event_at >= gc.snapshot_date
        and ge.event_at < gc.label_window_end

),

pairs as (

    select
        'person' as model_type,
        pp.snapshot_date,
        pp.profile_key,
        pos.profile_key is not null as is_positive_stratum
    from person_pairs as pp
    left join person_positive_pairs as pos
        on pos.snapshot_date = pp.snapshot_date
        and pos.profile_key = pp.profile_key

    union all

    select
        'account' as model_type,
        ap.snapshot_date,
        ap.profile_key,
        pos.profile_key is not null as is_positive_stratum
    from account_pairs as ap
    left join account_positive_pairs as pos
        on pos.snapshot_date = ap.snapshot_date
        and pos.profile_key = ap.profile_key

),

rates as (

    select
        model_type,
        least(
            1.0,
            greatest({{ budget }} - count(*) filter (where is_positive_stratum), {{ budget }} * 0.2)
            / greatest(count(*) filter (where not is_positive_stratum), 1)
        ) as sampling_rate
    from pairs
    group by model_type

),

sampled as (

    select
        pairs.model_type,
        pairs.snapshot_date,
        pairs.profile_key,
        pairs.is_positive_stratum,
        rates.sampling_rate
    from pairs
    inner join rates on rates.model_type = pairs.model_type
    where pairs.is_positive_stratum
        or hash(pairs.profile_key || '|' || cast(pairs.snapshot_date as varchar)) % 1000000
            < rates.sampling_rate * 1000000

),

final as (

    select
        model_type || '/' || cast(snapshot_date as varchar) || '/' || profile_key as sample_key,
        model_type,
        snapshot_date,
        profile_key,
        is_positive_stratum,
        case when is_positive_stratum then 1.0 else 1.0 / sampling_rate end as sample_weight
    from sampled

)

select * from final
