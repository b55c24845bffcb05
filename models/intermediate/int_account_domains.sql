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

final as (

    select
        a.account_key,
        case
            when a.website_domain is not null and not a.website_is_shared
                then a.website_domain
            else c.contact_domain
        end as web_domain,
        case
            when a.website_domain is not null and not a.website_is_shared
                then 'website'
            when c.contact_domain is not null then 'contacts'
        end as web_domain_source
    from accounts as a
    left join contact_domains as c on c.account_key = a.account_key

)

select * from final
