{#- Persons the export already relates to exactly one account (a CRM relation or the
    profile's own source_account_key), in the matching layout, with that account: the
    probabilistic tier learns from them how this export's people really type their
    company (typos, department and site words, the brand alone), beside the
    deterministic tier's confident matches. A person related to two accounts says
    nothing certain about either and is left out. -#}
with

persons as (

    select * from {{ ref('int_matching_persons') }}

),

one_account as (

    select person_key, min(account_key) as account_key
    from {{ ref('int_account_contacts') }}
    group by person_key
    having count(distinct account_key) = 1

),

final as (

    select p.* exclude (source_account_key), o.account_key
    from persons as p
    inner join one_account as o on o.person_key = p.person_key
    inner join {{ ref('int_matching_accounts') }} as a on a.account_key = o.account_key

)

select * from final
