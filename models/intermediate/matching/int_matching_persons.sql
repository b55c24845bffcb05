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

final as (

    select
        person_key as record_id,
        person_key,
        source_account_key,
        company_name_core as name_core,
        case when not email_is_free_mail then email_domain end as email_domain,
        case when not website_is_shared then website_domain end as web_domain,
        work_country_code as country_code,
        work_city_normalized as city,
        work_phone_digits as phone
    from persons

)

select
    *,
    {{ matching_keys('name_core', 'coalesce(email_domain, web_domain)') }}
from final
