"""The pair model: learns from the export's confident matches, chooses per lead with
"none" as an answer, and explains its choice."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from test_matching import small_world  # noqa: F401

from b2b_enrich.matching import link_leads_to_accounts, plan_tier, to_arrow
from b2b_enrich.matching_pairs import (
    FEATURES,
    explain,
    lead_probabilities,
    retyped_leads_sql,
    shift_to_prior,
    tree_contributions,
)


def _true_account(person_key: pd.Series) -> pd.Series:
    return "A" + person_key.str.extract(r"P(\d+)_")[0]


@pytest.fixture(scope="module")
def labelled_world(small_world):  # noqa: F811
    """Variant-0 leads (exact name and e-mail) are the deterministic tier's labels;
    the typo'd, name-less and absent-company leads are left to the tier."""
    leads, accounts = small_world
    # look-alikes: a company of a near name in another country for each account
    lookalikes = accounts.copy()
    lookalikes["record_id"] = "B" + accounts["record_id"].str[1:]
    lookalikes["name_core"] = accounts["name_core"] + " holdings"
    lookalikes["name_squashed"] = lookalikes["name_core"].str.replace(" ", "")
    lookalikes["country_code"] = "CA"
    lookalikes["city"] = "toronto"
    for column in ("email_domain", "web_domain", "domain_label"):
        lookalikes[column] = None
    accounts = pd.concat([accounts, lookalikes], ignore_index=True)
    confident = leads["record_id"].str.endswith("_0")
    labels = pd.DataFrame(
        {
            "person_key": leads.loc[confident, "record_id"],
            "account_key": _true_account(leads.loc[confident, "record_id"]),
        }
    )
    return leads[~confident], leads, accounts, labels


def test_pair_model_matches_typos_and_leaves_absent_companies(labelled_world):
    undecided, leads, accounts, labels = labelled_world
    result = link_leads_to_accounts(
        undecided, accounts, training_leads=leads, labels=labels
    )
    assert set(result["scored_by"]) == {"pair_model"}
    matched = result[result["match_probability"] >= 0.9]
    typo = matched[matched["person_key"].str.endswith("_1")]
    # the typo'd leads (name with a letter dropped, no e-mail) are found...
    assert len(typo) >= 30
    assert (typo["account_key"] == _true_account(typo["person_key"])).mean() >= 0.9
    # ...and the leads of companies absent from the accounts are (almost) never kept
    absent = result[result["person_key"].str.startswith("X")]
    assert (absent["match_probability"] >= 0.9).mean() <= 0.05
    assert absent["none_probability"].median() > 0.5
    # probabilities per lead: candidates and "none" add up to at most one
    total = result["match_probability"] + result["runner_up_probability"].fillna(0)
    assert (total <= 1.0 + 1e-6).all()


def test_explanation_and_candidates_say_which_evidence_weighed(labelled_world):
    undecided, leads, accounts, labels = labelled_world
    result = link_leads_to_accounts(
        undecided, accounts, training_leads=leads, labels=labels
    )
    best = result.sort_values("match_probability").iloc[-1]
    assert best["explanation"].startswith("pair model (learned from ")
    assert "| splink:" in best["explanation"]
    candidates = list(best["candidates"])
    assert 1 <= len(candidates) <= 3
    assert candidates[0]["account_key"] == best["account_key"]
    assert candidates[0]["evidence"]
    probabilities = [c["probability"] for c in candidates]
    assert probabilities == sorted(probabilities, reverse=True)
    table = to_arrow(result)
    assert str(table.schema.field("candidates").type).startswith("list<item: struct")


def test_too_few_labels_fall_back_to_splink_and_say_so(labelled_world):
    undecided, leads, accounts, labels = labelled_world
    few = labels.head(5)
    plan = plan_tier(leads, len(undecided), accounts, len(few))
    step = next(s for s in plan.steps if s.step == "pair_model")
    assert step.status == "skipped" and step.degrades
    assert "5 labelled leads" in step.reason
    result = link_leads_to_accounts(
        undecided, accounts, training_leads=leads, labels=few, plan=plan
    )
    assert set(result["scored_by"]) == {"splink"}


def test_retyping_is_deterministic_and_keeps_the_keys_consistent(small_world):  # noqa: F811
    leads, _ = small_world
    con = duckdb.connect(":memory:")
    con.register("leads", leads)
    first = con.sql(retyped_leads_sql("leads") + " order by record_id").df()
    second = con.sql(retyped_leads_sql("leads") + " order by record_id").df()
    pd.testing.assert_frame_equal(first, second)
    named = first[first["name_core"].notna()]
    original = leads.set_index("record_id").loc[named["record_id"], "name_core"]
    changed = (named["name_core"].to_numpy() != original.to_numpy()).mean()
    assert 0.4 <= changed <= 0.9  # most leads retyped, some kept as typed
    assert (named["name_squashed"] == named["name_core"].str.replace(" ", "")).all()
    assert (named["name_first_token"] == named["name_core"].str.split(" ").str[0]).all()


