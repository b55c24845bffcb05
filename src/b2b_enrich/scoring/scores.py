"""From model output to what users see: score, percentile, influential factors.

* **score**: relative likelihood against the scored population, not a probability.
  With ``lift = p / mean(p)`` (the profile's predicted probability over the population
  average), ``score = round(100 * lift / (1 + lift))``: 50 is an average profile, 80
  four times as likely as average, 20 a quarter as likely. Monotone in ``p``.
* **percentile**: share of the population scoring at most as high, 1..100
  (``ceil(100 * rank_max / n)``): the top profile is 100, ties share a percentile.
* **influential factors**: the (at most) ``k`` features that raise this profile's score
  the most (positive contributions only, largest first), each with the profile's value
  as text and an importance of low / medium / high. The importance cuts are fixed per
  model at training time (terciles of the top-k positive contributions of training
  profiles), so labels do not depend on who else is scored in the same run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy.stats import rankdata

from b2b_enrich.scoring.features import FeatureSpec

FACTOR_TYPE = pa.struct(
    [("code", pa.string()), ("value", pa.string()), ("importance", pa.string())]
)
FACTORS_TYPE = pa.list_(FACTOR_TYPE)
IMPORTANCE_LEVELS = ("low", "medium", "high")
UNKNOWN_VALUE = "unknown"


def relative_scores(
    probability: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """Scores 0..100 (int16) from probabilities: 50 = population average (weighted by
    ``weights`` when the rows are a weighted sample of the population)."""
    probability = np.asarray(probability, dtype=np.float64)
    if probability.size == 0:
        return np.zeros(0, dtype=np.int16)
    mean = float(np.average(probability, weights=weights))
    if mean <= 0:
        return np.full(probability.shape, 50, dtype=np.int16)
    lift = probability / mean
    return np.clip(np.rint(100.0 * lift / (1.0 + lift)), 0, 100).astype(np.int16)


def percentiles(values: np.ndarray) -> np.ndarray:
    """Percentile 1..100 (int16) of each value in the array; ties share the higher."""
    values = np.asarray(values, dtype=np.float64)
    n = values.size
    if n == 0:
        return np.zeros(0, dtype=np.int16)
    ranks = rankdata(values, method="max")
    return np.clip(np.ceil(100.0 * ranks / n), 1, 100).astype(np.int16)


def top_positive(
    contrib: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flattened top-k positive contributions per row, largest first within a row.

    Returns (row index, feature index, contribution) arrays in row order.
    """
    n, n_features = contrib.shape
    k = max(0, min(k, n_features))
    if n == 0 or k == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    if k < n_features:
        idx = np.argpartition(-contrib, k - 1, axis=1)[:, :k]
    else:
        idx = np.tile(np.arange(n_features), (n, 1))
    vals = np.take_along_axis(contrib, idx, axis=1)
    # largest first; equal contributions by feature position (deterministic)
    order = np.lexsort((idx, -vals), axis=1)
    idx = np.take_along_axis(idx, order, axis=1)
    vals = np.take_along_axis(vals, order, axis=1)
    mask = vals > 0
    rows = np.broadcast_to(np.arange(n)[:, None], idx.shape)[mask]
    return rows.astype(np.int64), idx[mask].astype(np.int64), vals[mask]


def importance_cuts(contrib: np.ndarray, k: int) -> tuple[float, float]:
    """The low/medium and medium/high cuts: terciles of top-k positive contributions."""
    _, _, vals = top_positive(contrib, k)
    if vals.size == 0:
        return (0.0, 0.0)
    low, high = np.quantile(vals, [1 / 3, 2 / 3])
    return (float(low), float(high))


def importance_labels(values: np.ndarray, cuts: tuple[float, float]) -> np.ndarray:
    """0 = low, 1 = medium, 2 = high for each contribution."""
    return np.searchsorted(
        np.asarray(cuts, dtype=np.float64), values, side="right"
    ).astype(np.int8)


def _value_text(column: pa.ChunkedArray | pa.Array, spec: FeatureSpec) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if spec.kind == "categorical":
        text = column.cast(pa.string())
    elif spec.kind == "boolean":
        text = pc.if_else(pc.cast(column, pa.bool_()), "true", "false")
    else:
        numbers = pc.cast(column, pa.float64())
        text = pc.cast(pc.round(numbers, 2), pa.string())
    return pc.fill_null(text, UNKNOWN_VALUE)


def factor_lists(
    table: pa.Table | pa.RecordBatch,
    specs: Sequence[FeatureSpec],
    contrib: np.ndarray,
    cuts: tuple[float, float],
    k: int = 5,
) -> pa.ListArray:
    """Influential factors for every row: list<struct<code, value, importance>>.

    ``table`` holds the raw feature columns (for the value text), ``contrib`` the
    rows x features contributions of the same rows. Built with Arrow kernels, no
    per-row Python.
    """
    n = contrib.shape[0]
    rows, feats, vals = top_positive(contrib, k)
    counts = np.bincount(rows, minlength=n) if n else np.zeros(0, dtype=np.int64)
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32))
    names = pa.array([spec.name for spec in specs], pa.string())
    codes = pa.DictionaryArray.from_arrays(
        pa.array(feats.astype(np.int32)), names
    ).cast(pa.string())
    levels = pa.array(list(IMPORTANCE_LEVELS), pa.string())
    importance = pa.DictionaryArray.from_arrays(
        pa.array(importance_labels(vals, cuts).astype(np.int32)), levels
    ).cast(pa.string())
    # value text: format feature by feature, then put back in row order
    order = np.argsort(feats, kind="stable")
    sorted_feats = feats[order]
    pieces: list[pa.Array] = []
    for f in np.unique(sorted_feats):
        lo, hi = np.searchsorted(sorted_feats, [f, f + 1])
        spec = specs[int(f)]
        picked = table.column(spec.name).take(pa.array(rows[order[lo:hi]]))
        pieces.append(_value_text(picked, spec))
    if pieces:
        stitched = pa.concat_arrays(pieces)
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.size)
        values = stitched.take(pa.array(inverse))
    else:
        values = pa.array([], pa.string())
    factors = pa.StructArray.from_arrays(
        [codes, values, importance], fields=list(FACTOR_TYPE)
    )
    return pa.ListArray.from_arrays(offsets, factors, type=FACTORS_TYPE)
