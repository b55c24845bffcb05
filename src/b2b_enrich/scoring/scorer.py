"""Daily scoring: each goal's current model applied to the features as of the run date.

Features arrive as Arrow record batches (bounded memory at a million profiles): each
batch is encoded, predicted and explained; scores and percentiles are computed at the
end over the whole population, because both are relative to it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pyarrow as pa

from b2b_enrich.scoring.estimators import TrainedModel
from b2b_enrich.scoring.features import encode
from b2b_enrich.scoring.registry import GoalModel, current_model, load_model
from b2b_enrich.scoring.rollup import ROLLUP_FEATURE, account_rollup, with_rollup
from b2b_enrich.scoring.scores import (
    FACTORS_TYPE,
    factor_lists,
    percentiles,
    relative_scores,
)

log = logging.getLogger(__name__)

SCORES_SCHEMA = pa.schema(
    [
        ("goal_name", pa.string()),
        ("model_type", pa.string()),
        ("profile_key", pa.string()),
        ("score", pa.int16()),
        ("percentile", pa.int16()),
        ("score_date", pa.date32()),
        ("influential_factors", FACTORS_TYPE),
        ("model_id", pa.string()),
        ("scoring_started_at", pa.timestamp("us")),
        ("scoring_finished_at", pa.timestamp("us")),
    ]
)

FeatureReader = Callable[[str, Sequence[str]], Iterable[pa.RecordBatch]]


def _constant(value: object, n: int, data_type: pa.DataType) -> pa.Array:
    """An array of n copies of value (without an n-long Python list)."""
    return pa.array([value], data_type).take(pa.array(np.zeros(n, dtype=np.int32)))


def score_batches(
    batches: Iterable[pa.RecordBatch], model: TrainedModel, *, top_k: int = 5
) -> pa.Table:
    """Score profiles batch by batch.

    Each batch needs ``profile_key`` and the model's feature columns. Returns a table
    with profile_key, probability (prior-corrected), score (0-100), percentile (1-100)
    and influential_factors.
    """
    keys: list[pa.Array] = []
    probabilities: list[np.ndarray] = []
    factors: list[pa.Array] = []
    for batch in batches:
        if batch.num_rows == 0:
            continue
        matrix = encode(batch, model.specs)
        log_odds, contrib = model.explain(matrix)
        probabilities.append(1.0 / (1.0 + np.exp(-log_odds)))
        factors.append(
            factor_lists(batch, model.specs, contrib, model.importance_cuts, top_k)
        )
        keys.append(batch.column("profile_key").cast(pa.string()))
    if not keys:
        return pa.table(
            {
                "profile_key": pa.array([], pa.string()),
                "probability": pa.array([], pa.float64()),
                "score": pa.array([], pa.int16()),
                "percentile": pa.array([], pa.int16()),
                "influential_factors": pa.array([], FACTORS_TYPE),
            }
        )
    probability = np.concatenate(probabilities)
    return pa.table(
        {
            "profile_key": pa.concat_arrays(keys),
            "probability": pa.array(probability),
            "score": pa.array(relative_scores(probability)),
            "percentile": pa.array(percentiles(probability)),
            "influential_factors": pa.concat_arrays(factors),
        }
    )


def _with_run_date_rollup(
    batches: Iterable[pa.RecordBatch],
    person: tuple[pa.Array, np.ndarray] | None,
    read_links: Callable[[], pa.Table] | None,
    run_date: dt.date,
) -> Iterable[pa.RecordBatch]:
    """Account feature batches with today's person roll-up (missing without a person
    model's scores)."""
    table = None
    if person is not None and read_links is not None:
        keys, probability = person
        dates = _constant(run_date, len(keys), pa.date32())
        table = account_rollup(keys, dates, probability, read_links())
    for batch in batches:
        frame = pa.Table.from_batches([batch])
        if table is None:
            frame = frame.append_column(
                ROLLUP_FEATURE, pa.nulls(batch.num_rows, pa.float64())
            )
        else:
            frame = with_rollup(frame, table)
        yield from frame.to_batches()


def score_goals(
    goals: Sequence[GoalModel],
    registry: pa.Table,
    read_features: FeatureReader,
    *,
    read_links: Callable[[], pa.Table] | None = None,
    now: Callable[[], dt.datetime] = dt.datetime.now,
) -> pa.Table:
    """Scores of every (goal, model type) that has a usable model, in SCORES_SCHEMA.

    ``read_features(model_type, columns)`` yields record batches of the features as of
    the run date (``profile_key`` plus the requested columns). Goals without a model
    are skipped (the job log reports them). Person models are scored first; account
    models trained with the person roll-up get it from today's person probabilities
    and ``read_links()`` (person_key, account_key).
    """
    parts: list[pa.Table] = []
    person_probability: dict[str, tuple[pa.Array, np.ndarray]] = {}
    for goal in sorted(goals, key=lambda g: g.model_type != "person"):
        row = current_model(registry, goal)
        if row is None:
            log.warning("scoring goal %s/%s has no trained model: skipped", *goal.key)
            continue
        started = now()
        model = load_model(row)
        batches: Iterable[pa.RecordBatch]
        if ROLLUP_FEATURE in model.feature_names:
            columns = ["profile_key", "snapshot_date"] + [
                name for name in model.feature_names if name != ROLLUP_FEATURE
            ]
            batches = _with_run_date_rollup(
                read_features(goal.model_type, columns),
                person_probability.get(goal.goal_name),
                read_links,
                goal.run_date,
            )
        else:
            batches = read_features(
                goal.model_type, ["profile_key", *model.feature_names]
            )
        scored = score_batches(batches, model, top_k=goal.top_factors)
        if goal.model_type == "person":
            person_probability[goal.goal_name] = (
                scored.column("profile_key").combine_chunks(),
                scored.column("probability").to_numpy(),
            )
        finished = now()
        n = scored.num_rows
        log.info(
            "scoring goal %s/%s: %d profiles scored with %s",
            *goal.key,
            n,
            row["model_id"],
        )
        parts.append(
            pa.table(
                {
                    "goal_name": _constant(goal.goal_name, n, pa.string()),
                    "model_type": _constant(goal.model_type, n, pa.string()),
                    "profile_key": scored.column("profile_key"),
                    "score": scored.column("score"),
                    "percentile": scored.column("percentile"),
                    "score_date": _constant(goal.run_date, n, pa.date32()),
                    "influential_factors": scored.column("influential_factors"),
                    "model_id": _constant(row["model_id"], n, pa.string()),
                    "scoring_started_at": _constant(started, n, pa.timestamp("us")),
                    "scoring_finished_at": _constant(finished, n, pa.timestamp("us")),
                },
                schema=SCORES_SCHEMA,
            )
        )
    if not parts:
        return SCORES_SCHEMA.empty_table()
    return pa.concat_tables(parts)
