{#- Each account's web domain, the one place that decides it: its website's, or where
    the account has no website that may link (none, or a hosting, platform or
    free-mail one), the domain its contacts' work e-mails are on
    (int_account_contact_domains). Matching and related accounts link on it. -#}
with

accounts as (

    select * from {{ ref('int_accounts') }}

),

contact_domains as (

    select * from {{ ref('int_account_contact_domains') }}

),

chosen as (

    select
        a.account_key,
        case when not a.website_is_shared then a.website_domain end as website_domain,
        c.contact_domain
    from accounts as a
    left join contact_domains as c on c.account_key = a.account_key

),

final as (

    select
        account_key,
        coalesce(website_domain, contact_domain) as web_domain,
        case
            when website_domain is not null then 'website'
            when contact_domain is not null then 'contacts'
        end as web_domain_source
    from chosen

)

select * from final
