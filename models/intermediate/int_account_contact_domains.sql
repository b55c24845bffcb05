{#- Each account's web domain as its known contacts' work e-mails tell it: the
    registered domain that more than half of the account's contacts
    (int_account_contacts) with a corporate e-mail have it on. Free-mail domains say
    nothing about the employer and are left out, and so is a domain whose contacts
    work at more than var('shared_domain_max_account_names') differently named
    accounts. Account tables often lack the website that their contacts' e-mails
    carry; int_account_domains takes this domain where the account has no website
    that may link. -#}
with

persons as (

    select * from {{ ref('int_persons') }}

),

domain_contacts as (

    select
        r.account_key,
        p.email_domain,
        count(*) as contacts
    from {{ ref('int_account_contacts') }} as r
    inner join persons as p on p.person_key = r.person_key
    where p.email_domain is not null and not p.email_is_free_mail
    group by r.account_key, p.email_domain

),

domain_reach as (

    -- a domain whose contacts work at many differently named accounts is a mailbox
    -- provider missing from the free-mail seed ('mail.dk', 'telia.com') or a shared
    -- host, not one company's domain
    select
        d.email_domain,
        count(distinct coalesce(a.account_name_core, a.account_key)) as account_names
    from domain_contacts as d
    inner join {{ ref('int_accounts') }} as a on a.account_key = d.account_key
    group by d.email_domain

),

ranked as (

    select
        *,
        sum(contacts) over (partition by account_key) as contacts_with_corporate_email,
        row_number() over (
            partition by account_key order by contacts desc, email_domain
        ) as domain_rank
    from domain_contacts

),

final as (

    select
        r.account_key,
        r.email_domain as contact_domain,
        r.contacts as contacts_on_domain,
        r.contacts_with_corporate_email,
        d.account_names as domain_account_names
    from ranked as r
    inner join domain_reach as d on d.email_domain = r.email_domain
    where r.domain_rank = 1
        and r.contacts * 2 > r.contacts_with_corporate_email
        and d.account_names <= {{ var('shared_domain_max_account_names') }}

)

select * from final
