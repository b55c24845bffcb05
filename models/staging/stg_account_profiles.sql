with

source as (

    {{ raw_table('account_profiles') }}

),

renamed as (

    select
        -- ids
        {{ clean_string('account_key') }} as account_key,
        {{ clean_string('parent_account_key') }} as parent_account_key,

        -- attributes
        {{ clean_string('account_name') }} as account_name,
        {{ normalize_company_name('account_name') }} as account_name_normalized,
        {{ clean_string('website') }} as website,
        {{ url_host('website') }} as website_host,
        {{ clean_string('industry') }} as industry,
        try_cast(number_of_employees as bigint) as number_of_employees,
        try_cast(annual_revenue as double) as annual_revenue,
        {{ normalize_text('country') }} as country_normalized,
        {{ normalize_text('city') }} as city_normalized,
        {{ digits_only('phone') }} as phone_digits,

        -- timestamps
        {{ parse_timestamp('created_date') }} as created_at,
        cast(created_date as varchar) as created_date_raw

    from source

),

checked as (

    select
        *,
        {{ profile_reject_reason('account_key') }} as reject_reason
    from renamed

)

select * from checked
