{#- Each account's web domain as its known contacts' work e-mails tell it: the
    registered domain that more than half of the account's contacts
    (int_account_contacts) with a corporate e-mail have it on. Free-mail domains say
    nothing about the employer and are left out. Account tables often lack the
    website that their contacts' e-mails carry; the related-accounts job links such
    accounts on this domain. -#}
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
        account_key,
        email_domain as contact_domain,
        contacts as contacts_on_domain,
        contacts_with_corporate_email
    from ranked
    where domain_rank = 1 and contacts * 2 > contacts_with_corporate_email

)

select * from final
