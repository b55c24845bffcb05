{% macro expand_related_accounts(account_keys_sql, reasons=none) -%}
    {#- A query of (target_account_key, account_key, relation): every account in the
        set account_keys_sql (any query with an account_key column) with itself
        (relation 'self') and all its related accounts (relation 'parent', 'domain' or
        'name', the level at which they were grouped). reasons, e.g. ['parent',
        'domain'], keeps only relations of those kinds. Joins on group_id, so lists
        are never unnested and the result is complete even when
        related_account_keys is capped. -#}
    select
        target_account_key,
        account_key,
        relation
    from (
        select
            targets.account_key as target_account_key,
            members.account_key,
            case
                when members.account_key = target_group.account_key then 'self'
                when members.ultimate_parent_key = target_group.ultimate_parent_key then 'parent'
                when members.domain_group_id = target_group.domain_group_id then 'domain'
                else 'name'
            end as relation
        from (select distinct account_key from ({{ account_keys_sql }}) as given) as targets
        inner join {{ ref('related_accounts') }} as target_group
            on target_group.account_key = targets.account_key
        inner join {{ ref('related_accounts') }} as members
            on members.group_id = target_group.group_id
    ) as expanded
    {%- if reasons is not none %}
    where relation = 'self'
        or relation in ({% for reason in reasons %}'{{ reason }}'{% if not loop.last %}, {% endif %}{% endfor %})
    {%- endif %}
{%- endmacro %}
