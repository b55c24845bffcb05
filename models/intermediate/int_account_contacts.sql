{#- The persons the export itself relates to an account: its CRM relations and the
    profiles' own source account (when that account is known at the run date). One
    row per person and account. -#}
with

relations as (

    select person_key, account_key from {{ ref('int_account_person_relations') }}
    union
    select p.person_key, p.source_account_key
    from {{ ref('int_persons') }} as p
    semi join {{ ref('int_accounts') }} as a on a.account_key = p.source_account_key

)

select * from relations