def test_lead_probabilities_leave_room_for_none():
    keys = pd.Series(["a", "a", "b"])
    p = lead_probabilities(pd.Series([0.5, 0.5, 0.9]), keys)
    # two even candidates: a third each, a third for "none"
    assert np.allclose(p[:2], 1 / 3)
    assert np.isclose(p[2], 0.9)


def test_prior_shift_follows_the_share_of_leads_with_their_account():
    # leads with one candidate each, calibrated where half the training leads had
    # their account among the candidates; here most do (p high for most leads)
    scored = pd.DataFrame(
        {
            "person_key": [f"p{i}" for i in range(100)],
            "account_key": [f"a{i}" for i in range(100)],
            "pair_probability": [0.8] * 80 + [0.1] * 20,
        }
    )
    moved, share = shift_to_prior(scored, train_prior=0.5)
    assert share > 0.66  # the mean probability before the shift
    assert (moved["pair_probability"][:80] > 0.8).all()  # more of them are right
    assert moved["pair_probability"].is_monotonic_decreasing  # ranking kept
    # an export of mostly absent companies moves the other way
    _, low_share = shift_to_prior(
        scored.assign(pair_probability=[0.3] * 100), train_prior=0.5
    )
    assert low_share < 0.3
    # the same input gives the same output
    again, _ = shift_to_prior(scored, train_prior=0.5)
    pd.testing.assert_frame_equal(moved, again)


def test_explanation_text_does_not_depend_on_float_noise():
    # a margin of two equal sums comes out +-1e-17 from one run to the next
    row = {name: 0.5 for name in FEATURES}
    features = pd.DataFrame(
        [{**row, "idf_jaccard_margin": -1e-17}, {**row, "idf_jaccard_margin": 1e-17}]
    )
    contributions = np.zeros((2, len(FEATURES)))
    contributions[:, FEATURES.index("idf_jaccard_margin")] = 0.7
    text = explain(contributions, features, top=1)
    expected = "lead over next candidate (rare words) 0 (+0.7)"
    assert text.iloc[0] == text.iloc[1] == expected


def test_grouped_contributions_equal_lightgbm_pred_contrib():
    # the explanations' contributions, computed on one row per group of rows taking
    # the same branches, must be LightGBM's own TreeSHAP values: on values exactly at
    # thresholds (small integers, 0/1 flags), zeros and missing values too
    import lightgbm as lgb

    rng = np.random.default_rng(7)
    n = 4000
    x = np.column_stack(
        [
            rng.random(n).round(3),
            rng.integers(1, 7, n).astype(float),
            rng.integers(0, 2, n).astype(float),
            np.where(rng.random(n) < 0.3, np.nan, rng.normal(size=n)),
            np.where(rng.random(n) < 0.4, 0.0, rng.random(n)),
        ]
    )
    logit = 3 * x[:, 0] - 0.5 * x[:, 1] + 2 * x[:, 2] + np.nan_to_num(x[:, 3])
    y = (logit + rng.normal(size=n) > 0).astype(int)
    params = {"objective": "binary", "num_leaves": 15, "verbose": -1, "seed": 1}
    booster = lgb.train(params, lgb.Dataset(x, y), num_boost_round=40)
    expected = booster.predict(x, pred_contrib=True)[:, :-1]
    got = tree_contributions(booster, x, threads=2)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)
    # the same rows in another order and repeated get the same values (reruns agree)
    order = rng.permutation(n)
    np.testing.assert_array_equal(
        tree_contributions(booster, x[order])[:, :], got[order]
    )
    assert tree_contributions(booster, x[:0]).shape == (0, x.shape[1])


def test_scoring_in_chunks_of_leads_gives_the_same_result(labelled_world, monkeypatch):
    # at scale Splink scores the leads in chunks (memory): the same pairs are kept,
    # ranked and explained as when all leads are scored at once
    import b2b_enrich.matching as matching

    undecided, leads, accounts, labels = labelled_world

    def run() -> pd.DataFrame:
        result = link_leads_to_accounts(
            undecided, accounts, training_leads=leads, labels=labels
        )
        return result.sort_values("person_key").reset_index(drop=True)

    whole = run()
    monkeypatch.setattr(matching, "PREDICT_CHUNK_LEADS", 37)
    chunked = run()
    assert len(undecided) > 3 * 37  # several chunks
    pd.testing.assert_frame_equal(whole, chunked)
