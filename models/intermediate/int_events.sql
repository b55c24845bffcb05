{{ config(materialized='view') }}
{#- Valid events before the run date of persons known at the run date. -#}
with

events as (

    select * from {{ ref('stg_experience_events') }}
    where reject_reason is null
        and event_at < {{ run_date_literal() }}

),

final as (

    select
        e.event_id,
        e.person_key,
        e.event_type,
        e.web_page_url,
        e.converted_status,
        e.assign_to,
        e.opportunity_key,
        e.attribute_name,
        e.old_value,
        e.new_value,
        e.event_at
    from events as e
    semi join {{ ref('int_persons') }} as p on p.person_key = e.person_key

)

select * from final
