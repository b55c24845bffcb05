{#- Valid account profiles as of the run date, with registered website domain, ISO
    country and the account-name core. -#}
with

accounts as (

    select * from {{ ref('stg_account_profiles') }}
    where reject_reason is null
        and created_at < {{ run_date_literal() }}

),

final as (

    select
        a.account_key,
        a.parent_account_key,
        a.account_name,
        a.account_name_normalized,
        names.name_core as account_name_core,
        a.website,
        domain.registered_domain as website_domain,
        coalesce(domain.is_platform or domain.is_free_mail, false) as website_is_shared,
        a.industry,
        a.number_of_employees,
        a.annual_revenue,
        a.country_normalized,
        country.country_code,
        a.city_normalized,
        a.phone_digits,
        a.created_at
    from accounts as a
    left join {{ ref('int_domains') }} as domain on domain.host = a.website_host
    left join {{ ref('int_company_name_cores') }} as names on names.name_normalized = a.account_name_normalized
    left join {{ ref('int_country_aliases') }} as country on country.alias_normalized = a.country_normalized

)

select * from final
