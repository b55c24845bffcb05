"""Daily scoring: each goal's current model applied to the features as of the run date.

Features arrive as Arrow record batches (bounded memory at a million profiles): each
batch is encoded, predicted and explained; scores and percentiles are computed at the
end over the whole population, because both are relative to it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Iterable, Sequence

import duckdb
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
    persons: pa.Table | None,
    links: pa.Table | None,
    run_date: dt.date,
) -> Iterable[pa.RecordBatch]:
    """Account feature batches with today's person roll-up (missing without the
    person model's scores or the links)."""
    table = None
    if persons is not None and links is not None:
        keys = persons.column("profile_key").combine_chunks()
        dates = _constant(run_date, len(keys), pa.date32())
        table = account_rollup(
            keys, dates, persons.column("probability").to_numpy(), links
        )
    for batch in batches:
        frame = pa.Table.from_batches([batch])
        if table is None:
            frame = frame.append_column(
                ROLLUP_FEATURE, pa.nulls(batch.num_rows, pa.float64())
            )
        else:
            frame = with_rollup(frame, table)
        yield from frame.to_batches()


#: code prefix of the reasons an account borrows from its most likely person
TOP_PERSON_PREFIX = "top_person."


def with_top_person_factors(
    accounts: pa.Table, persons: pa.Table, links: pa.Table, top_k: int
) -> pa.Table:
    """Account scores whose factors name the person roll-up, followed by the reasons
    of the account's most likely person (codes prefixed ``top_person.``), up to top_k.

    The roll-up (``persons_goal_likelihood``) is the chance that any of the account's
    persons converts; on its own it says little to a marketer. The person with the
    highest probability weighs most in it, and that person's own factors (the person
    model's attributions) say why. ``accounts`` and ``persons`` are
    :func:`score_batches` results of the same goal; ``links`` has person_key and
    account_key. Ties between persons go to the smaller person key.
    """
    numbered = accounts.append_column(
        "account_row", pa.array(np.arange(accounts.num_rows, dtype=np.int64))
    )
    with duckdb.connect() as con:
        con.register("accounts", numbered)
        con.register(
            "persons",
            persons.select(["profile_key", "probability", "influential_factors"]),
        )
        con.register("links", links.select(["person_key", "account_key"]))
        factors = con.sql(
            f"""
            with ranked as (
                select
                    l.account_key,
                    p.influential_factors,
                    row_number() over (
                        partition by l.account_key
                        order by p.probability desc, l.person_key
                    ) as person_rank
                from links as l
                inner join persons as p on p.profile_key = l.person_key
            )
            select
                case
                    when list_contains(
                        list_transform(a.influential_factors, lambda f: f.code),
                        '{ROLLUP_FEATURE}'
                    ) and r.influential_factors is not null
                    then list_concat(
                        a.influential_factors,
                        list_transform(
                            r.influential_factors,
                            lambda f: struct_pack(
                                code := '{TOP_PERSON_PREFIX}' || f.code,
                                value := f.value,
                                importance := f.importance
                            )
                        )
                    )[1:{int(top_k)}]
                    else a.influential_factors
                end as influential_factors
            from accounts as a
            left join ranked as r
                on r.account_key = a.profile_key
                and r.person_rank = 1
            order by a.account_row
            """
        ).to_arrow_table()
    column = accounts.column_names.index("influential_factors")
    return accounts.set_column(
        column,
        "influential_factors",
        factors.column("influential_factors").cast(FACTORS_TYPE),
    )


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
    and ``read_links()`` (person_key, account_key); their factors continue with the
    reasons of the account's most likely person (:func:`with_top_person_factors`).
    """
    parts: list[pa.Table] = []
    person_scores: dict[str, pa.Table] = {}
    # read once, and only when an account model needs them
    links = functools.cache(read_links or (lambda: None))

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
            persons = person_scores.get(goal.goal_name)
            batches = _with_run_date_rollup(
                read_features(goal.model_type, columns),
                persons,
                links() if persons is not None else None,
                goal.run_date,
            )
        else:
            batches = read_features(
                goal.model_type, ["profile_key", *model.feature_names]
            )
        scored = score_batches(batches, model, top_k=goal.top_factors)
        if goal.model_type == "person":
            person_scores[goal.goal_name] = scored
        elif (
            ROLLUP_FEATURE in model.feature_names
            and goal.goal_name in person_scores
            and links() is not None
        ):
            scored = with_top_person_factors(
                scored, person_scores[goal.goal_name], links(), goal.top_factors
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
