{#- Accounts in the matching layout shared with the leads (see b2b_enrich.matching).
    The account's web domain is its website's or, without a website that may link,
    the domain most of its contacts' work e-mails are on (int_account_domains).
    A domain that many differently named accounts use (a reseller's, a holding's
    shared portal, a hosting platform missing from the seed) identifies none of them
    and is blanked. -#}
with

accounts as (

    select
        a.*,
        d.web_domain as account_domain,
        d.web_domain_source as account_domain_source
    from {{ ref('int_accounts') }} as a
    left join {{ ref('int_account_domains') }} as d on d.account_key = a.account_key

),

specific_domains as (

    -- the domains used by at most var('shared_domain_max_account_names') different names
    select account_domain
    from accounts
    where account_domain is not null
    group by account_domain
    having count(distinct coalesce(account_name_core, account_key))
        <= {{ var('shared_domain_max_account_names') }}

),

final as (

    select
        a.account_key as record_id,
        a.account_key,
        a.parent_account_key,
        a.account_name_core as name_core,
        s.account_domain as web_domain,
        case when s.account_domain is not null then a.account_domain_source end
            as web_domain_source,
        a.country_code,
        a.city_normalized as city,
        a.phone_digits as phone,
        l.legal_systems,
        a.account_name_normalized as name_normalized,
        a.created_at
    from accounts as a
    left join specific_domains as s on s.account_domain = a.account_domain
    left join {{ ref('int_company_name_legal_systems') }} as l
        on l.name_normalized = a.account_name_normalized

)

select
    record_id,
    account_key,
    parent_account_key,
    name_core,
    {{ matching_keys('name_core', 'web_domain', 'name_normalized') }},
    web_domain as email_domain,
    web_domain,
    web_domain_source,
    country_code,
    city,
    phone,
    legal_systems,
    created_at
from final
