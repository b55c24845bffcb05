{#- Every person with matching evidence (a company name, website or work e-mail) in
    the matching layout shared with the accounts (see b2b_enrich.matching), with the
    account its own profile names (source_account_key). The leads to match and the
    persons the CRM already relates to an account both come from here. -#}
{{ config(materialized='view') }}

with

persons as (

    select * from {{ ref('int_persons') }}
    where company_name_core is not null or website_domain is not null
        or work_email is not null

),

legal_systems as (

    select * from {{ ref('int_company_name_legal_systems') }}

),

final as (

    select
        p.person_key as record_id,
        p.person_key,
        p.source_account_key,
        p.company_name_core as name_core,
        case when not p.email_is_free_mail then p.email_domain end as email_domain,
        case when not p.website_is_shared then p.website_domain end as web_domain,
        p.work_country_code as country_code,
        p.work_city_normalized as city,
        p.work_phone_digits as phone,
        s.legal_systems,
        p.company_name_normalized as name_normalized
    from persons as p
    left join legal_systems as s on s.name_normalized = p.company_name_normalized

)

select
    * exclude (name_normalized),
    {{ matching_keys('name_core', 'coalesce(email_domain, web_domain)', 'name_normalized') }}
from final
