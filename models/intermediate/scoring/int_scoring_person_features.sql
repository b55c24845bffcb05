{{ config(materialized='table') }}
{#- Person features as of the run date: what the person models score every run.
    Same feature SQL as the training snapshots (macro scoring_person_features); with
    one snapshot date for everyone, each person's events are aggregated without a join. -#}
{%- set requested -%}
    select
        {{ run_date_literal() }} as snapshot_date,
        person_key
    from {{ ref('int_persons') }}
{%- endset -%}
with

features as (

    {{ scoring_person_features(requested, snapshot_date=run_date_literal()) }}

),

final as (

    select
        person_key as profile_key,
        * exclude (person_key)
    from features

)

select * from final
