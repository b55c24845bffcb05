{#- Each account's corporate family along parent links: the top of its hierarchy,
    walked with a recursive CTE that stops at unknown parents and at cycles (a cycle's
    members share the smallest key among them as family top). -#}
with recursive

accounts as (

    select account_key, parent_account_key from {{ ref('int_accounts') }}

),

walk as (

    select
        account_key,
        account_key as ancestor_key,
        0 as depth,
        [account_key] as path
    from accounts
    union all
    select
        w.account_key,
        parent.account_key as ancestor_key,
        w.depth + 1 as depth,
        list_append(w.path, parent.account_key) as path
    from walk as w
    inner join accounts as child on child.account_key = w.ancestor_key
    inner join accounts as parent on parent.account_key = child.parent_account_key
    where not list_contains(w.path, parent.account_key)
        and w.depth < 50

),

deepest as (

    select
        w.account_key,
        w.ancestor_key,
        w.depth,
        w.path,
        a.parent_account_key as top_parent_key
    from walk as w
    inner join accounts as a on a.account_key = w.ancestor_key
    qualify row_number() over (partition by w.account_key order by w.depth desc) = 1

),

final as (

    select
        account_key,
        case
            -- the walk stopped because the next parent is already on the path: a cycle
            when list_contains(path, top_parent_key)
            then list_min(list_slice(path, list_position(path, top_parent_key), len(path)))
            else ancestor_key
        end as family_key,
        depth as depth_below_top,
        list_contains(path, top_parent_key) as in_parent_cycle
    from deepest

)

select * from final
