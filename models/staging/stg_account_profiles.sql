with

source as (

    select * from {{ source('raw', 'account_profiles') }}

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
        case
            when account_key is null then 'missing account_key'
            when created_at is null then 'unparseable or missing created_date: ' || coalesce(created_date_raw, 'null')
            when row_number() over (
                partition by account_key order by created_at desc, created_date_raw
            ) > 1 then 'duplicate account_key (the most recently created row is kept)'
        end as reject_reason
    from renamed

)

select * from checked
