{#- a table, not a view: the duplicate check is a window over every event (20M at
    scale) that input_rejects and int_events would otherwise each recompute -#}
{{ config(materialized='table') }}

with

source as (

    {{ raw_table('experience_events') }}

),

renamed as (

    select
        -- ids
        {{ clean_string('event_id') }} as event_id,
        {{ clean_string('person_key') }} as person_key,
        {{ clean_string('opportunity_key') }} as opportunity_key,

        -- attributes
        {{ clean_string('event_type') }} as event_type,
        {{ clean_string('web_page_url') }} as web_page_url,
        {{ clean_string('converted_status') }} as converted_status,
        {{ clean_string('assign_to') }} as assign_to,
        {{ clean_string('attribute_name') }} as attribute_name,
        {{ clean_string('old_value') }} as old_value,
        {{ clean_string('new_value') }} as new_value,

        -- timestamps
        {{ parse_timestamp('"timestamp"') }} as event_at,
        cast("timestamp" as varchar) as timestamp_raw

    from source

),

checked as (

    select
        *,
        case
            when event_id is null then 'missing event_id'
            when person_key is null then 'missing person_key'
            when event_type is null then 'missing event_type'
            when event_at is null then 'unparseable or missing timestamp: ' || coalesce(timestamp_raw, 'null')
            -- hash(renamed): among identical keys and times, the same row on every run
            when row_number() over (partition by event_id order by event_at, person_key, hash(renamed)) > 1
                then 'duplicate event_id (the earliest row is kept)'
        end as reject_reason
    from renamed

)

select * from checked
