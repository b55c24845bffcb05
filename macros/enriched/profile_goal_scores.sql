{% macro profile_goal_scores(model_type) -%}
    {#- A query with one row per profile scored on the run (leads_ai_scores rows of
        model_type), goals pivoted to columns: score_<goal>, percentile_<goal> and
        score_change_<goal> (score minus the profile's score on the previous score date
        of that goal in leads_ai_scores_history; null when there is none), plus
        score_date. Used as a CTE body by the enriched profile marts. -#}
    {%- set goals = scoring_goal_names(model_type) -%}
    with

    latest as (

        select
            goal_name,
            profile_key,
            score,
            percentile,
            score_date
        from {{ ref('leads_ai_scores') }}
        where model_type = '{{ model_type }}'

    ),

    latest_dates as (

        select
            goal_name,
            max(score_date) as score_date
        from latest
        group by goal_name

    ),

    previous_dates as (

        select
            h.goal_name,
            max(h.score_date) as previous_score_date
        from {{ ref('leads_ai_scores_history') }} as h
        inner join latest_dates as l
            on l.goal_name = h.goal_name
            and h.score_date < l.score_date
        where h.model_type = '{{ model_type }}'
        group by h.goal_name

    ),

    previous as (

        select
            h.goal_name,
            h.profile_key,
            h.score as previous_score
        from {{ ref('leads_ai_scores_history') }} as h
        inner join previous_dates as d
            on d.goal_name = h.goal_name
            and d.previous_score_date = h.score_date
        where h.model_type = '{{ model_type }}'

    )

    select
        l.profile_key,
        {%- for goal in goals %}
        max(l.score) filter (where l.goal_name = '{{ goal }}') as score_{{ goal | lower }},
        max(l.percentile) filter (where l.goal_name = '{{ goal }}') as percentile_{{ goal | lower }},
        max(l.score - p.previous_score) filter (where l.goal_name = '{{ goal }}') as score_change_{{ goal | lower }},
        {%- endfor %}
        max(l.score_date) as score_date
    from latest as l
    left join previous as p
        on p.goal_name = l.goal_name
        and p.profile_key = l.profile_key
    group by l.profile_key
{%- endmacro %}
