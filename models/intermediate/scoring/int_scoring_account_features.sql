{{ config(materialized='table') }}
{#- Account features as of the run date: what the account models score every run,
    rolled up from int_scoring_person_features. Same feature SQL as the training
    snapshots (macro scoring_account_features). -#}
{%- set requested -%}
    select
        {{ run_date_literal() }} as snapshot_date,
        account_key
    from {{ ref('int_accounts') }}
{%- endset -%}
{%- set person_features -%}
    select
        profile_key as person_key,
        * exclude (profile_key)
    from {{ ref('int_scoring_person_features') }}
{%- endset -%}
with

features as (

    {{ scoring_account_features(requested, person_features) }}

),

final as (

    select
        account_key as profile_key,
        * exclude (account_key)
    from features

)

select * from final
