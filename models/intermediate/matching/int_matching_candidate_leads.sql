{#- Known lead profiles to match: a person_key, no source_account_key, no existing
    relation, and at least one of company name, company website, work e-mail. In the
    matching layout shared with the accounts (see b2b_enrich.matching). -#}
with

persons as (

    select * from {{ ref('int_persons') }}

),

unassociated as (

    select p.*
    from persons as p
    anti join {{ ref('int_account_person_relations') }} as r on r.person_key = p.person_key
    where p.source_account_key is null
        and (p.company_name_core is not null or p.website_domain is not null
            or p.work_email is not null)

),

final as (

    select
        person_key as record_id,
        person_key,
        company_name_core as name_core,
        case when not email_is_free_mail then email_domain end as email_domain,
        case when not website_is_shared then website_domain end as web_domain,
        work_country_code as country_code,
        work_city_normalized as city,
        work_phone_digits as phone
    from unassociated

)

select
    *,
    {{ matching_keys('name_core', 'coalesce(email_domain, web_domain)') }}
from final
