{#- One row per run of the lead-to-account matching job: how many leads were read,
    how many matched by which method, and the match rate. Status: skipped when there
    are no candidate leads or no accounts; partial when the probabilistic tier lacked
    evidence for a step (int_matching_probabilistic_notes: a comparison dropped, an EM
    pass or the whole tier skipped), with the reasons, or when the pair model was planned
    but did not train (its labelled leads gave too few right and wrong pairs: the
    tier scored by Splink alone); success otherwise. -#}
with

persons as (

    select count(*) as persons_read from {{ ref('int_persons') }}

),

candidates as (

    select count(*) as candidate_leads from {{ ref('int_matching_candidate_leads') }}

),

unassociated as (

    -- leads with no association and none of name / website / e-mail: counted, not matched
    select count(*) as leads_without_match_fields
    from {{ ref('int_persons') }} as p
    anti join {{ ref('int_account_person_relations') }} as r on r.person_key = p.person_key
    where p.source_account_key is null
        and p.company_name_core is null and p.website_domain is null and p.work_email is null

),

ambiguous as (

    select count(*) as ambiguous_deterministic
    from {{ ref('int_matching_deterministic_matches') }}
    where is_ambiguous

),

accounts as (

    select count(*) as accounts_read from {{ ref('int_matching_accounts') }}

),

notes as (

    select
        string_agg(reason, '; ' order by step_order) filter (where degrades) as degraded_steps,
        bool_or(step = 'tier' and status = 'run') as probabilistic_tier_ran,
        coalesce(bool_or(step = 'pair_model' and status = 'run'), false) as pair_model_planned
    from {{ ref('int_matching_probabilistic_notes') }}

),

matches as (

    select
        count(*) as matched,
        count(*) filter (where match_method like 'deterministic%') as matched_deterministic,
        count(*) filter (where match_method = 'probabilistic') as matched_probabilistic,
        count(*) filter (where match_method = 'deterministic_email_domain') as matched_email_domain,
        count(*) filter (where match_method = 'deterministic_website_domain') as matched_website_domain,
        count(*) filter (where match_method = 'deterministic_company_name') as matched_company_name,
        avg(match_score) filter (where match_method = 'probabilistic') as mean_probabilistic_score
    from {{ ref('lead_account_matches') }}

),

probabilistic as (

    select
        count(*) as scored_probabilistic,
        count(*) filter (where scored_by = 'pair_model') as scored_by_pair_model
    from {{ ref('int_matching_probabilistic_scores') }}

),

reviews as (

    select count(distinct person_key) as leads_to_review
    from {{ ref('lead_account_match_reviews') }}

),

degraded as (

    -- the plan's degraded steps, and a pair model that was planned but did not train
    select
        concat_ws('; ',
            n.degraded_steps,
            case when n.pair_model_planned and pr.scored_probabilistic > 0
                    and pr.scored_by_pair_model = 0
                then 'probabilistic tier: pair model not trained (its labelled leads gave too few right and wrong pairs to learn from): the leads were scored by Splink alone'
            end
        ) as reasons
    from notes as n
    cross join probabilistic as pr

),

final as (

    select
        'lead_to_account_matching' as job_name,
        cast(null as varchar) as job_part,
        {{ run_date_literal() }} as run_date,
        case
            when c.candidate_leads = 0 or ac.accounts_read = 0 then 'skipped'
            when d.reasons <> '' then 'partial'
            else 'success'
        end as status,
        case
            when c.candidate_leads = 0 then 'no candidate leads (no unassociated person with a company name, website or work e-mail)'
            when ac.accounts_read = 0 then 'no accounts to match leads to'
            when d.reasons <> '' then d.reasons
        end as status_reason,
        cast('{{ run_started_at }}' as timestamp) as started_at,
        cast(current_timestamp as timestamp) as finished_at,
        c.candidate_leads as profiles_read,
        m.matched as profiles_processed,
        cast(json_object(
            'persons_read', p.persons_read,
            'candidate_leads', c.candidate_leads,
            'leads_without_match_fields', u.leads_without_match_fields,
            'matched', m.matched,
            'match_rate', round(m.matched / nullif(c.candidate_leads, 0), 4),
            'matched_deterministic', m.matched_deterministic,
            'matched_email_domain', m.matched_email_domain,
            'matched_website_domain', m.matched_website_domain,
            'matched_company_name', m.matched_company_name,
            'matched_probabilistic', m.matched_probabilistic,
            'ambiguous_deterministic', a.ambiguous_deterministic,
            'accounts_read', ac.accounts_read,
            'probabilistic_tier_ran', coalesce(n.probabilistic_tier_ran, false),
            'mean_probabilistic_score', round(m.mean_probabilistic_score, 4),
            'scored_probabilistic', pr.scored_probabilistic,
            'scored_by_pair_model', pr.scored_by_pair_model,
            'leads_to_review', rv.leads_to_review,
            'match_probability_threshold', {{ var('match_probability_threshold') }},
            'match_review_threshold', {{ var('match_review_threshold') }}
        ) as varchar) as metrics,
        cast(null as date) as next_scoring_date,
        cast(null as date) as next_training_date
    from persons as p
    cross join candidates as c
    cross join unassociated as u
    cross join ambiguous as a
    cross join matches as m
    cross join accounts as ac
    cross join notes as n
    cross join probabilistic as pr
    cross join reviews as rv
    cross join degraded as d

)

select * from final
