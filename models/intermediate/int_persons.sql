{#- Valid person profiles as of the run date, with registered domains, ISO country and
    the company-name core resolved against the reference seeds. -#}
with

persons as (

    select * from {{ ref('stg_person_profiles') }}
    where reject_reason is null
        and created_at < {{ run_date_literal() }}

),

final as (

    select
        p.person_key,
        p.source_account_key,
        p.first_name,
        p.last_name,
        p.work_email,
        p.email_host,
        email_domain.registered_domain as email_domain,
        coalesce(email_domain.is_free_mail, false) as email_is_free_mail,
        p.company_website,
        website_domain.registered_domain as website_domain,
        coalesce(website_domain.is_platform or website_domain.is_free_mail, false) as website_is_shared,
        p.company_name,
        p.company_name_normalized,
        names.name_core as company_name_core,
        p.job_title,
        p.work_country_normalized,
        country.country_code as work_country_code,
        p.work_city_normalized,
        p.work_phone_digits,
        p.created_at
    from persons as p
    left join {{ ref('int_domains') }} as email_domain on email_domain.host = p.email_host
    left join {{ ref('int_domains') }} as website_domain on website_domain.host = p.website_host
    left join {{ ref('int_company_name_cores') }} as names on names.name_normalized = p.company_name_normalized
    left join {{ ref('int_country_aliases') }} as country on country.alias_normalized = p.work_country_normalized

)

select * from final
