"""Tests of predictive scoring: config, gates, scores, factors, registry, dbt run."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2b_enrich.evaluation.scoring import (
    OriginBacktest,
    WeightedAuc,
    auc_difference_interval,
    mean_auc_difference_interval,
    reference_gaps,
    summarize_origins,
)
from b2b_enrich.scoring import estimators
from b2b_enrich.scoring.config import GoalConfigError, parse_goals
from b2b_enrich.scoring.features import (
    encode,
    infer_feature_specs,
    specs_from_json,
    specs_to_json,
)
from b2b_enrich.scoring.gates import check_gates
from b2b_enrich.scoring.metrics import auc, gain_curve, top_decile_lift
from b2b_enrich.scoring.registry import (
    REGISTRY_SCHEMA,
    GoalModel,
    current_model,
    load_model,
    plan_training,
    train_goal,
    update_registry,
)
from b2b_enrich.scoring.rollup import (
    FOLDS,
    ROLLUP_FEATURE,
    account_rollup,
    cross_fitted_probabilities,
    person_folds,
    with_rollup,
)
from b2b_enrich.scoring.scorer import (
    SCORES_SCHEMA,
    score_batches,
    score_goals,
    with_top_person_factors,
)
from b2b_enrich.scoring.scores import (
    FACTORS_TYPE,
    factor_lists,
    importance_cuts,
    percentiles,
    relative_scores,
    top_positive,
)
from b2b_enrich.scoring.selection import Fold, choose_rounds, refit_rounds

RUN_DATE = dt.date(2026, 11, 1)
DEMO_GOALS = [
    {
        "name": "lead_conversion",
        "type": "leadOperation.convertLead",
        "prediction_window_days": 90,
        "model_types": ["person", "account"],
        "algorithm": "lightgbm",
    },
    {
        "name": "contract_stage",
        "type": "opportunityEvent.opportunityUpdated",
        "attribute_name": "Stage",
        "new_value": "Contract",
        "prediction_window_days": 90,
    },
]


# ---------------------------------------------------------------- fixtures


def _examples(n_profiles: int = 1500, snapshots: int = 6, seed: int = 0) -> pa.Table:
    """Training examples like int_scoring_person_training_examples, with signal."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(snapshots):
        snapshot = RUN_DATE - dt.timedelta(days=90 + 30 * k)
        intent = rng.poisson(0.6, n_profiles)
        views = rng.poisson(4.0, n_profiles)
        country = rng.choice(
            ["US", "DE", "FR", None], n_profiles, p=[0.5, 0.2, 0.2, 0.1]
        )
        free_mail = rng.random(n_profiles) < 0.2
        recency = np.where(
            rng.random(n_profiles) < 0.3, np.nan, rng.integers(0, 200, n_profiles)
        )
        logit = -3.2 + 0.9 * intent + 0.6 * (country == "US") - 1.0 * free_mail
        label = rng.random(n_profiles) < 1 / (1 + np.exp(-logit))
        rows.append(
            pd.DataFrame(
                {
                    "goal_name": "lead_conversion",
                    "snapshot_date": snapshot,
                    "profile_key": [f"P{i:05d}" for i in range(n_profiles)],
                    "label": label,
                    "sample_weight": 1.0,
                    "pricing_page_visits_30d": intent,
                    "page_views_30d": views,
                    "country": pd.array(country, dtype="string"),
                    "email_is_free_mail": free_mail,
                    "days_since_last_pricing_page_visits": recency,
                }
            )
        )
    return pa.Table.from_pandas(
        pd.concat(rows, ignore_index=True), preserve_index=False
    )


def _goal(**overrides: object) -> GoalModel:
    base = {
        "goal_name": "lead_conversion",
        "model_type": "person",
        "algorithm": "lightgbm",
        "goal_definition": '{"name": "lead_conversion"}',
        "prediction_window_days": 90,
        "run_date": RUN_DATE,
        "training_cadence_days": 30,
        "force_training": False,
        "min_history_days": 180,
        "min_conversion_events": 10,
        "top_factors": 5,
    }
    base.update(overrides)
    return GoalModel(**base)  # type: ignore[arg-type]


GOOD_STATS = {
    "history_days": 730,
    "conversion_events": 500,
    "training_cutoffs": 6,
    "positive_examples": 400,
}


@pytest.fixture(scope="module")
def examples() -> pa.Table:
    return _examples()


@pytest.fixture(scope="module")
def trained_row(examples: pa.Table) -> dict:
    return train_goal(_goal(), examples, GOOD_STATS)


# ---------------------------------------------------------------- configuration


def test_demo_goals_parse() -> None:
    goals = parse_goals(DEMO_GOALS)
    assert [g.name for g in goals] == ["lead_conversion", "contract_stage"]
    assert goals[1].model_types == ("person", "account")
    assert goals[1].algorithm == "lightgbm"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "web.pageView"}, "scoring goal 'g': unknown type 'web.pageView'"),
        ({"prediction_window_days": None}, "missing field 'prediction_window_days'"),
        ({"prediction_window_days": 0}, "must be a positive integer"),
        ({"model_types": ["person", "company"]}, "unknown model type 'company'"),
        ({"algorithm": "xgboost"}, "scoring goal 'g': unknown algorithm 'xgboost'"),
        ({"windows": 3}, "unknown field(s) windows"),
        (
            {"type": "opportunityEvent.opportunityUpdated", "new_value": "Contract"},
            "missing field 'attribute_name'",
        ),
    ],
)
def test_bad_goal_raises_naming_the_goal(change: dict, message: str) -> None:
    goal = {
        "name": "g",
        "type": "leadOperation.convertLead",
        "prediction_window_days": 30,
    }
    goal.update(change)
    goal = {k: v for k, v in goal.items() if v is not None}
    with pytest.raises(GoalConfigError, match=re.escape(message)):
        parse_goals([goal])


def test_missing_name_and_sixth_goal_are_refused() -> None:
    with pytest.raises(GoalConfigError, match="scoring goal #1: missing field 'name'"):
        parse_goals(
            [{"type": "leadOperation.convertLead", "prediction_window_days": 9}]
        )
    six = [
        {
            "name": f"g{i}",
            "type": "leadOperation.convertLead",
            "prediction_window_days": 9,
        }
        for i in range(6)
    ]
    with pytest.raises(GoalConfigError, match="at most 5 scoring goals.*'g5'"):
        parse_goals(six)
    with pytest.raises(GoalConfigError, match="duplicate goal name"):
        parse_goals([six[0], six[0]])


# ---------------------------------------------------------------- gates


