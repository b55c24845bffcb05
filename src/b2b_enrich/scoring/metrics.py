"""Ranking quality metrics: AUC, top-decile lift and the cumulative gain curve.

All accept optional example weights (training examples carry sampling weights).
"""

from __future__ import annotations

import numpy as np


def _prepare(
    labels: np.ndarray, scores: np.ndarray, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    labels = np.asarray(labels).astype(bool)
    scores = np.asarray(scores, dtype=np.float64)
    if weights is None:
        weights = np.ones(len(labels), dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    if not (len(labels) == len(scores) == len(weights)):
        raise ValueError("labels, scores and weights must have the same length")
    return labels, scores, weights


def auc(
    labels: np.ndarray, scores: np.ndarray, weights: np.ndarray | None = None
) -> float | None:
    """Area under the ROC curve (ties count half); None with only one class."""
    labels, scores, weights = _prepare(labels, scores, weights)
    if labels.all() or not labels.any():
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores, sample_weight=weights))


def top_fraction_lift(
    labels: np.ndarray,
    scores: np.ndarray,
    weights: np.ndarray | None = None,
    fraction: float = 0.1,
) -> float | None:
    """Conversion rate among the top ``fraction`` (by weight) of scores over the overall
    rate: 1.0 is no better than random, 10.0 the best possible at 10 % when positives
    are rare. None when there is no positive."""
    labels, scores, weights = _prepare(labels, scores, weights)
    total = weights.sum()
    positives = weights[labels].sum()
    if total <= 0 or positives <= 0:
        return None
    order = np.lexsort((np.arange(len(scores)), -scores))
    cum = np.cumsum(weights[order])
    top = order[: max(1, int(np.searchsorted(cum, fraction * total, side="right")))]
    top_rate = weights[top][labels[top]].sum() / weights[top].sum()
    return float(top_rate / (positives / total))


def top_decile_lift(
    labels: np.ndarray, scores: np.ndarray, weights: np.ndarray | None = None
) -> float | None:
    """Lift in the top 10 % of scores (see :func:`top_fraction_lift`)."""
    return top_fraction_lift(labels, scores, weights, 0.1)


def gain_curve(
    labels: np.ndarray,
    scores: np.ndarray,
    weights: np.ndarray | None = None,
    points: int = 100,
) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative gain: share of all conversions captured (y) when contacting the top
    share (x) of profiles by score; ``points`` + 1 evenly spaced x from 0 to 1."""
    labels, scores, weights = _prepare(labels, scores, weights)
    order = np.lexsort((np.arange(len(scores)), -scores))
    w = weights[order]
    cum_w = np.concatenate([[0.0], np.cumsum(w)]) / max(w.sum(), 1e-12)
    pos = np.concatenate([[0.0], np.cumsum(w * labels[order])])
    pos = pos / max(pos[-1], 1e-12)
    x = np.linspace(0.0, 1.0, points + 1)
    return x, np.interp(x, cum_w, pos)
