"""Probabilistic tier: the leads the deterministic tier left open, scored per lead.

Thin: reads the refs, the tier's training notes (the steps the export has evidence
for), the deterministic tier's confident matches and the persons the CRM already
relates to one account (the labels the pair model learns from), calls
b2b_enrich.matching, returns the best account per lead with its
probability, runner-up, the probability of none, the top three candidates and the
explanation; the thresholds are applied in the marts.
"""

import os
import tempfile

from b2b_enrich.matching import (
    link_leads_to_accounts,
    probabilistic_tier_inputs,
    to_arrow,
)


def model(dbt, session):
    dbt.config(materialized="table")
    spill_dir = os.environ.get("B2B_SPILL_DIR", tempfile.gettempdir())
    seed = 42
    result = link_leads_to_accounts(
        **probabilistic_tier_inputs(
            dbt.ref("int_matching_undecided_leads"),
            dbt.ref("int_matching_accounts"),
            dbt.ref("int_matching_candidate_leads"),
            dbt.ref("int_matching_deterministic_matches"),
            dbt.ref("int_matching_probabilistic_notes"),
            dbt.ref("int_matching_related_leads"),
            seed=seed,
        ),
        seed=seed,
        bag_size=int(dbt.config.get("match_pair_model_bag_size")),
        memory_limit=os.environ.get("B2B_SPLINK_MEMORY_LIMIT", "2GB"),
        temp_directory=spill_dir,
        # only the leads a person sees (matched or sent to review) carry evidence
        explain_from=min(
            float(dbt.config.get("match_review_threshold")),
            float(dbt.config.get("match_probability_threshold")),
        ),
    )
    return to_arrow(result)
