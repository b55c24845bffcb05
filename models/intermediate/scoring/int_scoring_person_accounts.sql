{{ config(materialized='table') }}
{#- The person -> account links scoring uses (account features of a person, person
    activity rolled up to accounts), in priority order: the person's own
    source_account_key, the CRM's account-person relations, then the matches of the
    lead-to-account job (lead_account_matches: the threshold is applied there once, so
    scoring sees exactly the links users see in account_person_relations_all).
    Links carry no history in the input contract, so the current links are used for past
    training snapshots too (restricted to persons and accounts created before them). -#}
with

persons as (

    select
        person_key,
        source_account_key
    from {{ ref('int_persons') }}

),

accounts as (

    select account_key from {{ ref('int_accounts') }}

),

source_account_links as (

    select
        p.person_key,
        p.source_account_key as account_key,
        'source_account_key' as link_source,
        1 as link_priority
    from persons as p
    inner join accounts as a on a.account_key = p.source_account_key

),

relation_links as (

    select
        person_key,
        account_key,
        coalesce(relationship_source, 'account_person_relations') as link_source,
        2 as link_priority
    from {{ ref('int_account_person_relations') }}

),

match_links as (

    select
        person_key,
        account_key,
        relationship_source as link_source,
        3 as link_priority
    from {{ ref('lead_account_matches') }}

),

all_links as (

    select * from source_account_links
    union all
    select * from relation_links
    union all
    select * from match_links

),

deduplicated as (

    select
        person_key,
        account_key,
        arg_min(link_source, link_priority) as link_source,
        min(link_priority) as link_priority
    from all_links
    group by person_key, account_key

),

final as (

    select
        person_key || '|' || account_key as person_account_key,
        person_key,
        account_key,
        link_source,
        row_number() over (
            partition by person_key order by link_priority, account_key
        ) = 1 as is_primary_account
    from deduplicated

)

select * from final
