{#- One row per matched lead: the deterministic tier's unambiguous matches, then the
    probabilistic tier's best account when its probability clears the threshold var
    match_probability_threshold (leads between match_review_threshold and it go to
    lead_account_match_reviews instead). -#}
with

deterministic as (

    select
        person_key,
        account_key,
        1.0 as match_score,
        match_method,
        runner_up_account_key,
        explanation
    from {{ ref('int_matching_deterministic_matches') }}
    where not is_ambiguous

),

probabilistic as (

    select
        person_key,
        account_key,
        match_probability as match_score,
        'probabilistic' as match_method,
        runner_up_account_key,
        case
            when scored_by = 'splink'
            then 'splink match weight ' || round(match_weight, 1) || ': ' || explanation
            else explanation
        end as explanation
    from {{ ref('int_matching_probabilistic_scores') }}
    where match_probability >= {{ var('match_probability_threshold') }}

),

unioned as (

    select * from deterministic
    union all
    select * from probabilistic

),

final as (

    select
        person_key,
        account_key,
        cast(match_score as double) as match_score,
        match_method,
        'lead_to_account_matching' as relationship_source,
        {{ run_date_literal() }} as matched_at,
        explanation,
        runner_up_account_key
    from unioned

)

select * from final
