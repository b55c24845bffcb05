"""Model registry: when to train, training with a time-based holdout, stored models.

The registry is a warehouse table with one row per training attempt of a
(goal, model type) on a run date (``model_id = goal/model_type/run_date``):

* ``status = 'trained'``: the row holds the model (text blob), its feature spec, the
  holdout metrics and ``next_training_date`` (training run date + cadence);
* ``status = 'refused'``: the data-quality gates failed; ``status_reason`` says why;
* ``status = 'failed'``: training raised; the error is the reason (other goals go on).

Each run keeps every earlier row and adds (or replaces, on a re-run of the same day) the
rows of the attempts it made. The model used for a run date is the latest trained row
with ``training_run_date <= run_date`` whose goal definition and algorithm still match
the configuration; training is due when there is none, when its
``next_training_date`` has come, or when training is forced.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from b2b_enrich.scoring import estimators, rollup, selection
from b2b_enrich.scoring.config import parse_goals
from b2b_enrich.scoring.features import (
    as_table,
    encode,
    infer_feature_specs,
    specs_from_json,
    specs_to_json,
)
from b2b_enrich.scoring.gates import check_gates
from b2b_enrich.scoring.metrics import auc, reliability_table, top_decile_lift
from b2b_enrich.scoring.scores import importance_cuts, relative_scores

log = logging.getLogger(__name__)

REGISTRY_SCHEMA = pa.schema(
    [
        ("model_id", pa.string()),
        ("goal_name", pa.string()),
        ("model_type", pa.string()),
        ("algorithm", pa.string()),
        ("goal_definition", pa.string()),
        ("status", pa.string()),
        ("status_reason", pa.string()),
        ("training_run_date", pa.date32()),
        ("next_training_date", pa.date32()),
        ("trained_at", pa.timestamp("us")),
        ("started_at", pa.timestamp("us")),
        ("finished_at", pa.timestamp("us")),
        ("feature_list", pa.list_(pa.string())),
        ("feature_spec", pa.string()),
        ("model_blob", pa.string()),
        ("log_odds_shift", pa.float64()),
        ("importance_low_cut", pa.float64()),
        ("importance_high_cut", pa.float64()),
        ("metrics", pa.string()),
    ]
)

#: rows of training examples used to fix the influential-factor importance cuts
IMPORTANCE_SAMPLE_ROWS = 20_000


@dataclass(frozen=True)
class GoalModel:
    """A (goal, model type) to maintain, with the run settings (int_scoring_goals)."""

    goal_name: str
    model_type: str
    algorithm: str
    goal_definition: str
    prediction_window_days: int
    run_date: dt.date
    training_cadence_days: int
    force_training: bool
    min_history_days: int
    min_conversion_events: int
    top_factors: int = 5
    class_weighting: str = "none"
    #: "full": every tree candidate is validated; "quick": the project's only
    model_search: str = "full"

    @property
    def key(self) -> tuple[str, str]:
        """(goal_name, model_type)."""
        return (self.goal_name, self.model_type)

    @property
    def model_id(self) -> str:
        """Registry id of a training attempt on this run date."""
        return f"{self.goal_name}/{self.model_type}/{self.run_date.isoformat()}"


@dataclass(frozen=True)
class TrainingDecision:
    """Whether a (goal, model type) is trained this run, and the model in use if not."""

    goal: GoalModel
    train: bool
    reason: str
    current_model_id: str | None


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def goals_from_frame(goals: pd.DataFrame) -> list[GoalModel]:
    """Read the rows of ``int_scoring_goals`` and re-validate them (Python mirror)."""
    if goals.empty:
        return []
    raw: dict[str, dict[str, Any]] = {}
    for row in goals.to_dict("records"):
        entry = raw.setdefault(
            row["goal_name"],
            {
                "name": row["goal_name"],
                "type": row["goal_type"],
                "prediction_window_days": int(row["prediction_window_days"]),
                "algorithm": row["algorithm"],
                "model_types": [],
            },
        )
        for key in ("attribute_name", "new_value", "converted_status"):
            if isinstance(row.get(key), str):
                entry[key] = row[key]
        entry["model_types"].append(row["model_type"])
    parsed = {goal.name: goal for goal in parse_goals(list(raw.values()))}
    out = []
    for row in goals.to_dict("records"):
        goal = parsed[row["goal_name"]]
        out.append(
            GoalModel(
                goal_name=goal.name,
                model_type=row["model_type"],
                algorithm=goal.algorithm,
                goal_definition=goal.definition(),
                prediction_window_days=goal.prediction_window_days,
                run_date=_as_date(row["run_date"]),
                training_cadence_days=int(row["training_cadence_days"]),
                force_training=bool(row["force_training"]),
                min_history_days=int(row["min_history_days"]),
                min_conversion_events=int(row["min_conversion_events"]),
                top_factors=int(row.get("top_factors", 5) or 5),
                class_weighting=str(row.get("class_weighting") or "none"),
                model_search=str(row.get("model_search") or "full"),
            )
        )
    return out


def _previous_frame(previous: pa.Table | pd.DataFrame | None) -> pd.DataFrame:
    if previous is None:
        return pd.DataFrame(columns=REGISTRY_SCHEMA.names)
    if isinstance(previous, pa.Table):
        previous = previous.to_pandas()
    return previous


def current_model(
    registry: pa.Table | pd.DataFrame | None, goal: GoalModel
) -> dict[str, Any] | None:
    """The registry row of the model in use for this goal on its run date, or None."""
    frame = _previous_frame(registry)
    if frame.empty:
        return None
    dates = frame["training_run_date"].map(_as_date)
    usable = frame[
        (frame["goal_name"] == goal.goal_name)
        & (frame["model_type"] == goal.model_type)
        & (frame["status"] == "trained")
        & (frame["algorithm"] == goal.algorithm)
        & (frame["goal_definition"] == goal.goal_definition)
        & (dates <= goal.run_date)
    ]
    if usable.empty:
        return None
    latest = (
        usable.assign(_d=dates[usable.index]).sort_values(["_d", "model_id"]).iloc[-1]
    )
    return _clean_row({key: latest[key] for key in REGISTRY_SCHEMA.names})


def plan_training(
    goals: Sequence[GoalModel], registry: pa.Table | pd.DataFrame | None
) -> list[TrainingDecision]:
    """Decide per (goal, model type) whether to train this run (see module doc)."""
    decisions = []
    for goal in goals:
        row = current_model(registry, goal)
        if row is None:
            decisions.append(TrainingDecision(goal, True, "no trained model yet", None))
            continue
        next_date = _as_date(row["next_training_date"])
        if goal.force_training:
            decisions.append(
                TrainingDecision(goal, True, "training forced", row["model_id"])
            )
        elif goal.run_date >= next_date:
            decisions.append(
                TrainingDecision(
                    goal, True, f"training due since {next_date}", row["model_id"]
                )
            )
        else:
            decisions.append(
                TrainingDecision(
                    goal,
                    False,
                    f"model trained on {_as_date(row['training_run_date'])} reused "
                    f"until {next_date}",
                    row["model_id"],
                )
            )
    return decisions


def _split_holdout(
    snapshots: np.ndarray, window_days: int
) -> tuple[np.ndarray, np.ndarray, dt.date]:
    """Time-based holdout: the latest snapshot; training snapshots end one prediction
    window earlier so no training label overlaps the holdout period."""
    dates = pd.to_datetime(pd.Series(snapshots)).dt.date.to_numpy()
    holdout_date = max(dates)
    holdout = dates == holdout_date
    train = dates <= holdout_date - dt.timedelta(days=window_days)
    return train, holdout, holdout_date


def train_goal(
    goal: GoalModel,
    examples: pa.Table | pd.DataFrame | Callable[[], pa.Table | pd.DataFrame],
    stats: Mapping[str, Any],
    *,
    now: Callable[[], dt.datetime] = dt.datetime.now,
) -> dict[str, Any]:
    """Gate, evaluate on a time-based holdout, fit the final model; one registry row.

    ``examples`` (or a function returning them, called only when the gates pass) has
    one row per (snapshot_date, profile_key) with ``label``, ``sample_weight`` and the
    feature columns; ``stats`` the gate inputs
    (history_days, conversion_events, training_cutoffs, positive_examples).
    The final model is refit on every snapshot; the stored metrics come from the
    model fitted on the earlier snapshots and scored on the latest one.
    """
    started = now()
    base: dict[str, Any] = {
        "model_id": goal.model_id,
        "goal_name": goal.goal_name,
        "model_type": goal.model_type,
        "algorithm": goal.algorithm,
        "goal_definition": goal.goal_definition,
        "training_run_date": goal.run_date,
        "started_at": started,
    }
    gate = check_gates(
        history_days=_int_or_none(stats.get("history_days")),
        prediction_window_days=goal.prediction_window_days,
        conversion_events=int(stats.get("conversion_events") or 0),
        min_history_days=goal.min_history_days,
        min_conversion_events=goal.min_conversion_events,
        training_cutoffs=_int_or_none(stats.get("training_cutoffs")),
        positive_examples=_int_or_none(stats.get("positive_examples")),
    )
    gate_metrics = {
        "history_days": _int_or_none(stats.get("history_days")),
        "conversion_events": int(stats.get("conversion_events") or 0),
        "warnings": list(gate.warnings),
    }
    if not gate.passed:
        log.warning("scoring goal %s/%s refused: %s", *goal.key, gate.reason)
        return {
            **base,
            "status": "refused",
            "status_reason": gate.reason,
            "next_training_date": goal.run_date + dt.timedelta(days=1),
            "trained_at": None,
            "finished_at": now(),
            "feature_list": None,
            "feature_spec": None,
            "model_blob": None,
            "log_odds_shift": None,
            "importance_low_cut": None,
            "importance_high_cut": None,
            "metrics": json.dumps(gate_metrics),
        }
    if callable(examples):
        examples = examples()
    table = as_table(examples)
    # a fixed row order: the warehouse returns rows in any order, training must not care
    table = table.sort_by(
        [("snapshot_date", "ascending"), ("profile_key", "ascending")]
    )
    specs = infer_feature_specs(table)
    matrix = encode(table, specs)
    # an account model starts from its persons' roll-up and learns corrections to it
    base_margin = (
        rollup.ROLLUP_FEATURE if rollup.ROLLUP_FEATURE in table.column_names else None
    )
    labels = np.asarray(
        table.column("label").to_numpy(zero_copy_only=False), dtype=bool
    )
    weights = np.asarray(
        table.column("sample_weight").to_numpy(zero_copy_only=False), dtype=np.float64
    )
    snapshots = table.column("snapshot_date").to_numpy(zero_copy_only=False)
    # model selection: tree candidates and baselines on the same time-based folds
    chosen = selection.select(
        goal.algorithm,
        table,
        matrix,
        labels,
        weights,
        specs,
        snapshots,
        window_days=goal.prediction_window_days,
        model_type=goal.model_type,
        class_weighting=goal.class_weighting,
        base_margin=base_margin,
        quick=goal.model_search == "quick",
    )
    params = selection.LIGHTGBM_CANDIDATES.get(chosen.config)
    if chosen.folds:
        train_mask, holdout_mask = chosen.folds[0].train, chosen.folds[0].valid
        holdout_date = chosen.folds[0].last_date
    else:
        train_mask, holdout_mask, holdout_date = _split_holdout(
            snapshots, goal.prediction_window_days
        )
    metrics: dict[str, Any] = {
        **gate_metrics,
        "class_weighting": goal.class_weighting,
        "n_examples": int(len(labels)),
        "n_positive": int(labels.sum()),
        "training_snapshots": int(len(np.unique(snapshots))),
        "holdout_snapshot_date": holdout_date.isoformat(),
        "n_train": int(train_mask.sum()),
        "n_train_positive": int(labels[train_mask].sum()),
        "n_holdout": int(holdout_mask.sum()),
        "n_holdout_positive": int(labels[holdout_mask].sum()),
        "auc": None,
        "lift_top_decile": None,
        **chosen.metrics(),
    }
    rounds: int | None = None
    if (
        labels[train_mask].any()
        and not labels[train_mask].all()
        and labels[holdout_mask].any()
    ):
        # the latest fold: its AUC and lift are the stored holdout figures, at the
        # rounds the folds chose (on a sample too: see selection's module doc);
        # without a choice (no fold) the fold's own early stopping decides
        evaluation = estimators.fit(
            goal.algorithm,
            matrix[train_mask],
            labels[train_mask],
            weights[train_mask],
            specs,
            class_weighting=goal.class_weighting,
            base_margin=base_margin,
            params=params,
            rounds=chosen.fold_rounds,
            validation=(
                (
                    matrix[holdout_mask],
                    labels[holdout_mask],
                    weights[holdout_mask],
                )
                if chosen.fold_rounds is None
                else None
            ),
        )
        # the refit on every snapshot: the folds' rounds scaled to its conversions
        rounds = chosen.rounds if chosen.rounds is not None else evaluation.rounds
        metrics["boosting_rounds"] = rounds
        predicted = evaluation.log_odds(matrix[holdout_mask])
        metrics["auc"] = auc(labels[holdout_mask], predicted, weights[holdout_mask])
        metrics["lift_top_decile"] = top_decile_lift(
            labels[holdout_mask], predicted, weights[holdout_mask]
        )
        # calibration: the holdout's share converting per score band (scores as
        # the scorer gives them: relative to the scored population's mean)
        metrics["reliability"] = reliability_table(
            labels[holdout_mask],
            relative_scores(1.0 / (1.0 + np.exp(-predicted)), weights[holdout_mask]),
            weights[holdout_mask],
        )
    else:
        metrics["holdout_note"] = "too few conversions to evaluate on a holdout"
    model = estimators.fit(
        goal.algorithm,
        matrix,
        labels,
        weights,
        specs,
        class_weighting=goal.class_weighting,
        rounds=rounds,
        base_margin=base_margin,
        params=params,
    )
    sample = np.linspace(0, len(labels) - 1, min(len(labels), IMPORTANCE_SAMPLE_ROWS))
    cuts = importance_cuts(
        model.contributions(matrix[sample.astype(np.int64)]), goal.top_factors
    )
    importance = model.global_importance()
    metrics["top_features"] = [
        {"code": name, "importance": round(value, 4)}
        for name, value in sorted(importance.items(), key=lambda kv: (-kv[1], kv[0]))[
            :10
        ]
    ]
    metrics["caveat"] = _caveat(metrics)
    reason = gate.reason + (f"; {metrics['caveat']}" if metrics["caveat"] else "")
    finished = now()
    log.info(
        "scoring goal %s/%s trained (%s): auc=%s lift=%s on %d examples",
        *goal.key,
        goal.algorithm,
        metrics["auc"],
        metrics["lift_top_decile"],
        len(labels),
    )
    return {
        **base,
        "status": "trained",
        "status_reason": reason,
        "next_training_date": goal.run_date
        + dt.timedelta(days=max(1, goal.training_cadence_days)),
        "trained_at": finished,
        "finished_at": finished,
        "feature_list": model.feature_names,
        "feature_spec": specs_to_json(model.specs),
        "model_blob": estimators.serialize(model),
        "log_odds_shift": model.log_odds_shift,
        "importance_low_cut": cuts[0],
        "importance_high_cut": cuts[1],
        "metrics": json.dumps(metrics),
    }


def _caveat(metrics: Mapping[str, Any]) -> str | None:
    """What the job log must say beside a trained model (None: nothing): a baseline
    validates above it, or the validation is too thin to tell."""
    n = int(metrics.get("validation_conversions") or 0)
    if metrics.get("validation_auc") is None:
        return (
            "too few conversions for an out-of-time validation: the model is not "
            "compared with the baselines"
        )
    if n < selection.MIN_COMPARISON_CONVERSIONS:
        return (
            f"the validation holds only {n} conversions: the comparison with the "
            "baselines is not conclusive"
        )
    if metrics.get("baseline_beats_model"):
        names = {
            "rule_score": "the points rule",
            "logistic_regression": "the logistic regression",
        }
        best = metrics["best_baseline"]
        return (
            f"{names.get(best, best)} validates above the model "
            f"({metrics['baseline_validation_auc'][best]:.3f} against "
            f"{metrics['validation_auc']:.3f}, gap "
            f"{-metrics['model_minus_best_baseline']:.3f}): the model has not "
            "earned its place yet"
        )
    return None


def _failed_row(
    goal: GoalModel, reason: str, started: dt.datetime, finished: dt.datetime
) -> dict[str, Any]:
    """A registry row for a training attempt that raised (status 'failed')."""
    return {
        "model_id": goal.model_id,
        "goal_name": goal.goal_name,
        "model_type": goal.model_type,
        "algorithm": goal.algorithm,
        "goal_definition": goal.goal_definition,
        "status": "failed",
        "status_reason": reason[:1000],
        "training_run_date": goal.run_date,
        "next_training_date": goal.run_date + dt.timedelta(days=1),
        "started_at": started,
        "finished_at": finished,
        "metrics": json.dumps({}),
    }


def _int_or_none(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return int(value)


def person_sibling(goals: Sequence[GoalModel], goal: GoalModel) -> GoalModel | None:
    """The person model of an account model's goal (None for a person model)."""
    if goal.model_type != "account":
        return None
    return next(
        (
            g
            for g in goals
            if g.goal_name == goal.goal_name and g.model_type == "person"
        ),
        None,
    )


