{{ config(materialized='incremental', on_schema_change='fail') }}
{#- One row per run of the related-accounts job: accounts read, accounts placed in a
    group with others, and group-size statistics (groups, largest, mean, histogram,
    edges per reason) as JSON text. Appends a row per dbt invocation, with the same
    columns as the other jobs' logs so they union into enrichment_job_runs. -#}
with

accounts_read as (

    -- what the job had to go on: a kind of evidence no account carries leaves the
    -- job running on the rest (status partial, with the reason), never failing
    select
        count(*) as profiles_read,
        count(parent_account_key) as with_parent,
        count(linking_domain) as with_domain,
        count(linking_domain) filter (where website_domain_source = 'contacts')
            as with_contact_domain,
        count(name_stem) as with_name,
        count(phone_key) as with_phone,
        count(city_normalized) as with_city,
        count(distinct country_code) as countries
    from {{ ref('int_related_account_profiles') }}

),

missing_evidence as (

    select
        list_filter([
            case when with_parent = 0 then 'no parent links' end,
            case when with_domain = 0 then 'no usable website domains' end,
            case when with_name = 0 then 'no account names' end
        ], lambda x: x is not null) as missing_links,
        list_filter([
            case when with_parent > 0 then 'parent links' end,
            case when with_domain > 0 then 'web domains' end,
            case when with_name > 0 then 'names' end
        ], lambda x: x is not null) as present_links,
        list_filter([
            case
                when with_domain > 0 and with_domain = with_contact_domain
                then 'no usable websites (web domains from contacts'' e-mails only)'
            end,
            case when with_phone = 0 then 'no phones' end,
            case when with_city = 0 then 'no cities' end,
            case when countries <= 1 then 'one country or none' end
        ], lambda x: x is not null) as missing_corroboration
    from accounts_read

),

groups as (

    select
        group_id,
        max(group_size) as group_size
    from {{ ref('related_accounts') }}
    group by group_id

),

group_stats as (

    select
        count(*) as groups,
        count(*) filter (where group_size > 1) as groups_with_related,
        coalesce(sum(group_size), 0) as accounts_in_output,
        coalesce(sum(group_size) filter (where group_size > 1), 0) as profiles_processed,
        coalesce(max(group_size), 0) as largest_group,
        round(avg(group_size), 4) as mean_group_size,
        round(avg(group_size) filter (where group_size > 1), 4) as mean_related_group_size,
        count(*) filter (where group_size = 1) as size_1,
        count(*) filter (where group_size = 2) as size_2,
        count(*) filter (where group_size between 3 and 5) as size_3_5,
        count(*) filter (where group_size between 6 and 10) as size_6_10,
        count(*) filter (where group_size between 11 and 20) as size_11_20,
        count(*) filter (where group_size between 21 and 50) as size_21_50,
        count(*) filter (where group_size between 51 and 100) as size_51_100,
        count(*) filter (where group_size > 100) as size_over_100
    from groups

),

edge_counts as (

    select
        (
            select count(*) from {{ ref('int_related_account_profiles') }}
            where parent_account_key is not null
        ) as parent_edges,
        count(*) filter (where reason = 'domain') as domain_edges,
        count(*) filter (where reason = 'name' and not is_exclusive) as similar_name_edges,
        count(*) filter (where reason = 'name' and is_exclusive) as regional_arm_edges
    from {{ ref('int_related_account_edges') }}

),

relations as (

    -- related pairs in the output by the reason they were grouped for
    select
        count(*) filter (where relation.reason = 'parent') as parent_relations,
        count(*) filter (where relation.reason = 'domain') as domain_relations,
        count(*) filter (where relation.reason = 'name') as name_relations
    from {{ ref('related_accounts') }}
    cross join unnest(related_accounts_detail) as related(relation)

),

final as (

    select
        'related_accounts' as job_name,
        cast(null as varchar) as job_part,
        {{ run_date_literal() }} as run_date,
        case
            when r.profiles_read <= 1 then 'skipped'
            when s.accounts_in_output <> r.profiles_read then 'failed'
            when len(m.missing_links) > 0 then 'partial'
            else 'success'
        end as status,
        case
            when r.profiles_read = 0 then 'no account profiles created before the run date'
            when r.profiles_read = 1 then 'a single account: nothing to relate'
            when s.accounts_in_output <> r.profiles_read
            then 'related_accounts has ' || s.accounts_in_output || ' accounts, '
                || r.profiles_read || ' were read'
            when len(m.missing_links) + len(m.missing_corroboration) > 0
            then array_to_string(list_concat(m.missing_links, m.missing_corroboration), ', ')
                || case
                    when len(m.missing_links) = 3 then ': every account is its own group'
                    when len(m.missing_links) > 0
                    then ': related on ' || array_to_string(m.present_links, ', ') || ' only'
                    else ': name links rest on the other signals'
                end
        end as status_reason,
        cast('{{ run_started_at }}' as timestamp) as started_at,
        cast(current_timestamp as timestamp) as finished_at,
        cast(r.profiles_read as bigint) as profiles_read,
        cast(s.profiles_processed as bigint) as profiles_processed,
        cast(json_object(
            'groups', s.groups,
            'groups_with_related', s.groups_with_related,
            'largest_group', s.largest_group,
            'mean_group_size', s.mean_group_size,
            'mean_related_group_size', s.mean_related_group_size,
            'group_size_histogram', json_object(
                '1', s.size_1, '2', s.size_2, '3-5', s.size_3_5, '6-10', s.size_6_10,
                '11-20', s.size_11_20, '21-50', s.size_21_50, '51-100', s.size_51_100,
                '101+', s.size_over_100
            ),
            'accounts_with_web_domain', r.with_domain,
            'accounts_with_web_domain_from_contacts', r.with_contact_domain,
            'edges_per_reason', json_object(
                'parent', e.parent_edges,
                'domain', e.domain_edges,
                'name', e.similar_name_edges + e.regional_arm_edges,
                'name_similar', e.similar_name_edges,
                'name_regional_arm', e.regional_arm_edges
            ),
            'related_pairs_per_reason', json_object(
                'parent', rel.parent_relations,
                'domain', rel.domain_relations,
                'name', rel.name_relations
            ),
            'missing_evidence', list_concat(m.missing_links, m.missing_corroboration),
            'related_name_similarity_threshold', {{ var('related_name_similarity_threshold') }},
            'shared_domain_max_account_names', {{ var('shared_domain_max_account_names') }}
        ) as varchar) as metrics,
        cast(null as date) as next_scoring_date,
        cast(null as date) as next_training_date
    from accounts_read as r
    cross join missing_evidence as m
    cross join group_stats as s
    cross join edge_counts as e
    cross join relations as rel

)

select * from final
