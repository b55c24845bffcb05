{#- Every raw row that breaks the input contract, with the table, its key and why. Rows
    of persons/accounts created after the run date are not rejects (they do not exist
    yet for that run) and are not listed. -#}
with

staged_rejects as (

    select 'person_profiles' as source_table, person_key as record_key, reject_reason
    from {{ ref('stg_person_profiles') }} where reject_reason is not null
    union all
    select 'account_profiles', account_key, reject_reason
    from {{ ref('stg_account_profiles') }} where reject_reason is not null
    union all
    select 'experience_events', event_id, reject_reason
    from {{ ref('stg_experience_events') }} where reject_reason is not null
    union all
    select 'account_person_relations', person_key || ' -> ' || account_key, reject_reason
    from {{ ref('stg_account_person_relations') }} where reject_reason is not null

),

orphan_events as (

    select 'experience_events' as source_table, e.event_id as record_key,
        'unknown person_key: ' || e.person_key as reject_reason
    from {{ ref('stg_experience_events') }} as e
    anti join {{ ref('stg_person_profiles') }} as p on p.person_key = e.person_key
    where e.reject_reason is null

),

orphan_relations as (

    select 'account_person_relations' as source_table,
        r.person_key || ' -> ' || r.account_key as record_key,
        case
            when p.person_key is null then 'person_key not among valid person profiles: ' || r.person_key
            else 'account_key not among valid account profiles: ' || r.account_key
        end as reject_reason
    from {{ ref('stg_account_person_relations') }} as r
    left join {{ ref('stg_person_profiles') }} as p
        on p.person_key = r.person_key and p.reject_reason is null
    left join {{ ref('stg_account_profiles') }} as a
        on a.account_key = r.account_key and a.reject_reason is null
    where r.reject_reason is null and (p.person_key is null or a.account_key is null)

),

unioned as (

    select * from staged_rejects
    union all
    select * from orphan_events
    union all
    select * from orphan_relations

),

final as (

    select
        md5(source_table || '|' || coalesce(record_key, '') || '|' || reject_reason
            || '|' || row_number() over (partition by source_table, record_key, reject_reason)) as reject_id,
        source_table,
        record_key,
        reject_reason,
        cast('{{ run_date() }}' as date) as run_date
    from unioned

)

select * from final
