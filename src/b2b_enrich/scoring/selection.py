"""Model selection at training: time-based validation folds, tree candidates, baselines.

Validation is always out of time: a fold validates on a block of snapshot dates and
trains on the snapshots at least one prediction window before the block, so no
training label overlaps the validated period.

* **Scheme.** When the latest snapshot alone holds at least
  ``AMPLE_VALIDATION_POSITIVES`` conversions and the snapshots before it as many, one
  fold (the latest snapshot) decides, as large exports always did. Otherwise one side
  is thin (a short history, few conversions): *rolling* folds then validate on
  successive blocks of snapshot dates walking back in time, each block at least
  ``MIN_BLOCK_POSITIVES`` conversions, as long as the training part before it keeps
  ``MIN_TRAIN_POSITIVES`` (at most ``MAX_FOLDS``), and only until the folds together
  validate on ``AMPLE_VALIDATION_POSITIVES`` conversions (at least two folds): the
  amount a single validating snapshot is trusted with is enough for several, and
  every further fold costs every candidate and baseline one more fit. The AUC of a
  number of boosting rounds is the conversion-weighted mean of the folds' AUCs.
* **Candidates.** A small fixed set of LightGBM configurations, from LightGBM's own
  defaults to strongly regularised (``LIGHTGBM_CANDIDATES``); each gets its rounds from
  the folds' mean AUC curve (:func:`choose_rounds`: the fewest rounds within one
  standard error of the curve's best, a flat curve's peak being noise). The kept
  model is the best tree candidate by mean AUC among those ahead of the earlier
  candidates on every fold: the project's default configuration (first) stays unless
  another validates higher on each fold, not just on average (mean gaps of a few
  thousandths are noise).
* **Rounds of the refit.** The kept model is refit on every snapshot, with more
  conversions than any fold trained on; its rounds are the folds' rounds times the
  square root of that ratio (:func:`refit_rounds`), as boosting on more data takes
  more rounds before it overfits.
* **Baselines.** The points rule and the logistic regression of
  :mod:`b2b_enrich.scoring.baselines` are scored on the same folds, so the registry can
  say when the tree model has not earned its place (a baseline validates higher).

Cost stays bounded at scale: above ``CANDIDATE_MAX_ROWS`` examples the candidates and
the logistic regression are compared on a deterministic sample (every conversion, the
other rows thinned and reweighted); the full-data model takes its rounds from the
folds' mean curve on the sample, scaled as above (every conversion is in it, the
thinned rows carry their weight, so the loss per round is the full data's; early
stopping on one full-data fold instead grew a strongly regularised model from 50 to
191 rounds and cost a further fit of the whole training part).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from b2b_enrich.scoring import baselines, estimators
from b2b_enrich.scoring.features import FeatureSpec
from b2b_enrich.scoring.metrics import auc, auc_standard_error

#: conversions on each side above which the latest snapshot alone validates
AMPLE_VALIDATION_POSITIVES = 200
#: conversions a rolling validation block collects (it may span several snapshots)
MIN_BLOCK_POSITIVES = 30
#: validation conversions (over the folds) below which the comparison with the
#: baselines is reported as not conclusive
MIN_COMPARISON_CONVERSIONS = 20
#: conversions the training part of a fold must keep
MIN_TRAIN_POSITIVES = 20
MAX_FOLDS = 3
#: rolling folds kept at least before the folds may stop at ample validation
MIN_AMPLE_FOLDS = 2
#: above this many examples the comparison runs on a deterministic sample
CANDIDATE_MAX_ROWS = 40_000
#: training rows of the logistic regression of a fold (a sample above; a linear
#: model with ~150 columns is settled well before)
LOGISTIC_MAX_ROWS = 20_000

#: the tree candidates: name -> LightGBM parameters over estimators.LIGHTGBM_PARAMS
#: (``None`` values drop the project's setting, i.e. LightGBM's own default)
LIGHTGBM_CANDIDATES: dict[str, dict[str, Any]] = {
    "project_default": {},
    "lightgbm_default": {
        "learning_rate": 0.1,
        "num_leaves": 31,
        "max_depth": -1,
        "feature_fraction": 1.0,
        "bagging_fraction": 1.0,
        "bagging_freq": 0,
        "lambda_l2": 0.0,
        "cat_smooth": 10.0,
        "min_data_per_group": 100,
        "max_cat_to_onehot": 4,
    },
    "strongly_regularised": {
        "learning_rate": 0.04,
        "num_leaves": 3,
        "max_depth": 2,
        "lambda_l2": 50.0,
        "feature_fraction": 0.5,
        "cat_smooth": 50.0,
        "min_data_per_group": 100,
    },
}


@dataclass(frozen=True)
class Fold:
    """One out-of-time split: boolean row masks and the validated snapshot dates."""

    train: np.ndarray
    valid: np.ndarray
    first_date: dt.date
    last_date: dt.date


def _dates(snapshots: np.ndarray) -> np.ndarray:
    return pd.to_datetime(pd.Series(snapshots)).dt.date.to_numpy()


def time_folds(
    snapshots: np.ndarray, labels: np.ndarray, window_days: int
) -> tuple[list[Fold], str]:
    """The validation folds (latest first) and the scheme's name (see module doc).

    Returns no fold when no split keeps a conversion on both sides.
    """
    dates = _dates(snapshots)
    labels = np.asarray(labels, dtype=bool)
    distinct = sorted(set(dates), reverse=True)
    if not distinct:
        return [], "none"
    gap = dt.timedelta(days=window_days)

    def fold(block: list[dt.date]) -> Fold:
        first = min(block)
        return Fold(
            train=dates <= first - gap,
            valid=np.isin(dates, np.asarray(block, dtype=object)),
            first_date=first,
            last_date=max(block),
        )

    latest = fold([distinct[0]])
    latest_valid = int(labels[latest.valid].sum())
    latest_train = int(labels[latest.train].sum())
    if (
        latest_valid >= AMPLE_VALIDATION_POSITIVES
        and latest_train >= AMPLE_VALIDATION_POSITIVES
    ):
        return [latest], "latest snapshot"
    positives_per_date = {d: int(labels[dates == d].sum()) for d in distinct}
    folds: list[Fold] = []
    block: list[dt.date] = []
    collected = 0
    for d in distinct:
        block.append(d)
        collected += positives_per_date[d]
        if collected < MIN_BLOCK_POSITIVES:
            continue
        candidate = fold(block)
        train_pos = int(labels[candidate.train].sum())
        if train_pos < MIN_TRAIN_POSITIVES or labels[candidate.train].all():
            break
        folds.append(candidate)
        block, collected = [], 0
        validated = sum(int(labels[f.valid].sum()) for f in folds)
        if len(folds) == MAX_FOLDS or (
            len(folds) >= MIN_AMPLE_FOLDS and validated >= AMPLE_VALIDATION_POSITIVES
        ):
            break
    if not folds:
        # thinner still: the whole block that keeps any training conversion
        if labels[latest.valid].any() and labels[latest.train].any():
            return [latest], "latest snapshot (thin)"
        return [], "none"
    return folds, f"rolling, {len(folds)} folds"


def _mean_auc(
    folds: Sequence[Fold],
    labels: np.ndarray,
    weights: np.ndarray,
    predict: Callable[[Fold], np.ndarray | None],
) -> float | None:
    """Conversion-weighted mean AUC over the folds of per-fold predictions."""
    values: list[float] = []
    counts: list[float] = []
    for f in folds:
        scores = predict(f)
        if scores is None:
            continue
        value = auc(labels[f.valid], scores, weights[f.valid])
        if value is None:
            continue
        values.append(value)
        counts.append(float(labels[f.valid].sum()))
    if not values:
        return None
    return float(np.average(values, weights=counts))


def _auc_curve(
    params: Mapping[str, Any],
    matrix: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    specs: Sequence[FeatureSpec],
    folds: Sequence[Fold],
    *,
    class_weighting: str,
    base_margin: str | None,
) -> tuple[np.ndarray, np.ndarray, list[Fold]]:
    """Conversion-weighted mean validation AUC after 1..LIGHTGBM_MAX_ROUNDS rounds,
    every usable fold's own curve (folds x rounds) and those folds."""
    total = np.zeros(estimators.LIGHTGBM_MAX_ROUNDS)
    weight = 0.0
    per_fold: list[np.ndarray] = []
    used: list[Fold] = []
    for f in folds:
        train_labels = labels[f.train]
        if not train_labels.any() or train_labels.all() or not labels[f.valid].any():
            continue
        curve = estimators.validation_curve(
            matrix[f.train],
            train_labels,
            weights[f.train],
            specs,
            (matrix[f.valid], labels[f.valid], weights[f.valid]),
            params=params,
            class_weighting=class_weighting,
            base_margin=base_margin,
        )
        n = float(labels[f.valid].sum())
        total += n * curve
        weight += n
        per_fold.append(curve)
        used.append(f)
    mean = total / weight if weight else total
    return mean, np.asarray(per_fold).reshape(len(per_fold), len(total)), used


