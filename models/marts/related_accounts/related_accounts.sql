{#- One row per account: its group of related accounts (parent links, then shared web
    domain, then similar names), the related account keys and why each is related.
    Singletons have group_size 1 and empty lists. -#}
with

groups as (

    select
        account_key,
        group_id,
        group_size,
        ultimate_parent_key,
        domain_group_id,
        related_accounts_detail
    from {{ ref('related_accounts_groups') }}

),

final as (

    select
        account_key,
        group_id,
        group_size,
        list_transform(related_accounts_detail, lambda r: r.account_key) as related_account_keys,
        related_accounts_detail,
        -- the distinct reasons, strongest first
        list_filter(['parent', 'domain', 'name'], lambda reason:
            list_contains(list_transform(related_accounts_detail, lambda r: r.reason), reason)
        ) as reasons,
        ultimate_parent_key,
        domain_group_id,
        {{ run_date_literal() }} as run_date
    from groups

)

select * from final