def test_gates_refuse_short_history_and_few_events() -> None:
    short = check_gates(
        history_days=200, prediction_window_days=90, conversion_events=50
    )
    assert not short.passed
    assert short.reason == (
        "only 200 days of history, 270 needed (180 + 90-day prediction window)"
    )
    few = check_gates(history_days=730, prediction_window_days=90, conversion_events=4)
    assert not few.passed
    assert few.reason == "only 4 qualified conversion events, 10 needed"
    both = check_gates(history_days=100, prediction_window_days=90, conversion_events=0)
    assert "days of history" in both.reason and "0 qualified" in both.reason
    ok = check_gates(history_days=400, prediction_window_days=90, conversion_events=10)
    assert ok.passed and ok.warnings  # under the ideal two years: a warning only
    assert not check_gates(
        history_days=None, prediction_window_days=90, conversion_events=20
    ).passed


def test_refused_goal_gets_no_model_and_a_reason(examples: pa.Table) -> None:
    calls: list[int] = []

    def load() -> pa.Table:
        calls.append(1)
        return examples

    row = train_goal(_goal(), load, {**GOOD_STATS, "conversion_events": 4})
    assert row["status"] == "refused"
    assert row["model_blob"] is None
    assert row["status_reason"] == "only 4 qualified conversion events, 10 needed"
    assert not calls  # training examples are not even read


# ---------------------------------------------------------------- scores


def test_relative_scores_in_range_and_monotone() -> None:
    p = np.array([0.001, 0.01, 0.02, 0.02, 0.5, 0.9])
    s = relative_scores(p)
    assert s.min() >= 0 and s.max() <= 100
    assert np.all(np.diff(s) >= 0)
    # a profile as likely as the population average scores 50
    assert relative_scores(np.array([0.1, 0.1, 0.1])).tolist() == [50, 50, 50]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=300))
def test_percentiles_cover_1_to_100(values: list[float]) -> None:
    arr = np.asarray(values)
    pct = percentiles(arr)
    assert pct.min() >= 1 and pct.max() == 100
    order = np.argsort(arr, kind="stable")
    assert np.all(np.diff(pct[order]) >= 0)
    for v in np.unique(arr):  # ties share a percentile
        assert len(np.unique(pct[arr == v])) == 1


def test_top_factors_are_positive_sorted_and_labelled() -> None:
    contrib = np.array(
        [
            [0.5, -1.0, 0.1, 0.9, 0.0, 0.3],
            [-0.1, -0.2, -0.3, -0.4, -0.5, -0.6],
            [0.2, 0.2, 0.2, 0.2, 0.2, 0.2],
        ]
    )
    rows, feats, vals = top_positive(contrib, 3)
    assert rows.tolist() == [0, 0, 0, 2, 2, 2]
    assert feats[:3].tolist() == [3, 0, 5]
    assert feats[3:].tolist() == [0, 1, 2]  # equal contributions: by position
    table = pa.table(
        {
            "a": pa.array([1.0, None, 2.5]),
            "b": pa.array(["x", "y", None]),
            "c": pa.array([True, False, True]),
            "d": pa.array([3, 4, 5]),
            "e": pa.array([0.0, 0.0, 0.0]),
            "f": pa.array([10, 20, 30]),
        }
    )
    specs = infer_feature_specs(table, exclude=(), min_level_count=1)
    lists = factor_lists(table, specs, contrib, (0.15, 0.4), k=3).to_pylist()
    assert lists[0] == [
        {"code": "d", "value": "3", "importance": "high"},
        {"code": "a", "value": "1", "importance": "high"},
        {"code": "f", "value": "10", "importance": "medium"},
    ]
    assert lists[1] == []
    assert [f["value"] for f in lists[2]] == ["2.5", "unknown", "true"]
    assert {f["importance"] for f in lists[2]} == {"medium"}
    low, high = importance_cuts(np.abs(contrib), 3)
    assert 0 < low <= high


def test_metrics() -> None:
    y = np.array([0, 0, 1, 1, 0, 1, 0, 0, 0, 0] * 10, dtype=bool)
    assert auc(y, y.astype(float)) == 1.0
    assert auc(np.zeros(5, bool), np.arange(5.0)) is None
    assert top_decile_lift(y, y.astype(float)) == pytest.approx(1 / 0.3)
    x, g = gain_curve(y, y.astype(float))
    assert g[0] == 0 and g[-1] == pytest.approx(1.0) and len(x) == 101


def test_auc_difference_interval_separates_signal_from_noise() -> None:
    rng = np.random.default_rng(3)
    y = rng.random(3000) < 0.05
    informative = y + rng.normal(0, 0.7, len(y))
    noise = rng.normal(0, 1, len(y))
    better = auc_difference_interval(informative, noise, y, samples=200)
    assert better["ci95_low"] > 0.1  # clearly better: the interval excludes zero
    same = auc_difference_interval(informative, informative + 1e-9 * noise, y)
    assert same["ci95_low"] <= 0 <= same["ci95_high"]
    assert auc_difference_interval(noise, noise, np.zeros(10, bool)) is None


def test_weighted_auc_equals_the_auc_of_the_resampled_profiles() -> None:
    rng = np.random.default_rng(4)
    y = rng.random(500) < 0.1
    scores = np.round(y + rng.normal(0, 1, 500), 1)  # rounded: many ties
    weighted = WeightedAuc(scores, y)
    assert weighted(np.ones(500)) == pytest.approx(auc(y, scores))
    idx = rng.integers(0, 500, 500)
    counts = np.bincount(idx, minlength=500).astype(float)
    assert weighted(counts) == pytest.approx(auc(y[idx], scores[idx]))


def _origin_parts(rng: np.random.Generator, profiles: int, origins: int) -> list:
    """Origins scoring the same profiles (keys) with fresh outcomes each time."""
    keys = np.array([f"p{i}" for i in range(profiles)], dtype=object)
    parts = []
    for _ in range(origins):
        y = rng.random(profiles) < 0.05
        model = y + rng.normal(0, 1.0, profiles)
        other = y + rng.normal(0, 1.2, profiles)
        parts.append((keys, model, other, y))
    return parts