def choose_rounds(
    curve: np.ndarray, folds: Sequence[Fold], labels: np.ndarray, floor: int
) -> int:
    """Boosting rounds from the folds' mean AUC curve: the fewest rounds, at least
    ``floor``, whose AUC lies within one standard error of the curve's best.

    The curve is flat near its peak, and on a few hundred validation conversions where
    it peaks is noise (the one-standard-error rule of Breiman et al.): on the demo
    backtest the peak of two folds put a person model at 164 rounds where 50 held
    0.01 AUC more out of time. The error is that of the conversion-weighted mean of
    the folds' AUCs at the best round (Hanley & McNeil per fold).
    """
    allowed = np.asarray(curve, dtype=np.float64).copy()
    allowed[: floor - 1] = -np.inf
    best = int(np.argmax(allowed))
    positives = np.array([labels[f.valid].sum() for f in folds], dtype=np.float64)
    negatives = np.array([(~labels[f.valid]).sum() for f in folds], dtype=np.float64)
    if not len(folds) or positives.sum() == 0:
        return best + 1
    share = positives / positives.sum()
    error = float(
        np.sqrt(
            sum(
                (w * auc_standard_error(float(curve[best]), int(p), int(n))) ** 2
                for w, p, n in zip(share, positives, negatives, strict=True)
            )
        )
    )
    return int(np.flatnonzero(allowed >= allowed[best] - error)[0]) + 1


