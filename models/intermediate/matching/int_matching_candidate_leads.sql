{#- Known lead profiles to match: a person_key, no source_account_key, no existing
    relation, and at least one of company name, company website, work e-mail. In the
    matching layout shared with the accounts (see b2b_enrich.matching). -#}
with

persons as (

    select * from {{ ref('int_matching_persons') }}

),

final as (

    select p.* exclude (source_account_key)
    from persons as p
    anti join {{ ref('int_account_person_relations') }} as r on r.person_key = p.person_key
    where p.source_account_key is null

)

select * from final
