{#- Buying groups at target accounts: every person (existing or matched) at a target
    account or at one of its related accounts (parent links, shared domain, same
    company by name; expand_related_accounts). Targets: var segment_target_account_keys
    when set, else the top var segment_target_accounts_top_n accounts by revenue. -#}
{%- set target_keys = var('segment_target_account_keys', []) -%}
{%- if target_keys | length > 0 -%}
    {%- set literals = [] -%}
    {%- for key in target_keys -%}{%- do literals.append(sql_text_literal(key)) -%}{%- endfor -%}
    {%- set targets_sql = "select unnest([" ~ literals | join(', ') ~ "]) as account_key" -%}
{%- else -%}
    {%- set targets_sql = "select account_key from " ~ ref('account_profiles_enriched')
        ~ " where annual_revenue is not null order by annual_revenue desc, account_key"
        ~ " limit " ~ var('segment_target_accounts_top_n') -%}
{%- endif -%}
{{ segment_persons(
    where="account_key in (select account_key from ("
        ~ expand_related_accounts(targets_sql) ~ ") as target_families)"
) }}