def refit_rounds(rounds: int, folds: Sequence[Fold], labels: np.ndarray) -> int:
    """The rounds of the model refit on every snapshot: the folds' ``rounds`` times the
    square root of the ratio of all conversions to the folds' (conversion-weighted)
    mean training conversions, at most ``LIGHTGBM_MAX_ROUNDS``. Without a fold:
    ``rounds``.

    More data carries more rounds before the trees overfit, but less than in
    proportion: on a one-year export whose folds train on a fifth of the conversions,
    the ratio itself sent a person model to 300 rounds and lost 0.004 AUC out of time.
    """
    validated = np.array([labels[f.valid].sum() for f in folds], dtype=np.float64)
    trained = np.array([labels[f.train].sum() for f in folds], dtype=np.float64)
    if not len(folds) or validated.sum() == 0 or trained.min() == 0:
        return rounds
    ratio = float(labels.sum()) / float(np.average(trained, weights=validated))
    scaled = round(rounds * float(np.sqrt(max(1.0, ratio))))
    return int(min(estimators.LIGHTGBM_MAX_ROUNDS, max(1, scaled)))


def _ahead_on_every_fold(
    fold_aucs: Mapping[str, np.ndarray], challenger: str, incumbent: str
) -> bool:
    """Whether a candidate validates above the one kept so far on every fold.

    The candidates' mean AUCs often differ by a few thousandths, well inside the noise
    of a few hundred conversions; a higher mean alone then picks whichever
    configuration was lucky on one fold (on the demo backtest such a pick of
    LightGBM's defaults lost 0.03 AUC out of time). The earlier candidate (the
    project's configuration first) stays unless the challenger is ahead on each fold.
    """
    mine, theirs = fold_aucs[challenger], fold_aucs[incumbent]
    return bool(len(mine) and len(mine) == len(theirs) and np.all(mine > theirs))


