{#- Accounts warming up: accounts whose account score for any configured goal rose by
    at least var segment_min_score_rise points since the previous score date
    (score_change_<goal> on account_profiles_enriched, from leads_ai_scores_history).
    Empty on the first run, when there is no previous score date. -#}
{{ segment_accounts(
    where=score_rose_condition('account', min_rise=var('segment_min_score_rise', 5))
) }}
