{{ config(materialized='table') }}
{#- Each distinct (event type, page URL) seen, with a flag per activity class of the
    var scoring_activity_classes. Patterns are matched once per distinct kind (a few
    thousand) instead of once per event (millions). -#}
{%- set classes = var('scoring_activity_classes') -%}
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
        ) as is_{{ c['name'] }}{{ ',' if not loop.last }}
        {%- endfor %}
    from kinds

)

select * from final