def training_rollup(
    person_goal: GoalModel,
    person_row: Mapping[str, Any] | None,
    load_examples: Callable[[GoalModel], pa.Table | pd.DataFrame],
    load_person_snapshots: Callable[[], Iterable[pa.RecordBatch]],
    load_links: Callable[[], pa.Table],
) -> pa.Table | None:
    """Cross-fitted person roll-up at the training snapshots (None: no person model)."""
    if person_row is None or person_row.get("status") != "trained":
        return None
    person_model = load_model(person_row)
    keys, dates, probability = rollup.cross_fitted_probabilities(
        person_goal.algorithm,
        as_table(load_examples(person_goal)),
        load_person_snapshots(),
        rounds=person_model.rounds,
        class_weighting=person_goal.class_weighting,
        params=selection.LIGHTGBM_CANDIDATES.get(
            json.loads(person_row.get("metrics") or "{}").get("lightgbm_config", "")
        ),
    )
    return rollup.account_rollup(keys, dates, probability, load_links())


def update_registry(
    goals: Sequence[GoalModel],
    stats: pd.DataFrame,
    previous: pa.Table | pd.DataFrame | None,
    load_examples: Callable[[GoalModel], pa.Table | pd.DataFrame],
    *,
    load_person_snapshots: Callable[[], Iterable[pa.RecordBatch]] | None = None,
    load_links: Callable[[], pa.Table] | None = None,
    now: Callable[[], dt.datetime] = dt.datetime.now,
) -> pa.Table:
    """Train what is due and return the whole registry (earlier rows + this run's).

    ``stats`` has one row per (goal_name, model_type) with the gate inputs;
    ``load_examples`` returns the training examples of one goal model (only called
    when the gates pass and training is due). With ``load_person_snapshots`` (person
    snapshots at the training cutoffs) and ``load_links`` (person_key, account_key),
    account models get the roll-up of their goal's person model as a feature
    (:mod:`b2b_enrich.scoring.rollup`); person models are trained first.
    """
    frame = _previous_frame(previous)
    stats_by_key = {
        (row["goal_name"], row["model_type"]): row for row in stats.to_dict("records")
    }
    new_rows: list[dict[str, Any]] = []
    decisions = sorted(
        plan_training(goals, frame), key=lambda d: d.goal.model_type != "person"
    )
    for decision in decisions:
        goal = decision.goal
        if not decision.train:
            log.info("scoring goal %s/%s: %s", *goal.key, decision.reason)
            continue
        log.info("scoring goal %s/%s: training (%s)", *goal.key, decision.reason)
        goal_stats = stats_by_key.get(goal.key, {})
        started = now()
        sibling = person_sibling(goals, goal)

        def examples(goal: GoalModel = goal, sibling: GoalModel | None = sibling):
            table = load_examples(goal)
            if sibling is None or load_person_snapshots is None or load_links is None:
                return table
            fresh = [r for r in new_rows if r["model_id"] == sibling.model_id]
            person_row = fresh[0] if fresh else current_model(frame, sibling)
            return rollup.with_rollup(
                as_table(table),
                training_rollup(
                    sibling,
                    person_row,
                    load_examples,
                    load_person_snapshots,
                    load_links,
                ),
            )

        try:
            row = train_goal(goal, examples, goal_stats, now=now)
        except Exception as exc:  # one goal's failure must not stop the others
            log.exception("scoring goal %s/%s: training failed", *goal.key)
            row = _failed_row(
                goal, f"training failed: {type(exc).__name__}: {exc}", started, now()
            )
        new_rows.append(row)
    replaced = {row["model_id"] for row in new_rows}
    kept = frame[~frame["model_id"].isin(replaced)] if not frame.empty else frame
    rows = [_clean_row(row) for row in kept.to_dict("records")]
    rows += [_clean_row(row) for row in new_rows]
    rows.sort(key=lambda r: (r["goal_name"], r["model_type"], r["training_run_date"]))
    return pa.Table.from_pylist(rows, schema=REGISTRY_SCHEMA)


