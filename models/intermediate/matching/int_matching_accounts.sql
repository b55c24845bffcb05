{#- Accounts in the matching layout shared with the leads (see b2b_enrich.matching).
    A website domain that many differently named accounts use (a reseller's, a
    holding's shared portal, a hosting platform missing from the seed) identifies none
    of them and is blanked. -#}
with

accounts as (

    select * from {{ ref('int_accounts') }}

),

domain_usage as (

    select
        website_domain,
        count(distinct coalesce(account_name_core, account_key)) as distinct_names
    from accounts
    where website_domain is not null
    group by website_domain

),

final as (

    select
        a.account_key as record_id,
        a.account_key,
        a.parent_account_key,
        a.account_name_core as name_core,
        case
            when not a.website_is_shared
                and u.distinct_names <= {{ var('shared_domain_max_account_names') }}
            then a.website_domain
        end as web_domain,
        a.country_code,
        a.city_normalized as city,
        a.phone_digits as phone,
        a.created_at
    from accounts as a
    left join domain_usage as u on u.website_domain = a.website_domain

)

select
    record_id,
    account_key,
    parent_account_key,
    name_core,
    {{ matching_keys('name_core', 'web_domain') }},
    web_domain as email_domain,
    web_domain,
    country_code,
    city,
    phone,
    created_at
from final
