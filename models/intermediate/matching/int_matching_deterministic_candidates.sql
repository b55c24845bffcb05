{#- (lead, account) pairs of the deterministic tier, with the evidence the tie-break
    weighs. Exact rules link a lead to accounts:
    - email_domain: the lead's business e-mail domain is the account's web domain (its
      website's, or the one its contacts' e-mails are on: int_matching_accounts)
    - website_domain: the lead's company website domain is the account's
    - company_name: equal name cores, countries not in conflict, and the lead's business
      domain (if any) not pointing to another corporate family unless the countries
      agree (a look-alike abroad with its own domain is not the same company); legal
      forms of no common legal system ('rice wireless ab', 'rice wireless inc') name
      two legal entities, linked only where both sides give the same country
    Free-mail, ISP and platform domains never link (blanked upstream). Because people
    at subsidiaries often write the group's domain, every account of a linked corporate
    family becomes a candidate; the tie-break then picks the entity by name, country and
    city. -#}
with

leads as (

    select * from {{ ref('int_matching_candidate_leads') }}

),

accounts as (

    select
        a.*,
        h.family_key
    from {{ ref('int_matching_accounts') }} as a
    inner join {{ ref('int_account_hierarchy') }} as h on h.account_key = a.account_key

),

domain_links as (

    select l.person_key, a.account_key, a.family_key, 'email_domain' as rule
    from leads as l
    inner join accounts as a on a.web_domain = l.email_domain
    union all
    select l.person_key, a.account_key, a.family_key, 'website_domain'
    from leads as l
    inner join accounts as a on a.web_domain = l.web_domain

),

domain_families as (

    select distinct person_key, family_key from domain_links

),

name_links as (

    select l.person_key, a.account_key, a.family_key, 'company_name' as rule
    from leads as l
    inner join accounts as a
        on a.name_core = l.name_core
        and (l.country_code is null or a.country_code is null or l.country_code = a.country_code)
        and (l.country_code = a.country_code
            or l.legal_systems is null or a.legal_systems is null
            or list_has_any(string_split(l.legal_systems, ' '), string_split(a.legal_systems, ' ')))
    left join domain_families as df
        on df.person_key = l.person_key and df.family_key = a.family_key
    where a.web_domain is null
        or coalesce(l.email_domain, l.web_domain) is null
        or a.web_domain in (l.email_domain, l.web_domain)
        or df.family_key is not null
        or l.country_code = a.country_code

),

links as (

    select * from domain_links
    union all
    select * from name_links

),

linked_families as (

    select
        person_key,
        family_key,
        bool_or(rule in ('email_domain', 'website_domain')) as family_linked_by_domain
    from links
    group by person_key, family_key

),

family_candidates as (

    select lf.person_key, a.account_key, lf.family_linked_by_domain
    from linked_families as lf
    inner join accounts as a on a.family_key = lf.family_key

),

pairs as (

    select
        fc.person_key,
        fc.account_key,
        fc.family_linked_by_domain,
        coalesce(bool_or(lk.rule = 'email_domain'), false) as email_domain_agrees,
        coalesce(bool_or(lk.rule = 'website_domain'), false) as website_domain_agrees,
        coalesce(bool_or(lk.rule = 'company_name'), false) as company_name_agrees
    from family_candidates as fc
    left join links as lk on lk.person_key = fc.person_key and lk.account_key = fc.account_key
    group by fc.person_key, fc.account_key, fc.family_linked_by_domain

),

scored as (

    select
        p.person_key,
        p.account_key,
        p.email_domain_agrees,
        p.website_domain_agrees,
        p.company_name_agrees,
        p.family_linked_by_domain,
        a.web_domain_source as account_domain_source,
        l.country_code = a.country_code as country_agrees,
        l.city = a.city as city_agrees,
        coalesce(jaro_winkler_similarity(l.name_core, a.name_core), 0) as name_similarity,
        -- a typo away, or the account's full name plus extra words ('acme labs emea')
        not p.company_name_agrees and (
            coalesce(jaro_winkler_similarity(l.name_core, a.name_core), 0) >= 0.92
            or (len(string_split(a.name_core, ' ')) >= 2
                and list_has_all(string_split(l.name_core, ' '), string_split(a.name_core, ' ')))
        ) as company_name_close,
        a.parent_account_key is null as is_top_level_account,
        a.name_core as account_name_core,
        a.created_at as account_created_at
    from pairs as p
    inner join leads as l on l.person_key = p.person_key
    inner join accounts as a on a.account_key = p.account_key

),

final as (

    select
        *,
        -- documented tie-break: equal names > close names > country (a different
        -- country costs) > similar names > own domain > city > top of the hierarchy;
        -- a family reached through the lead's domain beats one reached by name alone
        4 * company_name_agrees::int
            + 3 * coalesce(company_name_close, false)::int
            + 2 * coalesce(country_agrees, false)::int
            - coalesce(not country_agrees, false)::int
            + 1.5 * name_similarity
            + (email_domain_agrees or website_domain_agrees)::int
            + coalesce(city_agrees, false)::int
            + 0.25 * is_top_level_account::int
            + 2 * family_linked_by_domain::int as tie_break_score
    from scored

)

select * from final
