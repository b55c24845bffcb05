{#- One row per person known at the run date: the profile, its account (the existing
    association from the profile or the CRM, else the lead-to-account match with its
    score and method), the account's name, industry and related-accounts group, and
    the person's scores per goal (person model) as columns: the table segments read. -#}
with

persons as (

    select
        person_key,
        source_account_key,
        first_name,
        last_name,
        work_email,
        email_domain,
        job_title,
        company_name,
        website_domain,
        work_country_code,
        work_city_normalized,
        created_at
    from {{ ref('int_persons') }}

),

relations as (

    select
        person_key,
        account_key,
        relationship_source,
        case
            when relationship_source = 'person_profile' then 1
            when relationship_source = 'lead_to_account_matching' then 3
            else 2
        end as association_priority
    from {{ ref('account_person_relations_all') }}

),

primary_accounts as (

    -- the profile's own account first, then the CRM's relations, then a match;
    -- ties (several CRM relations) go to the smallest account key
    select
        person_key,
        arg_min(account_key, [association_priority::varchar, account_key]) as account_key,
        arg_min(relationship_source, [association_priority::varchar, account_key])
            as account_relationship_source,
        count(distinct account_key) as related_account_count
    from relations
    group by person_key

),

matches as (

    select
        person_key,
        account_key,
        match_score,
        match_method,
        matched_at
    from {{ ref('lead_account_matches') }}

),

accounts as (

    select
        account_key,
        account_name,
        industry,
        country_code
    from {{ ref('int_accounts') }}

),

account_groups as (

    select
        account_key,
        group_id,
        group_size
    from {{ ref('related_accounts') }}

),

scores as (

    {{ profile_goal_scores('person') }}

),

final as (

    select
        -- ids
        p.person_key,
        p.source_account_key,
        pa.account_key,
        -- account association
        case
            when pa.account_relationship_source = 'lead_to_account_matching' then 'matched'
            when pa.account_key is not null then 'existing'
            else 'none'
        end as account_association,
        pa.account_relationship_source,
        coalesce(pa.related_account_count, 0) as related_account_count,
        m.match_score,
        m.match_method,
        m.matched_at,
        a.account_name,
        a.industry as account_industry,
        a.country_code as account_country_code,
        g.group_id as account_group_id,
        g.group_size as account_group_size,
        -- attributes
        p.first_name,
        p.last_name,
        p.work_email,
        p.email_domain,
        p.job_title,
        p.company_name,
        p.website_domain,
        p.work_country_code,
        p.work_city_normalized,
        -- scores
        {{- goal_score_column_list('person', 's.') }}
        s.score_date,
        -- timestamps
        p.created_at,
        {{ run_date_literal() }} as run_date
    from persons as p
    left join primary_accounts as pa on pa.person_key = p.person_key
    left join matches as m
        on m.person_key = p.person_key
        and m.account_key = pa.account_key
        and pa.account_relationship_source = 'lead_to_account_matching'
    left join accounts as a on a.account_key = pa.account_key
    left join account_groups as g on g.account_key = pa.account_key
    left join scores as s on s.profile_key = p.person_key

)

select * from final
