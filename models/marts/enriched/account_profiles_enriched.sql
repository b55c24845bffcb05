{#- One row per account known at the run date: the profile, its scores per goal
    (account model) as columns, its related-accounts group and list, and how many
    persons it has, known from the CRM / profiles or matched by the lead-to-account
    job: the table account segments and BI tools read. -#}
with

accounts as (

    select
        account_key,
        parent_account_key,
        account_name,
        website_domain,
        industry,
        number_of_employees,
        annual_revenue,
        country_code,
        city_normalized,
        created_at
    from {{ ref('int_accounts') }}

),

related as (

    select
        account_key,
        group_id,
        group_size,
        related_account_keys,
        reasons,
        ultimate_parent_key
    from {{ ref('related_accounts') }}

),

person_counts as (

    select
        account_key,
        count(distinct person_key) filter (
            where relationship_source <> 'lead_to_account_matching'
        ) as known_persons,
        count(distinct person_key) filter (
            where relationship_source = 'lead_to_account_matching'
        ) as matched_persons,
        count(distinct person_key) as total_persons
    from {{ ref('account_person_relations_all') }}
    group by account_key

),

scores as (

    {{ profile_goal_scores('account') }}

),

final as (

    select
        -- ids
        a.account_key,
        a.parent_account_key,
        -- attributes
        a.account_name,
        a.website_domain,
        a.industry,
        a.number_of_employees,
        a.annual_revenue,
        a.country_code,
        a.city_normalized,
        -- related accounts
        r.group_id as related_group_id,
        coalesce(r.group_size, 1) as related_group_size,
        coalesce(r.related_account_keys, []::varchar[]) as related_account_keys,
        coalesce(r.reasons, []::varchar[]) as related_reasons,
        r.ultimate_parent_key,
        -- persons
        coalesce(pc.known_persons, 0) as known_persons,
        coalesce(pc.matched_persons, 0) as matched_persons,
        coalesce(pc.total_persons, 0) as total_persons,
        -- scores
        {{- goal_score_column_list('account', 's.') }}
        s.score_date,
        -- timestamps
        a.created_at,
        {{ run_date_literal() }} as run_date
    from accounts as a
    left join related as r on r.account_key = a.account_key
    left join person_counts as pc on pc.account_key = a.account_key
    left join scores as s on s.profile_key = a.account_key

)

select * from final