def test_more_backtest_origins_narrow_the_interval_of_the_mean_gap() -> None:
    parts = _origin_parts(np.random.default_rng(8), 2000, 3)
    one = mean_auc_difference_interval(parts[:1])
    three = mean_auc_difference_interval(parts)
    expected = np.mean([auc(y, m) - auc(y, o) for _, m, o, y in parts])
    assert three["difference"] == pytest.approx(expected)
    width = three["ci95_high"] - three["ci95_low"]
    assert width < 0.8 * (one["ci95_high"] - one["ci95_low"])
    assert three["ci95_low"] < three["difference"] < three["ci95_high"]
    # an origin with too few conversions is left out rather than averaged in
    keys, model, other, y = parts[0]
    few = np.zeros_like(y)
    few[:2] = True
    assert mean_auc_difference_interval([(keys, model, other, few)]) is None
    with_few = mean_auc_difference_interval(parts + [(keys, model, other, few)])
    assert with_few["difference"] == pytest.approx(three["difference"])


def test_the_mean_gap_interval_resamples_profiles_not_rows() -> None:
    # the same profiles with the same outcome at three origins carry no more
    # information than one origin: resampled by profile, the interval stays as wide
    parts = _origin_parts(np.random.default_rng(9), 2000, 1) * 3
    one = mean_auc_difference_interval(parts[:1])
    three = mean_auc_difference_interval(parts)
    assert three["ci95_high"] - three["ci95_low"] == pytest.approx(
        one["ci95_high"] - one["ci95_low"], rel=0.01
    )


def test_the_gap_over_a_reference_version_pairs_profiles_with_the_same_outcome() -> (
    None
):
    """A backtest of another code version on the same origins: the model's gap over
    that version's model, on the profiles both scored with the same outcome, in any
    row order; an origin the reference lacks is left out."""
    rng = np.random.default_rng(12)
    parts = _origin_parts(rng, 1500, 2)
    days = [dt.date(2026, 8, 1), dt.date(2026, 5, 1)]
    now, before = [], []
    for day, (keys, model, other, y) in zip(days, parts, strict=True):
        origin = OriginBacktest(day)
        origin.scored[("g", "person")] = (keys, y, {"model": model})
        now.append(origin)
        order = rng.permutation(len(keys))
        flipped = y.copy()
        flipped[order[0]] = ~flipped[order[0]]  # one outcome moved: left out
        reference = OriginBacktest(day)
        reference.scored[("g", "person")] = (
            keys[order],
            flipped[order],
            {"model": other[order]},
        )
        before.append(reference)
    gap = reference_gaps(now, before)[("g", "person")]
    expected = mean_auc_difference_interval(parts)
    assert gap["difference"] == pytest.approx(expected["difference"], abs=2e-3)
    assert gap["ci95_low"] < gap["difference"] < gap["ci95_high"]
    only_first = reference_gaps(now, before[:1])[("g", "person")]
    first = auc(parts[0][3], parts[0][1]) - auc(parts[0][3], parts[0][2])
    assert only_first["difference"] == pytest.approx(first, abs=2e-3)


def test_the_backtest_summary_averages_only_the_origins_that_can_be_compared() -> None:
    rng = np.random.default_rng(10)
    parts = _origin_parts(rng, 1500, 2)
    origins = []
    for day, (keys, model, other, y) in zip(
        [dt.date(2026, 8, 1), dt.date(2026, 5, 1)], parts, strict=True
    ):
        origin = OriginBacktest(day)
        systems = {"model": model, "logistic_regression": other, "rule_score": other}
        entry = {
            "goal_name": "g",
            "model_type": "person",
            "evaluated": True,
            "backtest_run_date": day.isoformat(),
            "conversions": int(y.sum()),
        }
        for name, scores in systems.items():
            entry[name] = {"auc": auc(y, scores)}
        origin.results.append(entry)
        origin.scored[("g", "person")] = (keys, y, systems)
        origins.append(origin)
    # a third origin where the goal was refused (no model) and one with 1 conversion
    refused = OriginBacktest(dt.date(2026, 2, 1))
    refused.results.append(
        {"goal_name": "g", "model_type": "person", "evaluated": False}
    )
    keys, model, other, _ = parts[0]
    single = np.zeros(len(keys), dtype=bool)
    single[0] = True
    lonely = OriginBacktest(dt.date(2025, 11, 1))
    lonely.results.append(
        {
            "goal_name": "g",
            "model_type": "person",
            "evaluated": True,
            "backtest_run_date": "2025-11-01",
            "conversions": 1,
            "model": {"auc": 1.0},
            "logistic_regression": {"auc": 0.0},
            "rule_score": {"auc": 0.0},
        }
    )
    lonely.scored[("g", "person")] = (
        keys,
        single,
        {"model": model, "logistic_regression": other, "rule_score": other},
    )
    (item,) = summarize_origins([*origins, refused, lonely])
    assert item["evaluated"] and len(item["origins"]) == 4
    assert item["origins_in_summary"] == ["2026-08-01", "2026-05-01"]
    mean_gap = np.mean([auc(y, m) - auc(y, o) for _, m, o, y in parts])
    gap = item["logistic_regression"]["model_auc_minus_this"]
    assert gap["difference"] == pytest.approx(mean_gap)
    means = item["model"]["mean_auc"] - item["logistic_regression"]["mean_auc"]
    assert means == pytest.approx(mean_gap)  # the same origins in both
    assert item["conversions"] == sum(int(p[3].sum()) for p in parts)


def test_early_stopping_keeps_fewer_rounds_on_a_tiny_signal() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(4000, 3))
    y = rng.random(4000) < 1 / (1 + np.exp(-(x[:, 0] - 3)))
    specs = infer_feature_specs(pa.table({"a": x[:, 0], "b": x[:, 1], "c": x[:, 2]}))
    w = np.ones(3000)
    model = estimators.fit(
        "lightgbm",
        x[:3000],
        y[:3000],
        w,
        specs,
        validation=(x[3000:], y[3000:], np.ones(1000)),
    )
    assert 1 <= model.rounds < estimators.LIGHTGBM_MAX_ROUNDS
    refit = estimators.fit("lightgbm", x, y, np.ones(4000), specs, rounds=model.rounds)
    assert refit.estimator.num_trees() == model.rounds


# ---------------------------------------------------------------- models


def test_training_is_deterministic_and_evaluated(
    examples: pa.Table, trained_row: dict
) -> None:
    assert trained_row["status"] == "trained"
    metrics = json.loads(trained_row["metrics"])
    assert metrics["auc"] > 0.65  # the generating logit itself reaches 0.71
    assert metrics["lift_top_decile"] > 1.5
    assert metrics["holdout_snapshot_date"] == "2026-08-03"
    shuffled = examples.take(np.random.default_rng(1).permutation(examples.num_rows))
    again = train_goal(_goal(), shuffled, GOOD_STATS)
    assert again["model_blob"] == trained_row["model_blob"]
    assert again["metrics"] == trained_row["metrics"]


