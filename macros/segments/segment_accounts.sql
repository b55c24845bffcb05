{% macro segment_accounts(where, extra_columns=[]) -%}
    {#- The body of an account segment model: the accounts of account_profiles_enriched
        for which the SQL condition `where` holds (any of its columns; subqueries
        allowed), with the standard segment columns (segment_name = the model's name,
        account, firmographics, related-accounts group, person counts, every account
        score column) plus extra_columns. Usage, a whole segment model:
            {{ segment_accounts(where="industry = 'Software' and percentile_contract_stage >= 90") }} -#}
    {{- segment_members(
        'account_profiles_enriched', 'account',
        [
        'account_key',
        'account_name',
        'website_domain',
        'industry',
        'number_of_employees',
        'annual_revenue',
        'country_code',
        'related_group_id',
        'related_group_size',
        'related_account_keys',
        'known_persons',
        'matched_persons'
        ],
        where, extra_columns) -}}
{%- endmacro %}
