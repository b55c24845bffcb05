"""An account feature from the goal's person model: will any of its persons convert?

``persons_goal_likelihood`` of an account on a date is the probability, by the goal's
person model, that at least one of the account's linked persons reaches the goal within
the window: 1 - prod(1 - p_i) over those persons (0 for an account without persons).
An account-level goal such as "one of its leads converts" is an "any of its persons"
event, and the person model already weighs each person's fit (title, function) with
their own recent intent, which sums of activity over the account lose. A LightGBM
account model starts from the roll-up's log-odds (``init_score``, feature kind
``base_margin``) and its trees learn account-level corrections; a random forest gets it
as an ordinary feature.

Training snapshots use cross-fitted person probabilities: every person is scored by a
person model fitted without that person (two folds by a hash of the key, the final
person model's algorithm and rounds), so the account model does not learn to trust
in-sample fits. The run date uses the stored person model itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from b2b_enrich.scoring import estimators
from b2b_enrich.scoring.features import encode, infer_feature_specs

ROLLUP_FEATURE = "persons_goal_likelihood"
FOLDS = 2


def person_folds(keys: pa.Array | pa.ChunkedArray | Sequence[str]) -> np.ndarray:
    """A stable fold number (0..FOLDS-1) per person key."""
    values = np.asarray(
        keys.to_numpy(zero_copy_only=False)
        if isinstance(keys, pa.Array | pa.ChunkedArray)
        else keys,
        dtype=object,
    )
    return (pd.util.hash_array(values) % FOLDS).astype(np.int64)


def account_rollup(
    person_keys: pa.Array | pa.ChunkedArray,
    snapshot_dates: pa.Array | pa.ChunkedArray,
    probability: np.ndarray,
    links: pa.Table,
) -> pa.Table:
    """(snapshot_date, account_key, persons_goal_likelihood) from person probabilities.

    ``links`` has person_key and account_key (a person may belong to several accounts).
    """
    persons = pa.table(
        {
            "person_key": person_keys,
            "snapshot_date": snapshot_dates,
            "log_miss": np.log1p(-np.clip(probability, 0.0, 1.0 - 1e-12)),
        }
    )
    link_table = links.select(["person_key", "account_key"])
    with duckdb.connect() as con:
        con.register("persons", persons)
        con.register("links", link_table)
        return con.sql(
            "select p.snapshot_date, l.account_key, "
            f"1 - exp(sum(p.log_miss)) as {ROLLUP_FEATURE} "
            "from persons as p inner join links as l on l.person_key = p.person_key "
            "group by p.snapshot_date, l.account_key"
        ).to_arrow_table()


def cross_fitted_probabilities(
    algorithm: str,
    person_examples: pa.Table,
    snapshot_batches: Iterable[pa.RecordBatch],
    *,
    rounds: int | None,
    class_weighting: str = "none",
    params: Mapping[str, Any] | None = None,
) -> tuple[pa.Array, pa.Array, np.ndarray]:
    """Person probabilities at the snapshots, each from a model fitted without them.

    ``person_examples`` are the person model's training examples (``profile_key``,
    ``label``, ``sample_weight``, features); ``snapshot_batches`` yield the person
    snapshots to score (``person_key``, ``snapshot_date``, the same feature columns).
    Returns person keys, snapshot dates and probabilities (all snapshot rows).
    """
    examples = person_examples.sort_by(
        [("snapshot_date", "ascending"), ("profile_key", "ascending")]
    )
    specs = infer_feature_specs(examples)
    matrix = encode(examples, specs)
    labels = np.asarray(
        examples.column("label").to_numpy(zero_copy_only=False), dtype=bool
    )
    weights = np.asarray(
        examples.column("sample_weight").to_numpy(zero_copy_only=False),
        dtype=np.float64,
    )
    folds = person_folds(examples.column("profile_key"))
    models = []
    for fold in range(FOLDS):
        train = folds != fold
        models.append(
            estimators.fit(
                algorithm,
                matrix[train],
                labels[train],
                weights[train],
                specs,
                class_weighting=class_weighting,
                rounds=rounds,
                params=params,
            )
        )
    keys: list[pa.Array] = []
    dates: list[pa.Array] = []
    probabilities: list[np.ndarray] = []
    for batch in snapshot_batches:
        if batch.num_rows == 0:
            continue
        batch_matrix = encode(batch, specs)
        batch_folds = person_folds(batch.column("person_key"))
        probability = np.empty(batch.num_rows, dtype=np.float64)
        for fold, model in enumerate(models):
            rows = batch_folds == fold
            if rows.any():
                probability[rows] = model.probability(batch_matrix[rows])
        keys.append(batch.column("person_key").cast(pa.string()))
        dates.append(batch.column("snapshot_date").cast(pa.date32()))
        probabilities.append(probability)
    if not keys:
        return pa.array([], pa.string()), pa.array([], pa.date32()), np.empty(0)
    return (
        pa.concat_arrays(keys),
        pa.concat_arrays(dates),
        np.concatenate(probabilities),
    )


def with_rollup(examples: pa.Table, rollup: pa.Table | None) -> pa.Table:
    """Account examples / features with the roll-up column (0 where no persons).

    ``examples`` has snapshot_date and profile_key (the account key); ``rollup`` comes
    from :func:`account_rollup` (None: the column is left out).
    """
    if rollup is None:
        return examples
    lookup = pd.Series(
        rollup.column(ROLLUP_FEATURE).to_numpy(),
        index=pd.MultiIndex.from_arrays(
            [
                pd.to_datetime(rollup.column("snapshot_date").to_pandas()),
                rollup.column("account_key").to_pandas(),
            ]
        ),
    )
    wanted = pd.MultiIndex.from_arrays(
        [
            pd.to_datetime(examples.column("snapshot_date").to_pandas()),
            examples.column("profile_key").to_pandas(),
        ]
    )
    values = lookup.reindex(wanted).fillna(0.0).to_numpy(dtype=np.float64)
    if ROLLUP_FEATURE in examples.column_names:
        examples = examples.drop_columns([ROLLUP_FEATURE])
    return examples.append_column(ROLLUP_FEATURE, pa.array(values))
