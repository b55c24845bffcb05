{#- Example segment: the target accounts (the top var('segment_target_accounts_top_n')
    accounts by annual revenue) together with every account related to them (same
    ultimate parent, same web domain, or the same company by name), one row per
    account. Built with the expand_related_accounts macro; any other target list
    works the same way. -#}
with

accounts as (

    select
        account_key,
        account_name,
        country_code,
        annual_revenue
    from {{ ref('int_accounts') }}

),

targets as (

    select account_key
    from accounts
    where annual_revenue is not null
    order by annual_revenue desc, account_key
    limit {{ var('segment_target_accounts_top_n') }}

),

families as (

    {{ expand_related_accounts('select account_key from targets') }}

),

ranked as (

    select
        account_key,
        target_account_key,
        relation,
        case relation
            when 'self' then 0 when 'parent' then 1 when 'domain' then 2 else 3
        end as relation_rank
    from families

),

per_account as (

    select
        account_key,
        list(distinct target_account_key order by target_account_key) as target_account_keys,
        arg_min(relation, relation_rank) as closest_relation,
        bool_or(relation = 'self') as is_target
    from ranked
    group by account_key

),

final as (

    select
        p.account_key,
        a.account_name,
        a.country_code,
        a.annual_revenue,
        p.is_target,
        p.closest_relation,
        p.target_account_keys
    from per_account as p
    inner join accounts as a on a.account_key = p.account_key

)

select * from final