@pytest.mark.parametrize("algorithm", ["lightgbm", "random_forest"])
def test_contributions_add_up_to_the_prediction(
    examples: pa.Table, algorithm: str
) -> None:
    specs = infer_feature_specs(examples)
    matrix = encode(examples, specs)
    labels = np.asarray(examples.column("label").to_pylist(), dtype=bool)
    model = estimators.fit(algorithm, matrix, labels, np.ones(len(labels)), specs)
    log_odds, contrib = model.explain(matrix[:500], chunk_rows=128)
    np.testing.assert_allclose(log_odds, model.log_odds(matrix[:500]), atol=1e-9)
    if algorithm == "lightgbm":
        base = log_odds + model.log_odds_shift - contrib.sum(axis=1)
    else:
        proba = model.estimator.predict_proba(matrix[:500])[:, 1]
        base = proba - contrib.sum(axis=1)
    assert np.ptp(base) < 1e-9  # contributions + one base value = the prediction
    restored = estimators.deserialize(
        algorithm,
        estimators.serialize(model),
        specs,
        log_odds_shift=model.log_odds_shift,
    )
    np.testing.assert_allclose(restored.log_odds(matrix[:50]), log_odds[:50])


def test_random_forest_goal_trains_and_scores(examples: pa.Table) -> None:
    goal = _goal(algorithm="random_forest")
    row = train_goal(goal, examples, GOOD_STATS)
    assert row["status"] == "trained" and row["algorithm"] == "random_forest"
    assert json.loads(row["metrics"])["auc"] > 0.65
    scored = score_batches(
        examples.slice(0, 1500).to_batches(max_chunksize=400), load_model(row), top_k=3
    )
    assert scored.num_rows == 1500
    assert max(len(f) for f in scored.column("influential_factors").to_pylist()) <= 3


def test_score_batches_ranges_and_factors(
    trained_row: dict, examples: pa.Table
) -> None:
    model = load_model(trained_row)
    batch = examples.slice(0, 1500)
    scored = score_batches(batch.to_batches(max_chunksize=500), model, top_k=5)
    assert scored.num_rows == 1500
    assert (
        scored.column("profile_key").to_pylist()
        == batch.column("profile_key").to_pylist()
    )
    score = scored.column("score").to_numpy()
    pct = scored.column("percentile").to_numpy()
    assert score.min() >= 0 and score.max() <= 100
    assert pct.min() >= 1 and pct.max() == 100
    factors = scored.column("influential_factors").to_pylist()
    assert all(len(f) <= 5 for f in factors)
    codes = {f["code"] for row in factors for f in row}
    assert codes <= set(model.feature_names)
    assert {f["importance"] for row in factors for f in row} <= {
        "low",
        "medium",
        "high",
    }
    # the strongest driver in the data shows up for the top profiles
    top = np.argsort(-score)[:50]
    assert (
        sum(
            any(f["code"] == "pricing_page_visits_30d" for f in factors[i]) for i in top
        )
        >= 40
    )


# ---------------------------------------------------------------- registry


def test_plan_training_cadence(trained_row: dict) -> None:
    registry = pd.DataFrame([trained_row])
    same_day = plan_training([_goal()], registry)[0]
    assert not same_day.train and "reused until 2026-12-01" in same_day.reason
    later = _goal(run_date=RUN_DATE + dt.timedelta(days=10))
    assert not plan_training([later], registry)[0].train
    due = _goal(run_date=RUN_DATE + dt.timedelta(days=30))
    assert plan_training([due], registry)[0].train
    assert plan_training([_goal(force_training=True)], registry)[0].train
    assert plan_training([_goal(algorithm="random_forest")], registry)[0].train
    assert plan_training([_goal(goal_definition="{}")], registry)[0].train
    earlier = _goal(run_date=RUN_DATE - dt.timedelta(days=1))  # a backfill
    assert plan_training([earlier], registry)[0].train
    assert plan_training([_goal()], None)[0].reason == "no trained model yet"


def test_update_registry_keeps_history_and_reuses(
    trained_row: dict, examples: pa.Table
) -> None:
    stats = pd.DataFrame(
        [{"goal_name": "lead_conversion", "model_type": "person", **GOOD_STATS}]
    )
    first = update_registry([_goal()], stats, None, lambda goal: examples)
    assert first.num_rows == 1
    loads: list[str] = []

    def loader(goal: GoalModel) -> pa.Table:
        loads.append(goal.goal_name)
        return examples

    rerun = update_registry([_goal()], stats, first, loader)
    assert not loads  # same day: the stored model is reused
    assert rerun.to_pylist() == first.to_pylist()
    later = _goal(run_date=RUN_DATE + dt.timedelta(days=31))
    grown = update_registry([later], stats, rerun, loader)
    assert loads == ["lead_conversion"]
    assert grown.column("model_id").to_pylist() == [
        "lead_conversion/person/2026-11-01",
        "lead_conversion/person/2026-12-02",
    ]
    assert (
        current_model(grown, later)["model_id"] == "lead_conversion/person/2026-12-02"
    )
    assert (
        current_model(grown, _goal())["model_id"] == "lead_conversion/person/2026-11-01"
    )


def test_registry_round_trips_refused_rows(examples: pa.Table) -> None:
    """Rows with null text (refused attempts) survive being read back and rewritten."""
    stats = pd.DataFrame(
        [
            {"goal_name": "lead_conversion", "model_type": "person", **GOOD_STATS},
            {
                "goal_name": "rare",
                "model_type": "person",
                **GOOD_STATS,
                "conversion_events": 3,
            },
        ]
    )
    goals = [_goal(), _goal(goal_name="rare")]
    first = update_registry(goals, stats, None, lambda goal: examples)
    assert first.column("status").to_pylist() == ["trained", "refused"]
    # what the dbt model reads back from the warehouse on the next run
    con = duckdb.connect()
    stored = con.sql("select * from first").to_arrow_table()
    later = [
        g.__class__(**{**g.__dict__, "run_date": RUN_DATE + dt.timedelta(days=1)})
        for g in goals
    ]
    second = update_registry(later, stats, stored, lambda goal: examples)
    assert second.num_rows == 3
    assert second.column("model_blob").to_pylist()[1:] == [None, None]


def test_training_failure_is_recorded_not_raised(examples: pa.Table) -> None:
    stats = pd.DataFrame(
        [{"goal_name": "lead_conversion", "model_type": "person", **GOOD_STATS}]
    )
    broken = examples.drop_columns(["label"])
    table = update_registry([_goal()], stats, None, lambda goal: broken)
    row = table.to_pylist()[0]
    assert row["status"] == "failed" and "label" in row["status_reason"]


