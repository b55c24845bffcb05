"""The probabilistic tier narrows to the evidence an export has instead of crashing."""

from __future__ import annotations

import pandas as pd
import pytest
from test_matching import small_world  # noqa: F401

from b2b_enrich.matching import (
    bounded_m_probabilities,
    link_leads_to_accounts,
    plan_tier,
)
from b2b_enrich.matching_plan import TierPlan


def _strip(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        frame[column] = None
    return frame


def _steps(plan: TierPlan) -> dict[str, str]:
    return {step.step: step.status for step in plan.steps}


def test_names_only_drops_domain_and_skips_the_domain_em_pass(small_world):  # noqa: F811
    leads, accounts = small_world
    leads = _strip(leads, ["email_domain", "web_domain", "domain_label", "phone"])
    accounts = _strip(accounts, ["email_domain", "web_domain", "domain_label", "phone"])
    plan = plan_tier(leads, len(leads), accounts)
    steps = _steps(plan)
    assert steps["comparison:company_domain"] == "dropped"
    assert steps["em:e-mail domain"] == "skipped"
    assert steps["em:company name first word"] == "run"
    assert steps["tier"] == "run"
    reasons = [s.reason for s in plan.steps if s.degrades]
    assert (
        "probabilistic tier: EM pass on e-mail domain skipped: 0 blocked pairs"
        in reasons
    )

    # before: EMTrainingException from the EM pass blocked on the e-mail domain
    result = link_leads_to_accounts(leads, accounts, plan=plan)
    named = result[result["person_key"].str.startswith("P")]
    assert len(named) > 0
    correct = (
        named["person_key"].str.extract(r"P(\d+)_")[0] == named["account_key"].str[1:]
    )
    assert correct.mean() >= 0.9  # the best account is the right one
    matched = result[result["match_probability"] >= 0.9]
    if len(matched):
        assert matched["person_key"].str.startswith("P").all()
    assert not result["explanation"].str.contains("company_domain").any()


def test_a_tier_with_nothing_to_train_on_returns_no_scores(small_world):  # noqa: F811
    leads, accounts = small_world
    # names on the leads only, nothing else shared: no comparison has both sides
    bare_accounts = _strip(
        accounts,
        [
            "name_core",
            "name_first_token",
            "name_prefix",
            "name_bookends",
            "name_squashed",
            "email_domain",
            "web_domain",
            "domain_label",
            "country_code",
            "city",
            "phone",
        ],
    )
    plan = plan_tier(leads, len(leads), bare_accounts)
    assert _steps(plan)["tier"] == "skipped"
    result = link_leads_to_accounts(leads, bare_accounts, plan=plan)
    assert result.empty
    assert result["match_probability"].dtype == "float64"


def test_single_account_and_no_undecided_leads_do_not_crash(small_world):  # noqa: F811
    leads, accounts = small_world
    one = accounts.head(1)
    result = link_leads_to_accounts(leads, one)
    assert set(result["account_key"]) <= {one["record_id"].iloc[0]}
    plan = plan_tier(leads, 0, accounts)
    assert _steps(plan) == {"tier": "skipped"}
    assert not plan.steps[0].degrades  # nothing to do is not a degraded run


def test_plan_round_trips_through_its_table(small_world):  # noqa: F811
    leads, accounts = small_world
    plan = plan_tier(leads, len(leads), accounts)
    again = TierPlan.from_frame(plan.to_frame())
    assert again.steps == plan.steps


def test_a_real_error_still_fails_loudly(small_world):  # noqa: F811
    leads, accounts = small_world
    with pytest.raises(ValueError, match="missing matching columns"):
        link_leads_to_accounts(leads.drop(columns=["city"]), accounts)


def test_bounded_m_probabilities_keep_every_location_level_possible():
    """EM blocked on the first word of names-only data saw no match working in
    another country and put 'country disagrees' at m 2e-16 (-52 bits): every lead
    typed with its company's name but another work country had its account scored 0
    (names-only demo: 704 undecided leads with a blocked candidate got none)."""
    model = {
        "comparisons": [
            {
                "output_column_name": "country",
                "comparison_levels": [
                    {"is_null_level": True},
                    {"m_probability": 1.0, "u_probability": 0.14},
                    {"m_probability": 2e-16, "u_probability": 0.86},
                ],
            },
            {
                "output_column_name": "company_name",
                "comparison_levels": [
                    {"m_probability": 0.99},
                    {"m_probability": 1e-20},
                    {"m_probability": None},
                ],
            },
        ]
    }
    bounded = bounded_m_probabilities(model, floor=0.005)
    country = [
        lv.get("m_probability") for lv in bounded["comparisons"][0]["comparison_levels"]
    ]
    assert country[0] is None and country[2] >= 0.0049
    assert abs(country[1] + country[2] - 1) < 1e-12
    # the name levels are EM's to decide (blocking on other evidence frees them)
    assert bounded["comparisons"][1] == model["comparisons"][1]
    assert model["comparisons"][0]["comparison_levels"][2]["m_probability"] == 2e-16
