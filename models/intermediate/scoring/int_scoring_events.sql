{{ config(materialized='table') }}
{#- The events scoring reads, materialized once per run (int_events is a view: every
    model reading it would filter all staged events and semi-join them to the valid
    persons again). Goal attributes are kept, lower-cased, only on goal-type events. -#}
with

goal_types as (

    select distinct goal_type from {{ ref('int_scoring_goals') }}

),

events as (

    select
        person_key,
        event_type,
        web_page_url,
        attribute_name,
        new_value,
        converted_status,
        event_at
    from {{ ref('int_events') }}

),

final as (

    select
        e.person_key,
        e.event_type,
        coalesce(e.web_page_url, '') as web_page_url,
        case when g.goal_type is not null then lower(trim(e.attribute_name)) end as attribute_name,
        case when g.goal_type is not null then lower(trim(e.new_value)) end as new_value,
        case when g.goal_type is not null then lower(trim(e.converted_status)) end as converted_status,
        e.event_at
    from events as e
    left join goal_types as g on g.goal_type = e.event_type

)

select * from final