def _clean_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A registry row with plain Python values of REGISTRY_SCHEMA's types.

    Rows read back through pandas carry NaN / NaT / Timestamp / numpy arrays for
    nulls, dates and lists (pandas 3 strings use NaN for null); Arrow needs None,
    date, datetime and list.
    """
    out: dict[str, Any] = {}
    for field in REGISTRY_SCHEMA:
        value = row.get(field.name)
        if value is None or value is pd.NaT or value is pd.NA:
            out[field.name] = None
        elif isinstance(value, float) and np.isnan(value):
            out[field.name] = None
        elif pa.types.is_date(field.type):
            out[field.name] = _as_date(value)
        elif pa.types.is_timestamp(field.type):
            out[field.name] = (
                value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
            )
        elif pa.types.is_list(field.type):
            out[field.name] = [str(item) for item in value]
        else:
            out[field.name] = value
    return out


def load_model(row: Mapping[str, Any]) -> estimators.TrainedModel:
    """Rebuild the model stored in a registry row (status 'trained')."""
    if row.get("status") != "trained" or not row.get("model_blob"):
        raise ValueError(f"registry row {row.get('model_id')} holds no model")
    return estimators.deserialize(
        row["algorithm"],
        row["model_blob"],
        specs_from_json(row["feature_spec"]),
        log_odds_shift=float(row["log_odds_shift"] or 0.0),
        importance_cuts=(
            float(row["importance_low_cut"] or 0.0),
            float(row["importance_high_cut"] or 0.0),
        ),
    )
