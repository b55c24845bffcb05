"""Evaluate predictive scoring by backtest against later conversions and hidden truth.

Method (rolling origin): take the run date R of the built warehouse (or, without one,
the day after the last raw event) and rebuild the scoring models in a separate backtest
warehouse (``out_dir/scoring_backtest_<date>.duckdb``) as of each origin
``R - k * horizon_days``, k = 1..``origins`` (default 90 days, 3 origins): features,
training and scores then use only data before that date. The conversions that really
happened in the goal's prediction window (at most ``horizon_days``, so every origin
looks at the same span) after the origin, read from the raw events, are the outcome;
the generator's hidden propensity (``truth/person_truth.parquet``,
``truth/account_truth.parquet``) is a second, noise-free reference. One origin has a
few dozen to a few hundred conversions per goal, too few to separate AUC gaps of 0.01;
the origins together have about three times as many (the same profiles recur at every
origin, which the bootstrap of the mean gap accounts for by resampling profiles, not
rows).

For every goal and model type the tree model is compared on the same profiles with:

* ``logistic_regression``: trained on the same training examples and features
  (median-imputed with missing flags, one-hot categories, standardized, balanced);
* ``rule_score``: the points a marketing-automation tool gives by default (+10 per
  pricing-page visit, +5 per email click, +15 per form fill, +10 per webinar, +10 per
  demo-page visit, +1 per page view in the last 30 days; half points for days 31-90;
  title seniority points). Account rule score: the sum over its persons plus 5 per
  engaged person.

Metrics: AUC and top-decile lift against the outcome, Spearman correlation with the
hidden propensity and the propensity lift of the top decile (mean propensity in the top
10 % over the mean), per origin and as the mean over the origins; the model's AUC gap
over each baseline with a paired bootstrap 95 % interval (per origin, and for the mean
gap resampling every origin's profiles). Writes ``scoring_evaluation.json`` and a
cumulative-gain chart of the latest origin, ``scoring_gain.html`` (plotly, offline), to
``out_dir``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from b2b_enrich.scoring.baselines import logistic_baseline, rule_score
from b2b_enrich.scoring.features import encode
from b2b_enrich.scoring.metrics import (
    auc,
    gain_curve,
    pool_reliability,
    reliability_table,
    top_decile_lift,
)
from b2b_enrich.scoring.registry import (
    GoalModel,
    current_model,
    goals_from_frame,
    load_model,
    person_sibling,
    training_rollup,
)
from b2b_enrich.scoring.rollup import ROLLUP_FEATURE, account_rollup, with_rollup
from b2b_enrich.scoring.scores import relative_scores

log = logging.getLogger(__name__)

DEFAULT_HORIZON_DAYS = 90
#: backtest origins R - k * horizon (k = 1..3): three windows of later conversions
DEFAULT_ORIGINS = 3
BACKTEST_SELECT = ["+leads_ai_scores", "+scoring_job_log"]


def _with_person_rollup(
    con: duckdb.DuckDBPyConnection,
    registry: pa.Table,
    goals: Sequence[GoalModel],
    goal: GoalModel,
    features: pa.Table,
    train: pa.Table,
) -> tuple[pa.Table, pa.Table]:
    """Account features and training examples with the person roll-up, as the
    pipeline computes them (today: the stored person model; training snapshots:
    cross-fitted), so the baselines see the same feature."""
    sibling = person_sibling(goals, goal)
    person_row = current_model(registry, sibling) if sibling else None
    if sibling is None or person_row is None:
        return features, train
    links = con.sql(
        "select person_key, account_key from int_scoring_person_accounts"
    ).to_arrow_table()
    person_features = con.sql(
        "select * from int_scoring_person_features"
    ).to_arrow_table()
    person_model = load_model(person_row)
    today = account_rollup(
        person_features.column("profile_key"),
        person_features.column("snapshot_date"),
        person_model.probability(encode(person_features, person_model.specs)),
        links,
    )

    def load_examples(person_goal: GoalModel) -> pa.Table:
        return con.sql(
            "select * from int_scoring_person_training_examples where goal_name = $g",
            params={"g": person_goal.goal_name},
        ).to_arrow_table()

    past = training_rollup(
        sibling,
        person_row,
        load_examples,
        lambda: (
            con.sql("select * from int_scoring_person_snapshots")
            .to_arrow_table()
            .to_batches()
        ),
        lambda: links,
    )
    return with_rollup(features, today), with_rollup(train, past)


def _spearman(a: np.ndarray, b: np.ndarray) -> float | None:
    from scipy.stats import spearmanr

    ok = ~(np.isnan(a) | np.isnan(b))
    if ok.sum() < 3:
        return None
    return float(spearmanr(a[ok], b[ok]).statistic)


def _propensity_lift(scores: np.ndarray, propensity: np.ndarray) -> float | None:
    ok = ~np.isnan(propensity)
    if ok.sum() < 10:
        return None
    s, p = scores[ok], propensity[ok]
    top = np.argsort(-s, kind="stable")[: max(1, len(s) // 10)]
    return float(p[top].mean() / p.mean())


def _system_metrics(
    scores: np.ndarray, outcome: np.ndarray, propensity: np.ndarray
) -> dict[str, Any]:
    return {
        "auc": auc(outcome, scores),
        "lift_top_decile": top_decile_lift(outcome, scores),
        "spearman_propensity": _spearman(scores, propensity),
        "propensity_lift_top_decile": _propensity_lift(scores, propensity),
    }


BOOTSTRAP_SAMPLES = 500


#: an origin counts in the summary when its outcome has at least this many profiles
#: of each class (below it the AUC and its bootstrap are mostly noise)
MIN_CLASS_PROFILES = 5


def comparable(outcome: np.ndarray) -> bool:
    """Whether an outcome has enough converted and not converted profiles for an AUC."""
    y = np.asarray(outcome, dtype=bool)
    return bool(y.sum() >= MIN_CLASS_PROFILES and (~y).sum() >= MIN_CLASS_PROFILES)


def auc_difference_interval(
    model_scores: np.ndarray,
    other_scores: np.ndarray,
    outcome: np.ndarray,
    *,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = 7,
) -> dict[str, float] | None:
    """AUC(model) - AUC(other) with a 95 % paired bootstrap interval over profiles.

    Both systems are scored on the same resampled profiles, so the interval says
    whether the gap is larger than the noise of a few dozen conversions.
    """
    rows = np.arange(len(outcome))
    return mean_auc_difference_interval(
        [(rows, model_scores, other_scores, outcome)], samples=samples, seed=seed
    )


def mean_auc_difference_interval(
    parts: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
    *,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = 7,
) -> dict[str, float] | None:
    """The mean over backtest origins of AUC(model) - AUC(other), with a 95 % interval.

    ``parts`` holds (profile keys, model scores, other scores, outcome) per origin.
    The origins share most of their profiles (the same persons are scored at every
    origin), so they are not independent samples: every bootstrap sample draws
    profiles by key with replacement, and a profile drawn k times weighs k at every
    origin it appears in (both systems on the same profiles: paired). The interval is
    that of the mean of the origins' gaps. Origins that are not :func:`comparable`
    are left out; None if none is left.
    """
    kept = [
        (np.asarray(keys), m, o, np.asarray(y, dtype=bool))
        for keys, m, o, y in parts
        if comparable(y)
    ]
    if not kept:
        return None
    all_keys, inverse = np.unique(
        np.concatenate([keys for keys, *_ in kept]), return_inverse=True
    )
    bounds = np.cumsum([0] + [len(keys) for keys, *_ in kept])
    prepared = [
        (WeightedAuc(m, y), WeightedAuc(o, y), y, inverse[bounds[i] : bounds[i + 1]])
        for i, (_, m, o, y) in enumerate(kept)
    ]
    rng = np.random.default_rng(seed)
    n = len(all_keys)
    gaps = []
    for _ in range(samples):
        counts = np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)
        sample = []
        for model_auc, other_auc, outcome, index in prepared:
            weights = counts[index]
            if not (weights[outcome].any() and weights[~outcome].any()):
                break
            sample.append(model_auc(weights) - other_auc(weights))
        else:
            gaps.append(float(np.mean(sample)))
    if not gaps:
        return None
    low, high = np.percentile(gaps, [2.5, 97.5])
    return {
        "difference": float(np.mean([auc(y, m) - auc(y, o) for _, m, o, y in kept])),
        "ci95_low": float(low),
        "ci95_high": float(high),
    }


class WeightedAuc:
    """AUC of fixed scores and labels under per-profile weights (a bootstrap sample's
    counts), in linear time: the scores are ranked once (ties count half)."""

    def __init__(self, scores: np.ndarray, outcome: np.ndarray) -> None:
        _, self.rank = np.unique(np.asarray(scores), return_inverse=True)
        self.levels = int(self.rank.max()) + 1 if len(self.rank) else 0
        self.positive = np.asarray(outcome).astype(bool)

    def __call__(self, weights: np.ndarray) -> float:
        positive = np.bincount(
            self.rank, weights=weights * self.positive, minlength=self.levels
        )
        negative = np.bincount(
            self.rank, weights=weights * ~self.positive, minlength=self.levels
        )
        below = np.cumsum(negative) - negative
        pairs = positive.sum() * negative.sum()
        return float((positive * (below + 0.5 * negative)).sum() / pairs)


def _last_event_day(raw_dir: Path, fmt: str) -> dt.date:
    path = raw_dir / f"experience_events.{fmt}"
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    with duckdb.connect() as con:
        value = con.sql(
            f"select max(try_cast(\"timestamp\" as timestamp)) from {reader}('{path}')"
        ).fetchall()[0][0]
    return value.date()


def _warehouse_run_date(warehouse: Path) -> dt.date | None:
    if not warehouse.exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            value = con.sql("select max(run_date) from int_scoring_goals").fetchall()
        return value[0][0]
    except duckdb.Error:
        return None


def _outcomes(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    fmt: str,
    goal: dict[str, Any],
    start: dt.date,
    end: dt.date,
) -> pd.DataFrame:
    """Persons with a goal event in [start, end) and persons converted before start."""
    path = raw_dir / f"experience_events.{fmt}"
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    conditions = ["trim(event_type) = $goal_type"]
    params: dict[str, Any] = {
        "goal_type": goal["goal_type"],
        "start": start,
        "end": end,
    }
    for key in ("attribute_name", "new_value", "converted_status"):
        if isinstance(goal.get(key), str):
            conditions.append(f"lower(trim({key})) = lower(trim(${key}))")
            params[key] = goal[key]
    return con.execute(
        f"""
        select
            trim(person_key) as person_key,
            bool_or(ts >= $start and ts < $end) as converted_in_window,
            bool_or(ts < $start) as converted_before
        from (
            select *, try_cast("timestamp" as timestamp) as ts from {reader}('{path}')
        )
        where {" and ".join(conditions)} and ts < $end
        group by 1
        """,
        params,
    ).df()


def _gain_figure(curves: list[dict[str, Any]], path: Path) -> None:
    import plotly.graph_objects as go
    import plotly.io as pio
    from plotly.subplots import make_subplots

    cols = 2
    rows = max(1, (len(curves) + cols - 1) // cols)
    fig = make_subplots(
        rows=rows, cols=cols, subplot_titles=[c["title"] for c in curves]
    )
    colors = {
        "model": "#1f77b4",
        "logistic_regression": "#ff7f0e",
        "rule_score": "#2ca02c",
        "random": "#999999",
    }
    for i, curve in enumerate(curves):
        row, col = i // cols + 1, i % cols + 1
        for name, (x, y) in curve["systems"].items():
            fig.add_trace(
                go.Scatter(
                    x=x * 100,
                    y=y * 100,
                    name=name,
                    legendgroup=name,
                    showlegend=i == 0,
                    line={
                        "color": colors.get(name),
                        "dash": "dot" if name == "random" else "solid",
                    },
                ),
                row=row,
                col=col,
            )
        fig.update_xaxes(
            title_text="% of profiles contacted (by score)", row=row, col=col
        )
        fig.update_yaxes(title_text="% of conversions captured", row=row, col=col)
    fig.update_layout(
        title="Cumulative gain on the backtest (later conversions)",
        height=380 * rows,
        width=1100,
    )
    html = pio.to_html(fig, include_plotlyjs=True, full_html=True)
    path.write_text(html, encoding="utf-8")


def _reliability_figure(results: list[dict[str, Any]], path: Path) -> None:
    """Share converting per score band against what the score promises, one panel
    per goal / model type (pooled over the backtest origins)."""
    import plotly.graph_objects as go
    import plotly.io as pio
    from plotly.subplots import make_subplots

    items = [r for r in results if r.get("reliability")]
    cols = 2
    rows = max(1, (len(items) + cols - 1) // cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[f"{r['goal_name']} / {r['model_type']}" for r in items],
    )
    for i, item in enumerate(items):
        row, col = i // cols + 1, i % cols + 1
        table = item["reliability"]
        bands = [
            f"{t['band']}-{t['band'] + 9 if t['band'] < 90 else 100}" for t in table
        ]
        fig.add_trace(
            go.Bar(
                x=bands,
                y=[100 * t["share_converting"] for t in table],
                name="converted (%)",
                legendgroup="observed",
                showlegend=i == 0,
                marker_color="#1f77b4",
                customdata=[[t["profiles"], t["conversions"]] for t in table],
                hovertemplate="%{y:.1f}% of %{customdata[0]} profiles"
                " (%{customdata[1]} conversions)<extra></extra>",
            ),
            row=row,
            col=col,
        )
        fig.add_trace(
            go.Scatter(
                x=bands,
                y=[100 * t["promised_share"] for t in table],
                name="the score's promise (average x lift)",
                legendgroup="promise",
                showlegend=i == 0,
                mode="lines+markers",
                line={"color": "#d62728", "dash": "dot"},
            ),
            row=row,
            col=col,
        )
        fig.update_xaxes(title_text="score band", row=row, col=col)
        fig.update_yaxes(title_text="% converting in the window", row=row, col=col)
    fig.update_layout(
        title="Score reliability on the backtest (later conversions, all origins)",
        height=380 * rows,
        width=1100,
    )
    path.write_text(
        pio.to_html(fig, include_plotlyjs=True, full_html=True), encoding="utf-8"
    )


def evaluate(
    warehouse: Path,
    raw_dir: Path,
    out_dir: Path,
    *,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    origins: int = DEFAULT_ORIGINS,
    raw_format: str = "parquet",
    build: bool = True,
    project_dir: Path | None = None,
    reference_dir: Path | None = None,
) -> dict[str, Any]:
    """Backtest the scoring models and the baselines (see module docstring).

    ``warehouse`` is the built warehouse (its run date R is read; it is not written);
    one backtest warehouse ``out_dir/scoring_backtest_<date>.duckdb`` per origin
    ``R - k * horizon_days`` (k = 1..``origins``) is built by dbt unless ``build`` is
    False (``project_dir``: another checkout of the dbt project, default this one).
    With ``reference_dir`` (the backtest warehouses of the same origins built by
    another version of the code, e.g. an earlier ``out_dir``) every summary also holds
    ``model_minus_reference``: the paired gap of the model over that version's.
    Returns (and writes) the metrics.
    """
    if origins < 1 or horizon_days < 1:
        raise ValueError("origins and horizon_days must be at least 1")
    warehouse, raw_dir, out_dir = Path(warehouse), Path(raw_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    run_date = _warehouse_run_date(warehouse) or (
        _last_event_day(raw_dir, raw_format) + dt.timedelta(days=1)
    )
    truth = {
        "person": pd.read_parquet(
            raw_dir / "truth" / "person_truth.parquet",
            columns=["person_key", "propensity"],
        ).rename(columns={"person_key": "profile_key"}),
        "account": pd.read_parquet(
            raw_dir / "truth" / "account_truth.parquet",
            columns=["account_key", "propensity"],
        ).rename(columns={"account_key": "profile_key"}),
    }
    origin_dates = [
        run_date - dt.timedelta(days=k * horizon_days) for k in range(1, origins + 1)
    ]
    backtests: list[OriginBacktest] = []
    for backtest_date in origin_dates:
        backtest = out_dir / f"scoring_backtest_{backtest_date.isoformat()}.duckdb"
        if build:
            _build_backtest(backtest, backtest_date, raw_dir, raw_format, project_dir)
        backtests.append(
            _backtest_origin(
                backtest, raw_dir, raw_format, backtest_date, horizon_days, truth
            )
        )
    results = summarize_origins(backtests)
    if reference_dir is not None:
        reference = [
            _backtest_origin(
                Path(reference_dir)
                / f"scoring_backtest_{origin.backtest_date.isoformat()}.duckdb",
                raw_dir,
                raw_format,
                origin.backtest_date,
                horizon_days,
                truth,
            )
            for origin in backtests
        ]
        gaps = reference_gaps(backtests, reference)
        for item in results:
            key = (item["goal_name"], item["model_type"])
            item["model_minus_reference"] = gaps.get(key)
    metrics = {
        "run_date": run_date.isoformat(),
        "horizon_days": horizon_days,
        "origins": [d.isoformat() for d in origin_dates],
        "results": results,
    }
    (out_dir / "scoring_evaluation.json").write_text(
        json.dumps(metrics, indent=2) + "\n"
    )
    curves = backtests[0].curves if backtests else []
    if curves:
        _gain_figure(curves, out_dir / "scoring_gain.html")
    if any(r.get("reliability") for r in results):
        _reliability_figure(results, out_dir / "scoring_reliability.html")
    log.info("wrote %s", out_dir / "scoring_evaluation.json")
    return metrics


def _build_backtest(
    backtest: Path,
    backtest_date: dt.date,
    raw_dir: Path,
    raw_format: str,
    project_dir: Path | None,
) -> None:
    from b2b_enrich.dbt_runner import run_dbt

    log.info("building the backtest warehouse %s as of %s", backtest, backtest_date)
    common: dict[str, Any] = {
        "raw_dir": raw_dir,
        "warehouse": backtest,
        "run_date": backtest_date.isoformat(),
        "raw_format": raw_format,
    }
    if project_dir is not None:
        common["project_dir"] = project_dir
    run_dbt(["seed"], **common)
    # always retrain: the backtest measures the code as it is now
    run_dbt(
        [
            "run",
            "--select",
            *BACKTEST_SELECT,
            "--vars",
            "{scoring_force_training: true}",
        ],
        **common,
    )


@dataclass
class OriginBacktest:
    """One origin's results and, per (goal, model type), the scores behind them."""

    backtest_date: dt.date
    results: list[dict[str, Any]] = field(default_factory=list)
    #: (goal_name, model_type) -> (profile keys, outcome, {system: scores}) of the
    #: evaluated profiles
    scored: dict[
        tuple[str, str], tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]
    ] = field(default_factory=dict)
    curves: list[dict[str, Any]] = field(default_factory=list)