def test_score_goals_skips_goals_without_model(
    trained_row: dict, examples: pa.Table
) -> None:
    registry = pa.Table.from_pylist([trained_row], schema=REGISTRY_SCHEMA)
    features = examples.filter(
        pa.compute.equal(
            examples.column("snapshot_date"), pa.scalar(dt.date(2026, 8, 3))
        )
    )

    def read(model_type: str, columns: list[str]):
        return features.select(columns).to_batches(max_chunksize=700)

    out = score_goals([_goal(), _goal(goal_name="other")], registry, read)
    assert out.schema == SCORES_SCHEMA
    assert out.num_rows == features.num_rows
    assert set(out.column("goal_name").to_pylist()) == {"lead_conversion"}
    assert set(out.column("score_date").to_pylist()) == {RUN_DATE}


# ---------------------------------------------------------------- dbt end to end


def _dbt(args: list[str], raw_dir: Path, warehouse: Path, run_date: str) -> None:
    from b2b_enrich.dbt_runner import run_dbt

    run_dbt(args, raw_dir=raw_dir, warehouse=warehouse, run_date=run_date)


SELECT = [
    "--select",
    "+leads_ai_scores",
    "+scoring_job_log",
    "--indirect-selection",
    "cautious",
]


def _factor(code: str, value: str = "1", importance: str = "high") -> dict:
    return {"code": code, "value": value, "importance": importance}


def test_an_account_scored_by_its_persons_borrows_its_top_persons_reasons() -> None:
    accounts = pa.table(
        {
            "profile_key": ["a1", "a2", "a3"],
            "score": pa.array([90, 60, 55], pa.int16()),
            "influential_factors": pa.array(
                [
                    [_factor(ROLLUP_FEATURE, "0.9")],
                    [_factor("industry", "Retail")],  # roll-up not a reason
                    [_factor(ROLLUP_FEATURE, "0.4")],  # no linked persons
                ],
                FACTORS_TYPE,
            ),
        }
    )
    persons = pa.table(
        {
            "profile_key": ["p1", "p2", "p3", "p4"],
            "probability": [0.2, 0.7, 0.7, 0.9],
            "influential_factors": pa.array(
                [
                    [_factor("webinars_90d")],
                    [
                        _factor("pricing_page_visits_30d", "4"),
                        _factor("job_seniority", "vp", "medium"),
                    ],
                    [_factor("form_fills_30d")],
                    [_factor("email_clicks_7d")],
                ],
                FACTORS_TYPE,
            ),
        }
    )
    # p2 and p3 tie at a1: the smaller key wins; p4 belongs to a2 only
    links = pa.table(
        {
            "person_key": ["p1", "p3", "p2", "p4"],
            "account_key": ["a1", "a1", "a1", "a2"],
        }
    )
    out = with_top_person_factors(accounts, persons, links, top_k=2)
    assert out.column_names == accounts.column_names
    assert out.column("profile_key").to_pylist() == ["a1", "a2", "a3"]
    factors = out.column("influential_factors").to_pylist()
    assert factors[0] == [
        _factor(ROLLUP_FEATURE, "0.9"),
        _factor("top_person.pricing_page_visits_30d", "4"),
    ]
    assert factors[1] == [_factor("industry", "Retail")]
    assert factors[2] == [_factor(ROLLUP_FEATURE, "0.4")]
    assert out.schema.field("influential_factors").type == FACTORS_TYPE


@pytest.mark.integration
def test_dbt_scoring_trains_reuses_and_refuses(
    built_warehouse: Path, demo_raw_dir: Path, tmp_path: Path
) -> None:
    """Both demo goals train and score; the long-window goal is refused with its
    reason; a re-run of the same day reuses the stored models and gives identical
    scores; the next day reuses them too."""
    # the session's build (dbt seed + dbt build, default settings) trained them: a
    # copy of it is re-run here rather than a second build of the scoring lineage
    warehouse = tmp_path / "scoring.duckdb"
    shutil.copyfile(built_warehouse, warehouse)

    def snapshot() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            scores = con.sql(
                "select score_id, score, percentile, "
                "cast(influential_factors as varchar) as factors "
                "from leads_ai_scores order by score_id"
            ).df()
            registry = con.sql(
                "select model_id, status, trained_at, model_blob "
                "from scoring_model_registry order by model_id"
            ).df()
            log = con.sql(
                "select * from scoring_job_log order by job_name, job_part"
            ).df()
        return scores, registry, log

    scores, registry, log = snapshot()
    trained = registry[registry["status"] == "trained"]["model_id"].tolist()
    assert sorted(trained) == [
        "contract_stage/account/2026-11-01",
        "contract_stage/person/2026-11-01",
        "lead_conversion/account/2026-11-01",
        "lead_conversion/person/2026-11-01",
    ]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        trained_metrics = [
            json.loads(m)
            for (m,) in con.sql(
                "select metrics from scoring_model_registry where status = 'trained'"
            ).fetchall()
        ]
    for metrics in trained_metrics:  # the baselines' validation beside the model's
        assert set(metrics["baseline_validation_auc"]) == {
            "rule_score",
            "logistic_regression",
        }
        assert metrics["validation_auc"] is not None and metrics["reliability"]
        partial = log[
            (log["job_name"] == "scoring_training") & (log["status"] == "partial")
        ]
        assert all(
            "validates above" in r or "not conclusive" in r or "too few" in r
            for r in partial["status_reason"]
        )
    refused = log[(log["job_part"] == "closed_won_two_years/account")]
    assert set(refused["status"]) == {"skipped"}
    assert refused["status_reason"].str.contains("days of history, 910 needed").all()
    assert len(scores) > 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (explained,) = con.sql(
            "select count(*) filter (where list_bool_or(list_transform("
            "influential_factors, lambda f: f.code like 'top_person.%'))) "
            "from leads_ai_scores where model_type = 'account' and score >= 80"
        ).fetchall()[0]
    assert explained > 0  # hot accounts say which of their persons drives them

    _dbt(["run", *SELECT[:3]], demo_raw_dir, warehouse, "2026-11-01")
    scores_again, registry_again, _ = snapshot()
    pd.testing.assert_frame_equal(registry, registry_again)  # nothing retrained
    pd.testing.assert_frame_equal(scores, scores_again)  # identical scores

    _dbt(["run", *SELECT[:3]], demo_raw_dir, warehouse, "2026-11-02")
    _, registry_next, log_next = snapshot()
    assert len(registry_next[registry_next["status"] == "trained"]) == 4
    training = log_next[
        (log_next["job_name"] == "scoring_training")
        & (log_next["job_part"] == "lead_conversion/person")
    ].iloc[0]
    assert training["status_reason"].startswith("not due")
    # partial only when a baseline validated above the model, and then it says so
    assert training["status"] == "success" or (
        training["status"] == "partial"
        and json.loads(training["metrics"])["caveat"] in training["status_reason"]
    )
    assert json.loads(training["metrics"])["reused_model"] is True
    assert str(training["next_training_date"])[:10] == "2026-12-01"


