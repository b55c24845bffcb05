"""Vectorised helpers: weighted sampling, string assembly and id formatting.

Everything here works on whole numpy / pyarrow arrays so that the generator never
loops in Python over persons or events.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ArrayLike = pa.Array | pa.ChunkedArray | str | None


def weighted_choice(
    rng: np.random.Generator, n: int, weights: Sequence[float]
) -> np.ndarray:
    """Draw ``n`` indices into ``weights`` with probability proportional to them."""
    w = np.asarray(weights, dtype=np.float64)
    cum = np.cumsum(w / w.sum())
    cum[-1] = 1.0
    return np.searchsorted(cum, rng.random(n), side="right").astype(np.int64)


class GroupedChoice:
    """Weighted choice of a value within a group, vectorised over many rows.

    Built from one weighted list per group (e.g. the cities of each country); sampling
    takes a group index per row and returns a global index into :attr:`values`.
    """

    def __init__(self, groups: Sequence[Sequence[tuple[str, float]]]) -> None:
        values: list[str] = []
        cum: list[float] = []
        starts: list[int] = []
        sizes: list[int] = []
        for g, items in enumerate(groups):
            if not items:
                raise ValueError(f"group {g} is empty")
            starts.append(len(values))
            sizes.append(len(items))
            total = float(sum(w for _, w in items))
            acc = 0.0
            for value, w in items:
                values.append(value)
                acc += w / total
                cum.append(g + min(acc, 1.0))
            cum[-1] = g + 1.0
        self.values = pa.array(values, type=pa.string())
        self._cum = np.asarray(cum, dtype=np.float64)
        self.starts = np.asarray(starts, dtype=np.int64)
        self.sizes = np.asarray(sizes, dtype=np.int64)

    def sample(self, rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
        """Global value index for each row's group."""
        # keep u strictly below 1 so that g + u never reaches the next group
        u = np.minimum(rng.random(len(group)), 1.0 - 1e-12)
        idx = np.searchsorted(self._cum, group + u, side="right")
        return np.minimum(idx, self.starts[group] + self.sizes[group] - 1)

    def take(self, rng: np.random.Generator, group: np.ndarray) -> pa.Array:
        """Sampled values for each row's group."""
        return self.values.take(pa.array(self.sample(rng, group)))


def concat(*parts: ArrayLike) -> pa.Array:
    """Element-wise string concatenation; a null part makes the result null."""
    if all(isinstance(p, str) for p in parts):
        raise ValueError("concat needs at least one array")
    cols = [pa.scalar(p, pa.string()) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*cols, "")


def nullify(values: pa.Array, mask: np.ndarray) -> pa.Array:
    """Set ``values`` to null where ``mask`` is true."""
    if not mask.any():
        return values
    return pc.if_else(pa.array(mask), pa.nulls(len(values), values.type), values)


def where(mask: np.ndarray, if_true: pa.Array, if_false: pa.Array) -> pa.Array:
    """``if_true`` where ``mask`` else ``if_false`` (arrays of equal length)."""
    return pc.if_else(pa.array(mask), if_true, if_false)


def choose(index: np.ndarray, options: Sequence[pa.Array]) -> pa.Array:
    """Row-wise pick ``options[index[i]][i]``."""
    return pc.choose(pa.array(index.astype(np.int8)), *options)


def take(
    values: pa.Array, index: np.ndarray, valid: np.ndarray | None = None
) -> pa.Array:
    """``values[index]``, null where ``valid`` is false (or index is negative)."""
    index = np.asarray(index, dtype=np.int64)
    mask = index < 0 if valid is None else ~valid | (index < 0)
    safe = np.where(mask, 0, index)
    return values.take(pa.array(safe, mask=mask if mask.any() else None))


def int_strings(values: np.ndarray, width: int = 0) -> pa.Array:
    """Decimal strings of integers, zero-padded to ``width``."""
    out = pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())
    if width:
        out = pc.utf8_lpad(out, width=width, padding="0")
    return out


def permute_ids(index: np.ndarray, modulus: int, salt: int) -> np.ndarray:
    """Bijective scramble of ``index`` into ``[0, modulus)`` (unique for unique input).

    ``index * a + b mod m`` with ``a`` coprime to ``m`` (``m`` a power of ten, ``a``
    ends in 1/3/7/9 and is not a multiple of 5), so distinct indices below ``m`` give
    distinct ids that do not reveal insertion order.
    """
    a = 7_919_861 + 10 * (salt % 1000)  # ends in 1 -> coprime to 10**k
    b = (salt * 104_729) % modulus
    if modulus > 10**10:
        raise ValueError("modulus too large for int64 arithmetic")
    idx = np.asarray(index, dtype=np.int64) % modulus
    return ((idx * (a % modulus)) % modulus + b) % modulus


def format_timestamps(micros: np.ndarray) -> pa.Array:
    """'YYYY-MM-DD HH:MM:SS' strings from microseconds since the epoch (UTC)."""
    seconds = np.asarray(micros, dtype=np.int64) // 1_000_000
    ts = pa.array(seconds, type=pa.timestamp("s"))
    return pc.strftime(ts, format="%Y-%m-%d %H:%M:%S")


def upper_where(values: pa.Array, mask: np.ndarray) -> pa.Array:
    """Upper-case the rows where ``mask`` is set."""
    return where(mask, pc.utf8_upper(values), values) if mask.any() else values


def lower_where(values: pa.Array, mask: np.ndarray) -> pa.Array:
    """Lower-case the rows where ``mask`` is set."""
    return where(mask, pc.utf8_lower(values), values) if mask.any() else values