def _backtest_origin(
    backtest: Path,
    raw_dir: Path,
    raw_format: str,
    backtest_date: dt.date,
    horizon_days: int,
    truth: dict[str, pd.DataFrame],
) -> OriginBacktest:
    """Score every goal model of one backtest warehouse against the conversions of
    its prediction window (at most ``horizon_days``) after ``backtest_date``."""
    origin = OriginBacktest(backtest_date)
    with duckdb.connect(str(backtest), read_only=True) as con:
        goal_rows = con.sql("select * from int_scoring_goals").df()
        goals = goals_from_frame(goal_rows)
        registry = con.sql("select * from scoring_model_registry").to_arrow_table()
        links = con.sql(
            "select person_key, account_key from int_scoring_person_accounts"
        ).df()
        for goal, row in zip(goals, goal_rows.to_dict("records"), strict=True):
            model_row = current_model(registry, goal)
            if model_row is None:
                log.info(
                    "%s/%s as of %s: no model (refused), not evaluated",
                    *goal.key,
                    backtest_date,
                )
                origin.results.append(
                    {
                        "goal_name": goal.goal_name,
                        "model_type": goal.model_type,
                        "evaluated": False,
                        "reason": "no trained model",
                    }
                )
                continue
            model = load_model(model_row)
            features = con.sql(
                f"select * from int_scoring_{goal.model_type}_features"
            ).to_arrow_table()
            features = features.sort_by("profile_key")
            train = con.sql(
                f"select * from int_scoring_{goal.model_type}_training_examples "
                "where goal_name = $g",
                params={"g": goal.goal_name},
            ).to_arrow_table()
            # the same outcome span at every origin: the goal's window, at most
            # the horizon (the next origin's start)
            outcome_days = min(goal.prediction_window_days, horizon_days)
            window_end = backtest_date + dt.timedelta(days=outcome_days)
            events = _outcomes(con, raw_dir, raw_format, row, backtest_date, window_end)
            keys = features.column("profile_key").to_pandas()
            if goal.model_type == "person":
                merged = pd.DataFrame({"person_key": keys}).merge(
                    events, on="person_key", how="left"
                )
                keep = ~merged["converted_before"].fillna(False).to_numpy(dtype=bool)
                outcome = merged["converted_in_window"].fillna(False).to_numpy(bool)
            else:
                converted = links.merge(
                    events[events["converted_in_window"].fillna(False)],
                    on="person_key",
                )["account_key"].unique()
                keep = np.ones(len(keys), dtype=bool)
                outcome = keys.isin(converted).to_numpy(dtype=bool)
            propensity = (
                pd.DataFrame({"profile_key": keys})
                .merge(truth[goal.model_type], on="profile_key", how="left")[
                    "propensity"
                ]
                .to_numpy(dtype=np.float64)
            )
            if ROLLUP_FEATURE in model.feature_names:
                features, train = _with_person_rollup(
                    con, registry, goals, goal, features, train
                )
            model_scores = model.log_odds(encode(features, model.specs))
            # the 0-100 scores as the pipeline gives them (relative to all profiles)
            scores_0_100 = relative_scores(1.0 / (1.0 + np.exp(-model_scores)))
            systems = {
                "model": model_scores,
                "logistic_regression": logistic_baseline(train, features),
                "rule_score": rule_score(features.to_pandas(), goal.model_type),
            }
            systems = {name: scores[keep] for name, scores in systems.items()}
            outcome_k, propensity_k = outcome[keep], propensity[keep]
            entry: dict[str, Any] = {
                "goal_name": goal.goal_name,
                "model_type": goal.model_type,
                "algorithm": goal.algorithm,
                "evaluated": True,
                "backtest_run_date": backtest_date.isoformat(),
                "outcome_window": [backtest_date.isoformat(), window_end.isoformat()],
                "profiles": int(keep.sum()),
                "conversions": int(outcome_k.sum()),
                "model_holdout_metrics": {
                    k: v
                    for k, v in json.loads(model_row["metrics"]).items()
                    if k
                    in (
                        "auc",
                        "lift_top_decile",
                        "n_examples",
                        "n_positive",
                        "boosting_rounds",
                    )
                },
            }
            entry["reliability"] = reliability_table(outcome_k, scores_0_100[keep])
            curve_systems = {}
            for name, scores in systems.items():
                entry[name] = _system_metrics(scores, outcome_k, propensity_k)
                curve_systems[name] = gain_curve(outcome_k, scores)
                if name != "model":
                    entry[name]["model_auc_minus_this"] = auc_difference_interval(
                        systems["model"], scores, outcome_k
                    )
            curve_systems["random"] = (np.linspace(0, 1, 101), np.linspace(0, 1, 101))
            origin.curves.append(
                {
                    "title": f"{goal.goal_name} / {goal.model_type} "
                    f"(as of {backtest_date.isoformat()})",
                    "systems": curve_systems,
                }
            )
            origin.scored[goal.key] = (
                keys.to_numpy(dtype=object)[keep],
                outcome_k,
                systems,
            )
            log.info(
                "%s/%s as of %s: AUC model %.3f, logistic %.3f, rules %.3f "
                "(%d conversions)",
                *goal.key,
                backtest_date,
                entry["model"]["auc"] or float("nan"),
                entry["logistic_regression"]["auc"] or float("nan"),
                entry["rule_score"]["auc"] or float("nan"),
                entry["conversions"],
            )
            origin.results.append(entry)
    return origin


