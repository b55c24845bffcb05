"""Training notes of the probabilistic tier: which steps the export has evidence for.

Thin: reads the refs, calls b2b_enrich.matching.plan_tier (key frequencies and
non-null counts, no pairs are built) and returns one row per step with its status
and reason. int_matching_probabilistic_scores follows these steps; matching_job_log
reports the skipped and dropped ones.
"""

from b2b_enrich.matching import MATCH_COLUMNS, plan_tier


def model(dbt, session):
    dbt.config(materialized="table")
    columns = ", ".join(MATCH_COLUMNS)
    training_leads = dbt.ref("int_matching_candidate_leads").project(columns).df()
    undecided = dbt.ref("int_matching_undecided_leads").count("*").fetchall()[0][0]
    accounts = dbt.ref("int_matching_accounts").project(columns).df()
    labelled = (
        dbt.ref("int_matching_deterministic_matches")
        .filter("not is_ambiguous")
        .count("*")
        .fetchall()[0][0]
    )
    return plan_tier(training_leads, int(undecided), accounts, int(labelled)).to_frame()
