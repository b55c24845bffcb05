{#- All account-person relations: the CRM's relation table, the persons' own
    source_account_key, and the lead-to-account matches; relationship_source tells
    them apart. One row per (person, account, source). -#}
with

existing_relations as (

    select person_key, account_key, relationship_source, cast(null as double) as match_score
    from {{ ref('int_account_person_relations') }}

),

profile_associations as (

    select p.person_key, p.source_account_key as account_key,
        'person_profile' as relationship_source, cast(null as double) as match_score
    from {{ ref('int_persons') }} as p
    semi join {{ ref('int_accounts') }} as a on a.account_key = p.source_account_key

),

matches as (

    select person_key, account_key, relationship_source, match_score
    from {{ ref('lead_account_matches') }}

),

unioned as (

    select * from existing_relations
    union all
    select * from profile_associations
    union all
    select * from matches

),

final as (

    select
        md5(person_key || '|' || account_key || '|' || relationship_source) as relation_id,
        person_key,
        account_key,
        relationship_source,
        match_score
    from unioned

)

select * from final