SUMMARY_METRICS = (
    "auc",
    "lift_top_decile",
    "spearman_propensity",
    "propensity_lift_top_decile",
)


def summarize_origins(backtests: Sequence[OriginBacktest]) -> list[dict[str, Any]]:
    """Per (goal, model type): the origins' results and their means over the
    :func:`comparable` origins, with the mean AUC gap of the model over each baseline
    and its bootstrap interval (:func:`mean_auc_difference_interval`)."""
    keys = dict.fromkeys(
        (entry["goal_name"], entry["model_type"])
        for origin in backtests
        for entry in origin.results
    )
    summary: list[dict[str, Any]] = []
    for key in keys:
        found = [
            (origin, entry)
            for origin in backtests
            for entry in origin.results
            if (entry["goal_name"], entry["model_type"]) == key
        ]
        usable = [
            (entry, origin.scored[key])
            for origin, entry in found
            if key in origin.scored and comparable(origin.scored[key][1])
        ]
        entries = [entry for entry, _ in usable]
        item: dict[str, Any] = {
            "goal_name": key[0],
            "model_type": key[1],
            "evaluated": bool(entries),
            "origins_in_summary": [e["backtest_run_date"] for e in entries],
            "origins": [entry for _, entry in found],
        }
        if not entries:
            summary.append(item)
            continue
        item["conversions"] = sum(e["conversions"] for e in entries)
        item["reliability"] = pool_reliability(
            [e.get("reliability", []) for e in entries]
        )
        for name in ("model", "logistic_regression", "rule_score"):
            item[name] = {
                f"mean_{metric}": _mean(e[name].get(metric) for e in entries)
                for metric in SUMMARY_METRICS
            }
            if name != "model":
                item[name]["model_auc_minus_this"] = mean_auc_difference_interval(
                    [
                        (profile_keys, systems["model"], systems[name], y)
                        for _, (profile_keys, y, systems) in usable
                    ]
                )
        log.info(
            "%s/%s over %d origins: mean AUC model %.3f, logistic %.3f, rules %.3f "
            "(%d conversions)",
            *key,
            len(entries),
            item["model"]["mean_auc"] or float("nan"),
            item["logistic_regression"]["mean_auc"] or float("nan"),
            item["rule_score"]["mean_auc"] or float("nan"),
            item["conversions"],
        )
        summary.append(item)
    return summary


