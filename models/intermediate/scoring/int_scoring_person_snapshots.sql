{{ config(materialized='table') }}
{#- Person features at the past cutoffs of the training pairs (int_scoring_samples):
    persons sampled for the person models and the persons of accounts sampled for the
    account models. Same feature SQL as the run-date features (macro
    scoring_person_features), data from before each cutoff only. -#}
{%- set requested -%}
    select
        snapshot_date,
        profile_key as person_key
    from {{ ref('int_scoring_samples') }}
    where model_type = 'person'

    union

    select
        s.snapshot_date,
        links.person_key
    from {{ ref('int_scoring_samples') }} as s
    inner join {{ ref('int_scoring_person_accounts') }} as links
        on links.account_key = s.profile_key
    where s.model_type = 'account'
{%- endset -%}
with

features as (

    {{ scoring_person_features(requested) }}

),

final as (

    select
        cast(snapshot_date as varchar) || '|' || person_key as snapshot_key,
        *
    from features

)

select * from final
