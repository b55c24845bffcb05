{#- Leads for a person to confirm: the probabilistic tier's best candidate scores at
    least match_review_threshold but below match_probability_threshold, so the lead is
    not matched. One row per (lead, candidate) for its top three candidates, with each
    candidate's probability, the probability that the lead belongs to none of them and
    the evidence that weighed most. -#}
with

scores as (

    select *
    from {{ ref('int_matching_probabilistic_scores') }}
    where match_probability >= {{ var('match_review_threshold') }}
        and match_probability < {{ var('match_probability_threshold') }}

),

candidates as (

    select
        s.person_key,
        s.match_probability as best_probability,
        s.none_probability,
        s.scored_by,
        unnest(s.candidates) as candidate,
        generate_subscripts(s.candidates, 1) as candidate_rank
    from scores as s

),

final as (

    select
        md5(c.person_key || '|' || c.candidate.account_key) as review_id,
        c.person_key,
        c.candidate_rank,
        c.candidate.account_key as account_key,
        cast(c.candidate.probability as double) as candidate_probability,
        c.best_probability,
        c.none_probability,
        c.scored_by,
        c.candidate.evidence as evidence,
        {{ run_date_literal() }} as listed_at
    from candidates as c

)

select * from final