def reference_gaps(
    backtests: Sequence[OriginBacktest], reference: Sequence[OriginBacktest]
) -> dict[tuple[str, str], dict[str, float] | None]:
    """Per (goal, model type): mean over the origins of AUC(model) - AUC(reference
    model) with its paired bootstrap interval (:func:`mean_auc_difference_interval`).

    ``reference`` holds the same origins backtested by another version of the code
    (its warehouses, see ``--reference-dir``). The pair is judged on the profiles both
    evaluated with the same outcome (a changed matching can move an account's
    outcome; such profiles are left out).
    """
    by_date = {origin.backtest_date: origin for origin in reference}
    out: dict[tuple[str, str], dict[str, float] | None] = {}
    keys = dict.fromkeys(key for origin in backtests for key in origin.scored)
    for key in keys:
        parts = []
        for origin in backtests:
            other = by_date.get(origin.backtest_date)
            if key not in origin.scored or other is None or key not in other.scored:
                continue
            keys_now, y_now, systems_now = origin.scored[key]
            keys_ref, y_ref, systems_ref = other.scored[key]
            now = pd.DataFrame({"k": keys_now, "y": y_now, "m": systems_now["model"]})
            ref = pd.DataFrame({"k": keys_ref, "y": y_ref, "m": systems_ref["model"]})
            both = now.merge(ref, on="k", suffixes=("", "_ref"))
            both = both[both["y"] == both["y_ref"]]
            parts.append(
                (
                    both["k"].to_numpy(),
                    both["m"].to_numpy(dtype=np.float64),
                    both["m_ref"].to_numpy(dtype=np.float64),
                    both["y"].to_numpy(dtype=bool),
                )
            )
        out[key] = mean_auc_difference_interval(parts) if parts else None
    return out


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(np.mean(known)) if known else None


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--warehouse W --raw-dir R --out-dir O [--horizon-days N]
    [--origins N] [--no-build]``."""
    parser = argparse.ArgumentParser(
        prog="b2b-enrich evaluate scoring",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--warehouse", type=Path, default=Path("warehouse/b2b_enrich.duckdb")
    )
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"))
    parser.add_argument("--raw-format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--out-dir", "--out", type=Path, default=Path("reports"))
    parser.add_argument("--horizon-days", type=int, default=DEFAULT_HORIZON_DAYS)
    parser.add_argument(
        "--origins",
        type=int,
        default=DEFAULT_ORIGINS,
        help="backtest origins R - k * horizon, k = 1..N (default 3)",
    )
    parser.add_argument(
        "--no-build",
        action="store_true",
        help="reuse the existing backtest warehouses (one per origin date)",
    )
    parser.add_argument(
        "--reference-dir",
        type=Path,
        default=None,
        help="backtest warehouses of another code version (same origins): adds the "
        "model's paired AUC gap over that version's model",
    )
    args = parser.parse_args(argv)
    if args.origins < 1 or args.horizon_days < 1:
        parser.error("--origins and --horizon-days must be at least 1")
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    metrics = evaluate(
        args.warehouse,
        args.raw_dir,
        args.out_dir,
        horizon_days=args.horizon_days,
        origins=args.origins,
        raw_format=args.raw_format,
        build=not args.no_build,
        reference_dir=args.reference_dir,
    )
    log.info("%s", json.dumps(metrics, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
