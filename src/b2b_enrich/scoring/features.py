"""Feature specification and encoding: Arrow / pandas columns -> a numeric matrix.

The SQL models compute the features; this module only decides how each column enters a
tree model and remembers that decision (the :class:`FeatureSpec` list is stored with the
model in the registry, so scoring encodes exactly as training did):

* numeric columns (integers, decimals, floats) pass through, nulls become NaN;
* boolean columns become 0/1;
* text columns are categorical: the most frequent levels seen in training get codes
  0..k-1, any other level the code k (``__other__``), null stays NaN (missing).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: columns of the feature tables that are keys, labels or weights, never features
NON_FEATURE_COLUMNS = frozenset(
    {
        "goal_name",
        "snapshot_date",
        "profile_key",
        "label",
        "sample_weight",
        "example_key",
    }
)
OTHER_LEVEL = "__other__"

Frame = pa.Table | pa.RecordBatch | pd.DataFrame


@dataclass(frozen=True)
class FeatureSpec:
    """How one column is encoded: kind is numeric, boolean or categorical, or
    base_margin: a probability (0..1) whose log-odds the model starts from (LightGBM
    ``init_score``), encoded as a number; ``reference`` is its mean training log-odds,
    the level against which its contribution to a profile is measured."""

    name: str
    kind: str
    categories: tuple[str, ...] = ()
    reference: float | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        out: dict[str, object] = {"name": self.name, "kind": self.kind}
        if self.kind == "categorical":
            out["categories"] = list(self.categories)
        if self.reference is not None:
            out["reference"] = self.reference
        return out


def specs_to_json(specs: Sequence[FeatureSpec]) -> str:
    """Serialize a feature-spec list (stored in the model registry)."""
    return json.dumps([spec.to_dict() for spec in specs])


def specs_from_json(text: str) -> list[FeatureSpec]:
    """Read back :func:`specs_to_json` output."""
    return [
        FeatureSpec(
            name=item["name"],
            kind=item["kind"],
            categories=tuple(item.get("categories", ())),
            reference=item.get("reference"),
        )
        for item in json.loads(text)
    ]


def as_table(frame: Frame) -> pa.Table:
    """An Arrow table of a table, record batch or pandas frame."""
    if isinstance(frame, pa.Table):
        return frame
    if isinstance(frame, pa.RecordBatch):
        return pa.Table.from_batches([frame])
    return pa.Table.from_pandas(frame, preserve_index=False)


def _kind(data_type: pa.DataType) -> str:
    if pa.types.is_boolean(data_type):
        return "boolean"
    if (
        pa.types.is_integer(data_type)
        or pa.types.is_floating(data_type)
        or pa.types.is_decimal(data_type)
    ):
        return "numeric"
    if pa.types.is_string(data_type) or pa.types.is_large_string(data_type):
        return "categorical"
    if pa.types.is_dictionary(data_type):
        return "categorical"
    if pa.types.is_null(data_type):
        return "numeric"
    raise TypeError(f"unsupported feature type {data_type}")


def infer_feature_specs(
    frame: Frame,
    *,
    exclude: Iterable[str] = NON_FEATURE_COLUMNS,
    max_levels: int = 40,
    min_level_count: int = 20,
) -> list[FeatureSpec]:
    """Decide the encoding of every feature column of a training frame.

    Every column not in ``exclude`` is a feature. A text column keeps its (at most
    ``max_levels``) levels seen at least ``min_level_count`` times, most frequent
    first (ties by value, so the result is deterministic); rarer levels share the
    ``__other__`` code.
    """
    table = as_table(frame)
    excluded = set(exclude)
    specs: list[FeatureSpec] = []
    for name in table.column_names:
        if name in excluded:
            continue
        column = table.column(name)
        kind = _kind(column.type)
        if kind != "categorical":
            specs.append(FeatureSpec(name=name, kind=kind))
            continue
        if pa.types.is_dictionary(column.type):
            column = column.cast(pa.string())
        counts = pc.value_counts(column.drop_null())
        values = counts.field("values").to_pylist()
        freq = counts.field("counts").to_pylist()
        ranked = sorted(zip(values, freq, strict=True), key=lambda vf: (-vf[1], vf[0]))
        keep = tuple(v for v, f in ranked if f >= min_level_count)[:max_levels]
        specs.append(FeatureSpec(name=name, kind="categorical", categories=keep))
    if not specs:
        raise ValueError("the training frame has no feature columns")
    return specs


def _encode_column(column: pa.ChunkedArray | pa.Array, spec: FeatureSpec) -> np.ndarray:
    if spec.kind == "categorical":
        if pa.types.is_dictionary(column.type):
            column = column.cast(pa.string())
        if pa.types.is_null(column.type):
            return np.full(len(column), np.nan)
        codes = pc.index_in(column, value_set=pa.array(spec.categories, pa.string()))
        out = pc.cast(codes, pa.float64()).to_numpy(zero_copy_only=False)
        out = np.where(np.isnan(out), float(len(spec.categories)), out)
        nulls = pc.is_null(column).to_numpy(zero_copy_only=False)
        out[nulls] = np.nan
        return out
    return (
        pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False).astype(np.float64)
    )


def encode(frame: Frame, specs: Sequence[FeatureSpec]) -> np.ndarray:
    """The feature matrix (rows x specs, float64, NaN = missing) of a frame.

    Raises KeyError naming the missing column when the frame lacks a feature the model
    was trained with.
    """
    table = as_table(frame)
    missing = [spec.name for spec in specs if spec.name not in table.column_names]
    if missing:
        raise KeyError(
            f"feature column(s) missing from the input: {', '.join(missing)}"
        )
    matrix = np.empty((table.num_rows, len(specs)), dtype=np.float64)
    for j, spec in enumerate(specs):
        matrix[:, j] = _encode_column(table.column(spec.name), spec)
    return matrix


def probability_log_odds(values: np.ndarray) -> np.ndarray:
    """log(p / (1 - p)) of probabilities, clipped away from 0 and 1 (NaN stays)."""
    clipped = np.clip(values, 1e-6, 1.0 - 1e-6)
    return np.log(clipped) - np.log1p(-clipped)


def categorical_indices(specs: Sequence[FeatureSpec]) -> list[int]:
    """Positions of the categorical features (LightGBM ``categorical_feature``)."""
    return [j for j, spec in enumerate(specs) if spec.kind == "categorical"]