@pytest.mark.integration
def test_dbt_refuses_a_bad_goal_config(demo_raw_dir: Path, tmp_path: Path) -> None:
    from b2b_enrich.dbt_runner import DbtRunError

    bad = (
        "{scoring_goals: [{name: lead_conversion, type: leadOperation.convertLead, "
        "prediction_window_days: 90, algorithm: xgboost}]}"
    )
    with pytest.raises(
        DbtRunError, match="scoring goal 'lead_conversion': unknown algorithm"
    ):
        _dbt(
            ["compile", "--select", "int_scoring_goals", "--vars", bad],
            demo_raw_dir,
            tmp_path / "bad.duckdb",
            "2026-11-01",
        )


def test_person_rollup_is_the_chance_that_any_person_converts() -> None:
    day = dt.date(2026, 5, 1)
    links = pa.table(
        {
            "person_key": ["p1", "p2", "p3", "p3"],
            "account_key": ["A", "A", "B", "C"],
        }
    )
    rolled = account_rollup(
        pa.array(["p1", "p2", "p3"]),
        pa.array([day] * 3, pa.date32()),
        np.array([0.5, 0.5, 0.2]),
        links,
    )
    accounts = pa.table(
        {
            "snapshot_date": pa.array([day] * 4, pa.date32()),
            "profile_key": ["A", "B", "C", "D"],
        }
    )
    values = with_rollup(accounts, rolled).column(ROLLUP_FEATURE).to_pylist()
    # A: 1 - 0.5 * 0.5; a person linked to two accounts counts for both; D: no persons
    assert values == pytest.approx([0.75, 0.2, 0.2, 0.0])


def test_cross_fitted_person_probabilities_never_use_the_persons_own_label() -> None:
    rng = np.random.default_rng(7)
    n = 4000
    keys = [f"P{i:05d}" for i in range(n)]
    signal = rng.normal(size=n)
    labels = rng.random(n) < 1 / (1 + np.exp(-(2 * signal - 2)))
    day = dt.date(2026, 1, 1)
    examples = pa.table(
        {
            "snapshot_date": pa.array([day] * n, pa.date32()),
            "profile_key": keys,
            "label": labels,
            "sample_weight": np.ones(n),
            "signal": signal,
        }
    )
    snapshots = examples.rename_columns(
        ["snapshot_date", "person_key", "label", "sample_weight", "signal"]
    )
    got_keys, got_dates, probability = cross_fitted_probabilities(
        "lightgbm", examples, snapshots.to_batches(max_chunksize=1000), rounds=30
    )
    assert got_keys.to_pylist() == keys
    assert set(got_dates.to_pylist()) == {day}
    assert set(person_folds(keys).tolist()) == set(range(FOLDS))
    # informative out of fold, and not a memorized copy of the labels
    assert 0.75 < auc(labels, probability) < 0.95


def test_a_base_margin_model_starts_from_the_probability_and_explains_it() -> None:
    rng = np.random.default_rng(11)
    n = 6000
    prior = 1 / (1 + np.exp(-rng.normal(-2.5, 1.2, n)))  # e.g. the persons' roll-up
    other = rng.normal(size=n)
    labels = rng.random(n) < 1 / (1 + np.exp(-(np.log(prior / (1 - prior)) + other)))
    table = pa.table({ROLLUP_FEATURE: prior, "other": other})
    specs = infer_feature_specs(table)
    matrix = encode(table, specs)
    model = estimators.fit(
        "lightgbm",
        matrix,
        labels,
        np.ones(n),
        specs,
        rounds=60,
        base_margin=ROLLUP_FEATURE,
    )
    margin_spec = model.specs[model.base_margin_index]
    assert margin_spec.kind == "base_margin" and margin_spec.reference < -2
    log_odds, contrib = model.explain(matrix[:400])
    np.testing.assert_allclose(log_odds, model.log_odds(matrix[:400]), atol=1e-9)
    assert np.ptp(log_odds - contrib.sum(axis=1)) < 1e-9  # + one base value
    # the prior explains itself: its contribution follows its log-odds
    prior_part = contrib[:, model.base_margin_index]
    assert np.corrcoef(prior_part, np.log(prior[:400] / (1 - prior[:400])))[0, 1] > 0.9
    assert auc(labels, model.log_odds(matrix)) > auc(labels, prior) + 0.05
    restored = estimators.deserialize(
        "lightgbm",
        estimators.serialize(model),
        specs_from_json(specs_to_json(model.specs)),
    )
    np.testing.assert_allclose(restored.log_odds(matrix[:50]), log_odds[:50])
    missing = matrix[:5].copy()
    missing[:, model.base_margin_index] = np.nan  # no roll-up: the training mean
    assert np.isfinite(model.log_odds(missing)).all()


def test_trees_on_a_margin_that_holds_the_signal_stay_few() -> None:
    # the floor of boosting rounds keeps scores from being squeezed around the
    # average; a base margin spreads them already, so there the holdout decides
    rng = np.random.default_rng(13)
    n = 8000
    prior = 1 / (1 + np.exp(-rng.normal(-2.5, 1.2, n)))
    noise = rng.normal(size=(n, 2))
    labels = rng.random(n) < prior
    table = pa.table({ROLLUP_FEATURE: prior, "a": noise[:, 0], "b": noise[:, 1]})
    specs = infer_feature_specs(table)
    matrix = encode(table, specs)
    train, valid = slice(0, 6000), slice(6000, n)
    holdout = (matrix[valid], labels[valid], np.ones(n - 6000))

    def fit(base_margin: str | None) -> estimators.TrainedModel:
        return estimators.fit(
            "lightgbm",
            matrix[train],
            labels[train],
            np.ones(6000),
            specs,
            validation=holdout,
            base_margin=base_margin,
        )

    with_margin = fit(ROLLUP_FEATURE)
    assert with_margin.rounds < estimators.LIGHTGBM_MIN_ROUNDS
    assert auc(labels[valid], with_margin.log_odds(matrix[valid])) > 0.75
    without_margin = fit(None)
    assert without_margin.rounds >= estimators.LIGHTGBM_MIN_ROUNDS


