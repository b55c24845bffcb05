{#- Hot leads in the target industries: persons whose score for the segment goal
    (var segment_score_goal) is at least var segment_min_score, at accounts (existing
    or matched) in one of var segment_target_industries (case-insensitive). -#}
{%- set goal = var('segment_score_goal', 'lead_conversion') | lower -%}
{%- set industries = [] -%}
{%- for industry in var('segment_target_industries', ['Software', 'Information Technology & Services']) -%}
    {%- do industries.append(sql_text_literal(industry | lower)) -%}
{%- endfor -%}
{{ segment_persons(
    where="score_" ~ goal ~ " >= " ~ var('segment_min_score', 80)
        ~ " and lower(account_industry) in (" ~ industries | join(', ') ~ ")"
) }}
