{#- Valid existing relations whose person and account are both known at the run date. -#}
with

relations as (

    select * from {{ ref('stg_account_person_relations') }}
    where reject_reason is null

),

final as (

    select
        r.person_key,
        r.account_key,
        r.relationship_source
    from relations as r
    semi join {{ ref('int_persons') }} as p on p.person_key = r.person_key
    semi join {{ ref('int_accounts') }} as a on a.account_key = r.account_key

)

select * from final
