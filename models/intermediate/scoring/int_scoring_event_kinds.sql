{{ config(materialized='table') }}
{#- Each distinct (event type, page URL) seen, with a flag per activity class of the
    var scoring_activity_classes, and what a touch carries: whether the event type is a
    touch (var scoring_touch_event_pattern), the channel, medium and campaign from the
    URL's query parameters (var scoring_touch_parameters: utm_source, utm_medium,
    utm_campaign and their common aliases) and the page group (first path segment,
    'home' for the root). Patterns are matched once per distinct kind (a few thousand)
    instead of once per event (millions). -#}
{%- set classes = var('scoring_activity_classes') -%}
{%- set touch = var('scoring_touch_parameters') -%}
with

kinds as (

    select distinct
        event_type,
        web_page_url
    from {{ ref('int_scoring_events') }}

),

final as (

    select
        event_type || ' ' || web_page_url as event_kind_key,
        event_type,
        web_page_url,
        {%- for c in classes %}
        coalesce(
            regexp_matches(lower(event_type), {{ sql_text_literal(c['event_type_pattern']) }})
            {%- if c.get('url_pattern') %}
            and regexp_matches(lower(web_page_url), {{ sql_text_literal(c['url_pattern']) }})
            {%- endif %},
            false
        ) as is_{{ c['name'] }},
        {%- endfor %}
        coalesce(regexp_matches(lower(event_type), {{ sql_text_literal(var('scoring_touch_event_pattern')) }}), false) as is_touch,
        {%- for part in ['channel', 'medium', 'campaign'] %}
        nullif(trim(replace(url_decode(regexp_extract(
            lower(web_page_url),
            {{ sql_text_literal('[?&#](' ~ (touch[part] | join('|')) ~ ')=([^&#]*)') }},
            2
        )), '+', ' ')), '') as touch_{{ part }},
        {%- endfor %}
        case
            when web_page_url = '' then null
            else coalesce(
                nullif(regexp_extract(lower(web_page_url), '^(?:[a-z][a-z0-9+.-]*://)?[^/?#]*/([^/?#]*)', 1), ''),
                'home'
            )
        end as page_group
    from kinds

)

select * from final
