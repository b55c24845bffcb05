{{ config(materialized='table') }}
{#- Account features at the past cutoffs of the sampled account training pairs
    (int_scoring_samples), rolled up from int_scoring_person_snapshots. Same feature
    SQL as the run-date features (macro scoring_account_features). -#}
{%- set requested -%}
    select
        snapshot_date,
        profile_key as account_key
    from {{ ref('int_scoring_samples') }}
    where model_type = 'account'
{%- endset -%}
{%- set person_features -%}
    select * exclude (snapshot_key) from {{ ref('int_scoring_person_snapshots') }}
{%- endset -%}
with

features as (

    {{ scoring_account_features(requested, person_features) }}

),

final as (

    select
        cast(snapshot_date as varchar) || '|' || account_key as snapshot_key,
        *
    from features

)

select * from final