def test_the_registry_stores_the_base_margin_with_the_model(examples: pa.Table) -> None:
    prior = np.random.default_rng(5).uniform(0.01, 0.3, examples.num_rows)
    row = train_goal(
        _goal(), examples.append_column(ROLLUP_FEATURE, pa.array(prior)), GOOD_STATS
    )
    model = load_model(row)
    assert model.base_margin_index is not None
    assert row["feature_list"][model.base_margin_index] == ROLLUP_FEATURE


# ---------------------------------------------------------------- model selection


def _weekly_snapshots(weeks: int) -> np.ndarray:
    return np.array(
        [RUN_DATE - dt.timedelta(days=91 + 7 * k) for k in range(weeks)], dtype=object
    )


def test_a_thin_latest_snapshot_gets_rolling_out_of_time_folds() -> None:
    from b2b_enrich.scoring.selection import MIN_BLOCK_POSITIVES, time_folds

    rng = np.random.default_rng(3)
    dates = np.repeat(_weekly_snapshots(30), 400)
    labels = rng.random(len(dates)) < 0.03  # about 12 conversions per snapshot
    folds, scheme = time_folds(dates, labels, 91)
    assert scheme.startswith("rolling") and len(folds) >= 2
    seen: set = set()
    for fold in folds:
        valid_dates = set(dates[fold.valid])
        assert not valid_dates & seen  # blocks do not overlap
        seen |= valid_dates
        assert labels[fold.valid].sum() >= MIN_BLOCK_POSITIVES
        # no training label overlaps the validated period
        assert max(dates[fold.train]) <= fold.first_date - dt.timedelta(days=91)
    assert folds[0].last_date == max(dates)  # the latest block first


def test_rolling_folds_stop_once_they_validate_on_ample_conversions() -> None:
    """Two folds that together hold the conversions one ample snapshot is trusted
    with are enough: a third would cost every candidate and baseline one more fit."""
    from b2b_enrich.scoring.selection import (
        AMPLE_VALIDATION_POSITIVES,
        MAX_FOLDS,
        MIN_AMPLE_FOLDS,
        time_folds,
    )

    rng = np.random.default_rng(5)
    dates = np.repeat(_weekly_snapshots(30), 3000)
    labels = rng.random(len(dates)) < 0.04  # about 120 conversions per snapshot
    folds, scheme = time_folds(dates, labels, 91)
    assert scheme == f"rolling, {MIN_AMPLE_FOLDS} folds" and len(folds) < MAX_FOLDS
    assert sum(labels[f.valid].sum() for f in folds) >= AMPLE_VALIDATION_POSITIVES
    # thin snapshots still get every fold
    thin = rng.random(len(dates)) < 0.004  # about 12 per snapshot
    assert len(time_folds(dates, thin, 91)[0]) == MAX_FOLDS


def test_an_ample_latest_snapshot_validates_alone() -> None:
    from b2b_enrich.scoring.selection import time_folds

    rng = np.random.default_rng(4)
    dates = np.repeat(_weekly_snapshots(20), 5000)
    labels = rng.random(len(dates)) < 0.05
    folds, scheme = time_folds(dates, labels, 91)
    assert scheme == "latest snapshot" and len(folds) == 1
    assert set(dates[folds[0].valid]) == {max(dates)}


def test_the_registry_holds_the_baselines_validation_auc_beside_the_model(
    trained_row: dict,
) -> None:
    from b2b_enrich.scoring.selection import LIGHTGBM_CANDIDATES

    metrics = json.loads(trained_row["metrics"])
    assert set(metrics["baseline_validation_auc"]) == {
        "rule_score",
        "logistic_regression",
    }
    assert all(0.4 < v < 1.0 for v in metrics["baseline_validation_auc"].values())
    assert [c["config"] for c in metrics["candidates"]] == list(LIGHTGBM_CANDIDATES)
    kept = {c["config"]: c for c in metrics["candidates"]}[metrics["lightgbm_config"]]
    assert metrics["validation_auc"] == pytest.approx(kept["validation_auc"])
    default = metrics["candidates"][0]
    if metrics["lightgbm_config"] != default["config"]:  # ahead on every fold
        assert all(
            k > d for k, d in zip(kept["fold_auc"], default["fold_auc"], strict=True)
        )
    gap = metrics["validation_auc"] - max(metrics["baseline_validation_auc"].values())
    assert metrics["model_minus_best_baseline"] == pytest.approx(gap, abs=1e-3)
    assert metrics["baseline_beats_model"] is (gap < 0)


def test_a_quick_model_search_validates_the_projects_configuration_only(
    examples: pa.Table, trained_row: dict
) -> None:
    row = train_goal(_goal(model_search="quick"), examples, GOOD_STATS)
    quick, full = json.loads(row["metrics"]), json.loads(trained_row["metrics"])
    assert [c["config"] for c in quick["candidates"]] == ["project_default"]
    assert quick["candidates"][0] == full["candidates"][0]  # same folds, same rounds
    assert quick["lightgbm_config"] == "project_default"
    assert quick["baseline_validation_auc"] == full["baseline_validation_auc"]


def _fold(dates: np.ndarray, train_before: int, valid: int) -> Fold:
    day = dt.date(2026, 1, 1)
    return Fold(
        train=dates < train_before, valid=dates == valid, first_date=day, last_date=day
    )


def test_rounds_are_the_fewest_within_one_standard_error_of_the_best() -> None:
    # two folds of 150 conversions in 1,500 rows: the mean AUC's error is about 0.013
    dates = np.repeat(np.arange(4), 1500)
    labels = np.tile(np.arange(1500) < 150, 4)
    folds = [_fold(dates, 2, 2), _fold(dates, 3, 3)]
    rounds = np.arange(1, estimators.LIGHTGBM_MAX_ROUNDS + 1)
    flat = 0.80 + 0.005 * np.minimum(rounds, 160) / 160  # peaks at 160, +0.005
    assert choose_rounds(flat, folds, labels, floor=50) == 50
    steep = 0.70 + 0.10 * np.minimum(rounds, 160) / 160  # +0.1: the peak is real
    chosen = choose_rounds(steep, folds, labels, floor=50)
    assert 120 < chosen <= 160
    assert choose_rounds(flat, folds, labels, floor=1) < 50  # the floor is the floor


