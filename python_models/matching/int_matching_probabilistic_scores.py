"""Probabilistic tier: Splink scores for the leads the deterministic tier left open.

Thin: reads the refs and the tier's training notes (the steps the export has
evidence for), calls b2b_enrich.matching, returns the best account per lead (with
runner-up and explanation); the confidence threshold is applied in the mart.
"""

import os
import tempfile

from b2b_enrich.matching import MATCH_COLUMNS, link_leads_to_accounts
from b2b_enrich.matching_plan import TierPlan


def model(dbt, session):
    dbt.config(materialized="table")
    columns = ", ".join(MATCH_COLUMNS)
    plan = TierPlan.from_frame(dbt.ref("int_matching_probabilistic_notes").df())
    training_leads = dbt.ref("int_matching_candidate_leads").project(columns).df()
    undecided_leads = dbt.ref("int_matching_undecided_leads").project(columns).df()
    accounts = dbt.ref("int_matching_accounts").project(columns).df()
    spill_dir = os.environ.get("B2B_SPILL_DIR", tempfile.gettempdir())
    return link_leads_to_accounts(
        undecided_leads,
        accounts,
        training_leads=training_leads,
        seed=42,
        memory_limit=os.environ.get("B2B_SPLINK_MEMORY_LIMIT", "2GB"),
        temp_directory=spill_dir,
        plan=plan,
    )
