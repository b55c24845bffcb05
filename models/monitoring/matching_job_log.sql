{#- One row per run of the lead-to-account matching job: how many leads were read,
    how many matched by which method, and the match rate. -#}
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

final as (

    select
        'lead_to_account_matching' as job_name,
        cast(null as varchar) as job_part,
        {{ run_date_literal() }} as run_date,
        'success' as status,
        cast(null as varchar) as status_reason,
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
            'mean_probabilistic_score', round(m.mean_probabilistic_score, 4),
            'match_probability_threshold', {{ var('match_probability_threshold') }}
        ) as varchar) as metrics,
        cast(null as date) as next_scoring_date,
        cast(null as date) as next_training_date
    from persons as p
    cross join candidates as c
    cross join unassociated as u
    cross join ambiguous as a
    cross join matches as m

)

select * from final