def test_the_refit_takes_more_rounds_on_more_conversions() -> None:
    dates = np.repeat(np.arange(4), 1000)
    labels = np.tile(np.arange(1000) < 100, 4)
    # the folds train on 100 and 200 conversions (weighted mean 150), all hold 400
    folds = [_fold(dates, 1, 3), _fold(dates, 2, 2)]
    assert refit_rounds(60, folds, labels) == 98  # 60 x sqrt(400 / 150)
    assert refit_rounds(200, folds, labels) == estimators.LIGHTGBM_MAX_ROUNDS
    assert refit_rounds(60, [], labels) == 60


def test_a_candidate_replaces_the_default_only_when_ahead_on_every_fold() -> None:
    from b2b_enrich.scoring.selection import _ahead_on_every_fold

    aucs = {
        "project_default": np.array([0.90, 0.91, 0.89]),
        "lucky": np.array([0.93, 0.90, 0.90]),  # higher mean, behind on one fold
        "better": np.array([0.91, 0.92, 0.90]),
    }
    assert not _ahead_on_every_fold(aucs, "lucky", "project_default")
    assert _ahead_on_every_fold(aucs, "better", "project_default")


def test_a_baseline_that_validates_above_the_model_is_said() -> None:
    """Conversions follow the points rule exactly: no tree beats it, and the registry
    row says so in its reason (the job log turns that into status partial)."""
    rng = np.random.default_rng(11)
    rows = []
    for k in range(8):
        n = 1500
        counts = {
            name: rng.poisson(0.25, n)
            for name in ("pricing_page_visits", "email_clicks", "form_fills")
        }
        points = (
            10 * counts["pricing_page_visits"]
            + 5 * counts["email_clicks"]
            + 15 * counts["form_fills"]
        )
        label = points + rng.normal(0, 0.5, n) > 22
        frame = {
            "goal_name": "lead_conversion",
            "snapshot_date": RUN_DATE - dt.timedelta(days=90 + 30 * k),
            "profile_key": [f"P{i:05d}" for i in range(n)],
            "label": label,
            "sample_weight": 1.0,
        }
        for name, values in counts.items():
            frame[f"{name}_30d"] = values
            frame[f"{name}_90d"] = values
        frame["noise"] = rng.normal(size=n)
        rows.append(pd.DataFrame(frame))
    table = pa.Table.from_pandas(pd.concat(rows, ignore_index=True))
    row = train_goal(_goal(), table, GOOD_STATS)
    metrics = json.loads(row["metrics"])
    assert row["status"] == "trained"
    assert metrics["baseline_validation_auc"]["rule_score"] > 0.99
    if metrics["baseline_beats_model"]:
        assert "validates above the model" in row["status_reason"]
        assert "gap" in row["status_reason"]
    else:  # the trees matched the rule: nothing to say
        assert "validates above" not in row["status_reason"]
        assert metrics["model_minus_best_baseline"] >= 0


def test_the_reliability_table_matches_what_a_calibrated_score_promises() -> None:
    from b2b_enrich.scoring.metrics import pool_reliability, reliability_table

    rng = np.random.default_rng(8)
    probability = np.clip(rng.lognormal(-3.5, 1.0, 200_000), 0, 0.9)
    labels = rng.random(len(probability)) < probability
    table = reliability_table(labels, relative_scores(probability))
    assert sum(row["profiles"] for row in table) == len(probability)
    assert sum(row["conversions"] for row in table) == int(labels.sum())
    shares = [row["share_converting"] for row in table]
    assert shares == sorted(shares)  # higher bands convert more
    for row in table:
        if row["conversions"] >= 100:  # a true probability keeps the promise
            assert row["share_converting"] == pytest.approx(
                row["promised_share"], rel=0.2
            )
    # an overconfident score (lift squared) breaks the promise at the top
    bold = reliability_table(labels, relative_scores(probability**2))
    top = [row for row in bold if row["band"] >= 80 and row["conversions"] >= 50]
    assert top and all(r["share_converting"] < 0.8 * r["promised_share"] for r in top)
    pooled = pool_reliability([table, table])
    assert [r["profiles"] for r in pooled] == [2 * r["profiles"] for r in table]
    assert [r["share_converting"] for r in pooled] == pytest.approx(shares, abs=1e-4)


def test_the_short_funnel_demo_is_one_year_of_two_or_three_events_per_lead(
    tmp_path: Path,
) -> None:
    from b2b_enrich.demo_data import generate
    from b2b_enrich.demo_data.events import SHORT_FUNNEL_CHANNELS

    generate(
        tmp_path,
        persons=6000,
        accounts=300,
        seed=3,
        end_date=RUN_DATE,
        progress=False,
        funnel="short",
    )
    with duckdb.connect() as con:
        span, per_lead, leads = con.sql(
            f"""
            select
                date_diff('day', min("timestamp"), max("timestamp")),
                count(*) / count(distinct person_key),
                count(distinct person_key)
            from '{tmp_path}/experience_events.parquet'
            """
        ).fetchall()[0]
        assert span <= 366 and 2.0 <= per_lead <= 3.0 and leads == 6000
        # the acquisition channel rides on the landing page's URL; conversions
        # follow it (the best channel converts clearly more than the worst)
        by_channel = con.sql(
            f"""
            with landing as (
                select person_key,
                    regexp_extract(arg_min(web_page_url, "timestamp"),
                        'utm_source=([a-z0-9]+)', 1) as channel
                from '{tmp_path}/experience_events.parquet'
                where event_type = 'web.webpagedetails.pageViews'
                group by 1
            ),
            conv as (
                select distinct person_key
                from '{tmp_path}/experience_events.parquet'
                where event_type = 'leadOperation.convertLead'
            )
            select channel, avg((c.person_key is not null)::int) as rate, count(*)
            from landing left join conv as c using (person_key)
            group by 1
            """
        ).df()
    rates = dict(zip(by_channel["channel"], by_channel["rate"], strict=True))
    assert set(rates) == {c[0] for c in SHORT_FUNNEL_CHANNELS}
    assert rates["partner"] > 2 * rates["syndication"]


def test_a_validation_too_thin_to_compare_is_said() -> None:
    """Six snapshots with a handful of conversions: the model is trained, but the
    reason says the comparison with the baselines is not conclusive."""
    table = _examples(n_profiles=120, snapshots=6, seed=2)
    row = train_goal(_goal(), table, GOOD_STATS)
    metrics = json.loads(row["metrics"])
    assert row["status"] == "trained"
    assert metrics["caveat"] and metrics["caveat"] in row["status_reason"]
    assert "not conclusive" in metrics["caveat"] or "too few" in metrics["caveat"]
