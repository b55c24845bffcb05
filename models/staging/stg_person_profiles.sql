with

source as (

    {{ raw_table('person_profiles') }}

),

renamed as (

    select
        -- ids
        {{ clean_string('person_key') }} as person_key,
        {{ clean_string('source_account_key') }} as source_account_key,

        -- attributes
        {{ clean_string('first_name') }} as first_name,
        {{ clean_string('last_name') }} as last_name,
        {{ normalize_email('work_email') }} as work_email,
        {{ email_host(normalize_email('work_email')) }} as email_host,
        {{ digits_only('work_phone') }} as work_phone_digits,
        {{ clean_string('job_title') }} as job_title,
        {{ clean_string('company_name') }} as company_name,
        {{ normalize_company_name('company_name') }} as company_name_normalized,
        {{ clean_string('company_website') }} as company_website,
        {{ url_host('company_website') }} as website_host,
        {{ normalize_text('work_country') }} as work_country_normalized,
        {{ normalize_text('work_city') }} as work_city_normalized,

        -- timestamps
        {{ parse_timestamp('created_date') }} as created_at,
        cast(created_date as varchar) as created_date_raw

    from source

),

checked as (

    select
        *,
        {{ profile_reject_reason('person_key') }} as reject_reason
    from renamed

)

select * from checked
