{#- The deterministic tier's choice per lead: the best candidate by tie_break_score
    (then the older account record, then the key), the runner-up kept for audit. A lead
    is ambiguous when a runner-up with another name scores within 0.05 of the winner:
    such leads go to the probabilistic tier instead. -#}
with

ranked as (

    select
        *,
        row_number() over (
            partition by person_key
            order by tie_break_score desc, account_created_at, account_key
        ) as candidate_rank
    from {{ ref('int_matching_deterministic_candidates') }}

),

best as (

    select
        *,
        case
            when account_domain_source = 'contacts'
            then 'account contacts'' e-mail domain'
            else 'account website domain'
        end as account_domain_named
    from ranked
    where candidate_rank = 1

),

runner_up as (

    select * from ranked where candidate_rank = 2

),

final as (

    select
        b.person_key,
        b.account_key,
        case
            when b.email_domain_agrees then 'deterministic_email_domain'
            when b.website_domain_agrees then 'deterministic_website_domain'
            when b.company_name_agrees then 'deterministic_company_name'
            else 'deterministic_corporate_family'
        end as match_method,
        b.tie_break_score,
        r.account_key as runner_up_account_key,
        r.tie_break_score as runner_up_tie_break_score,
        coalesce(
            r.tie_break_score >= b.tie_break_score - 0.05
                and r.account_name_core is distinct from b.account_name_core,
            false
        ) as is_ambiguous,
        concat_ws('; ',
            case when b.email_domain_agrees then 'e-mail domain = ' || b.account_domain_named end,
            case when b.website_domain_agrees
                then 'company website domain = ' || b.account_domain_named end,
            case when b.company_name_agrees then 'company name = account name (normalized)' end,
            case when not (b.email_domain_agrees or b.website_domain_agrees or b.company_name_agrees)
                then 'in the corporate family the lead''s domain or name points to' end,
            case when b.country_agrees then 'country agrees' end,
            case when b.city_agrees then 'city agrees' end,
            'name similarity ' || round(b.name_similarity, 2),
            case when r.account_key is not null
                then 'runner-up ' || r.account_key || ' (tie-break ' || round(r.tie_break_score, 2)
                    || ' vs ' || round(b.tie_break_score, 2) || ')' end
        ) as explanation
    from best as b
    left join runner_up as r on r.person_key = b.person_key

)

select * from final
