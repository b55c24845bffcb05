{{ config(materialized='table') }}
{#- Conversion events of each scoring goal: events before the run date that meet the
    goal definition. Text comparisons ignore case and surrounding blanks. -#}
with

goals as (

    select distinct
        goal_name,
        goal_type,
        lower(trim(attribute_name)) as attribute_name,
        lower(trim(new_value)) as new_value,
        lower(trim(converted_status)) as converted_status
    from {{ ref('int_scoring_goals') }}

),

candidate_events as (

    select
        person_key,
        event_type,
        attribute_name,
        new_value,
        converted_status,
        event_at
    from {{ ref('int_scoring_events') }}
    where event_type in (select goal_type from goals)

),

matched as (

    select
        g.goal_name,
        e.person_key,
        e.event_at
    from candidate_events as e
    inner join goals as g
        on e.event_type = g.goal_type
        and (g.attribute_name is null or e.attribute_name = g.attribute_name)
        and (g.new_value is null or e.new_value = g.new_value)
        and (g.converted_status is null or e.converted_status = g.converted_status)

),

final as (

    select
        goal_name || '|' || person_key || '|' || cast(event_at as varchar) || '|'
            || cast(row_number() over (
                partition by goal_name, person_key, event_at order by event_at
            ) as varchar) as goal_event_key,
        goal_name,
        person_key,
        event_at
    from matched

)

select * from final
