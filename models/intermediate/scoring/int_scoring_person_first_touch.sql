{{ config(materialized='table') }}
{#- One row per person with touch events before the run date: when and how the person
    first came in. The first touch (earliest event whose type is a touch, var
    scoring_touch_event_pattern), the first channel, medium and campaign a touch URL
    carried (with the time it was seen: a snapshot before it does not know it yet) and
    the page group of the first page with a URL. One pass over the events, grouped by
    person; the snapshot features read it with the time checks. -#}
with

touches as (

    select
        e.person_key,
        e.event_at,
        k.touch_channel,
        k.touch_medium,
        k.touch_campaign,
        k.page_group
    from {{ ref('int_scoring_events') }} as e
    inner join {{ ref('int_scoring_event_kinds') }} as k
        on k.event_type = e.event_type
        and k.web_page_url = e.web_page_url
    where k.is_touch

),

final as (

    select
        person_key,
        min(event_at) as first_touch_at,
        min(event_at) filter (where touch_channel is not null) as first_channel_at,
        arg_min(touch_channel, event_at) filter (where touch_channel is not null) as first_touch_channel,
        arg_min(touch_medium, event_at) filter (where touch_channel is not null) as first_touch_medium,
        arg_min(touch_campaign, event_at) filter (where touch_channel is not null) as first_touch_campaign,
        min(event_at) filter (where page_group is not null) as landing_at,
        arg_min(page_group, event_at) filter (where page_group is not null) as landing_page_group
    from touches
    group by person_key

)

select * from final