def sample_rows(
    labels: np.ndarray, weights: np.ndarray, max_rows: int
) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of a deterministic sample of at most about ``max_rows`` rows:
    every conversion, the other rows thinned evenly; returns (indices, new weights)."""
    n = len(labels)
    if n <= max_rows:
        return np.arange(n), weights
    positive = np.flatnonzero(labels)
    negative = np.flatnonzero(~labels)
    keep = max(max_rows - len(positive), max_rows // 5)
    step = max(1, int(np.ceil(len(negative) / keep)))
    chosen_negative = negative[::step]
    rows = np.sort(np.concatenate([positive, chosen_negative]))
    new_weights = weights.astype(np.float64).copy()
    new_weights[chosen_negative] *= len(negative) / len(chosen_negative)
    return rows, new_weights[rows]


@dataclass
class Selection:
    """What the validation found: the kept configuration and everyone's AUC."""

    scheme: str
    folds: list[Fold]
    config: str
    #: boosting rounds of the model refit on every snapshot (None: no choice)
    rounds: int | None
    model_auc: float | None
    candidates: list[dict[str, Any]]
    baseline_auc: dict[str, float | None]
    validation_conversions: int = 0
    #: the kept candidate's rounds on the folds (what a fold's model is fitted with)
    fold_rounds: int | None = None

    def metrics(self) -> dict[str, Any]:
        """The registry's view of the selection (JSON-ready)."""
        best_baseline = max(
            ((k, v) for k, v in self.baseline_auc.items() if v is not None),
            key=lambda kv: kv[1],
            default=(None, None),
        )
        gap = (
            None
            if self.model_auc is None or best_baseline[1] is None
            else round(self.model_auc - best_baseline[1], 4)
        )
        return {
            "validation_scheme": self.scheme,
            "validation_folds": [
                {
                    "first_snapshot": f.first_date.isoformat(),
                    "last_snapshot": f.last_date.isoformat(),
                }
                for f in self.folds
            ],
            "validation_conversions": self.validation_conversions,
            "lightgbm_config": self.config,
            "fold_rounds": self.fold_rounds,
            "validation_auc": _round(self.model_auc),
            "candidates": self.candidates,
            "baseline_validation_auc": {
                k: _round(v) for k, v in self.baseline_auc.items()
            },
            "best_baseline": best_baseline[0],
            "model_minus_best_baseline": gap,
            "baseline_beats_model": gap is not None and gap < 0,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def select(
    algorithm: str,
    table: pa.Table,
    matrix: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    specs: Sequence[FeatureSpec],
    snapshots: np.ndarray,
    *,
    window_days: int,
    model_type: str,
    class_weighting: str = "none",
    base_margin: str | None = None,
    quick: bool = False,
) -> Selection:
    """Validate the tree candidates and the baselines on the same time-based folds.

    ``table`` holds the feature columns (for the baselines), row-aligned with
    ``matrix`` / ``labels`` / ``weights`` / ``snapshots``. LightGBM: the best candidate
    and its rounds (at least ``LIGHTGBM_MIN_ROUNDS`` without a base margin); a random
    forest has one configuration and no rounds. ``quick`` validates the project's
    configuration only (var ``scoring_model_search: quick``: builds that test the
    pipeline, not the model, skip the other candidates' fits).
    """
    folds, scheme = time_folds(snapshots, labels, window_days)
    empty = Selection(scheme, [], "project_default", None, None, [], {})
    if not folds:
        return empty
    rows, sample_weights = sample_rows(labels, weights, CANDIDATE_MAX_ROWS)
    sampled = len(rows) < len(labels)
    s_matrix, s_labels = matrix[rows], labels[rows]
    s_snapshots = snapshots[rows]
    s_folds = time_folds(s_snapshots, s_labels, window_days)[0] if sampled else folds
    if not s_folds:
        return empty
    s_table = table
    if sampled:
        s_table = table.take(pa.array(rows))
        s_table = s_table.set_column(
            s_table.column_names.index("sample_weight"),
            "sample_weight",
            pa.array(sample_weights, pa.float64()),
        )

    candidates: list[dict[str, Any]] = []
    best: tuple[float, str, int | None] | None = None
    used: list[Fold] = []  # the folds the tree candidates validated on
    if algorithm == "lightgbm":
        #: per candidate: its folds' AUCs at its chosen rounds
        fold_aucs: dict[str, np.ndarray] = {}
        names = list(LIGHTGBM_CANDIDATES)[:1] if quick else list(LIGHTGBM_CANDIDATES)
        for name in names:
            overrides = LIGHTGBM_CANDIDATES[name]
            curve, per_fold, used = _auc_curve(
                overrides,
                s_matrix,
                s_labels,
                sample_weights,
                specs,
                s_folds,
                class_weighting=class_weighting,
                base_margin=base_margin,
            )
            floor = 1 if base_margin is not None else estimators.LIGHTGBM_MIN_ROUNDS
            rounds = choose_rounds(curve, used, s_labels, floor)
            value = float(curve[rounds - 1])
            fold_aucs[name] = per_fold[:, rounds - 1]
            candidates.append(
                {
                    "config": name,
                    "validation_auc": _round(value),
                    "rounds": rounds,
                    "fold_auc": [_round(v) for v in fold_aucs[name]],
                }
            )
            if best is None or (
                value > best[0] + 1e-9
                and _ahead_on_every_fold(fold_aucs, name, best[1])
            ):
                best = (value, name, rounds)
    else:
        value = _mean_auc(
            s_folds,
            s_labels,
            sample_weights,
            lambda f: (
                estimators.fit(
                    algorithm,
                    s_matrix[f.train],
                    s_labels[f.train],
                    sample_weights[f.train],
                    specs,
                    class_weighting=class_weighting,
                ).log_odds(s_matrix[f.valid])
                if s_labels[f.train].any() and not s_labels[f.train].all()
                else None
            ),
        )
        candidates.append({"config": algorithm, "validation_auc": _round(value)})
        best = (value if value is not None else float("nan"), algorithm, None)

    feature_frame = s_table.to_pandas()

    def rule(f: Fold) -> np.ndarray:
        return baselines.rule_score(feature_frame[f.valid], model_type)

    def logistic(f: Fold) -> np.ndarray | None:
        train_labels = s_labels[f.train]
        if not train_labels.any() or train_labels.all():
            return None
        train = s_table.filter(pa.array(f.train))
        rows, thinned = sample_rows(
            train_labels, sample_weights[f.train], LOGISTIC_MAX_ROWS
        )
        if len(rows) < train.num_rows:
            train = train.take(pa.array(rows))
            train = train.set_column(
                train.column_names.index("sample_weight"),
                "sample_weight",
                pa.array(thinned, pa.float64()),
            )
        return baselines.logistic_baseline(train, s_table.filter(pa.array(f.valid)))

    baseline_auc = {
        "rule_score": _mean_auc(s_folds, s_labels, sample_weights, rule),
        "logistic_regression": _mean_auc(s_folds, s_labels, sample_weights, logistic),
    }
    assert best is not None
    model_auc = None if np.isnan(best[0]) else best[0]
    return Selection(
        scheme=scheme + (f" (sample of {len(rows)} rows)" if sampled else ""),
        folds=list(folds),
        config=best[1],
        rounds=None if best[2] is None else refit_rounds(best[2], used, s_labels),
        fold_rounds=best[2],
        model_auc=model_auc,
        candidates=candidates,
        baseline_auc=baseline_auc,
        validation_conversions=int(sum(labels[f.valid].sum() for f in folds)),
    )
