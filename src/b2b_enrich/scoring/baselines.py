"""The simple answers a scoring model must beat: a points rule, a logistic regression

Both are scored beside the tree candidates on the same time-based validation at
training (:mod:`b2b_enrich.scoring.registry`) and in the backtest
(:mod:`b2b_enrich.evaluation.scoring`):

* ``rule_score``: the points a marketing-automation tool gives by default (+10 per
  pricing-page visit, +5 per email click, +15 per form fill, +10 per webinar, +10 per
  demo-page visit, +1 per page view in the last 30 days; half points for days 31-90;
  title seniority points). Account rule score: the sum over its persons plus 5 per
  engaged person. It needs no training.
* ``logistic_regression``: an L2-regularised logistic regression on the same features
  (median-imputed numbers as signed log1p with missing flags, one-hot categories,
  standardized, classes balanced).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from b2b_enrich.scoring.features import (
    FeatureSpec,
    encode,
    infer_feature_specs,
    probability_log_odds,
)
from b2b_enrich.scoring.rollup import ROLLUP_FEATURE

#: points of the rule-based baseline per event in the last 30 days (half for 31-90)
RULE_POINTS = {
    "pricing_page_visits": 10.0,
    "email_clicks": 5.0,
    "form_fills": 15.0,
    "webinars": 10.0,
    "demo_page_visits": 10.0,
    "page_views": 1.0,
}
SENIORITY_POINTS = {
    "c_level": 15.0,
    "vp": 12.0,
    "director": 10.0,
    "manager": 5.0,
    "senior": 3.0,
}
#: inverse L2 strength of the logistic regression (on standardized columns)
LOGISTIC_C = 1.0
#: BLAS threads of the logistic fit. Its products are small (at most ~20k rows x ~200
#: columns) and L-BFGS makes hundreds of tiny BLAS calls: two OpenBLAS threads that
#: wake and spin for each were 2-3x slower than one on a shared 2-core machine
#: (identical coefficients either way).
LOGISTIC_BLAS_THREADS = 1


def rule_score(features: pd.DataFrame, model_type: str) -> np.ndarray:
    """Points-based lead score from the feature columns (see module docstring)."""
    points = np.zeros(len(features), dtype=np.float64)
    for name, value in RULE_POINTS.items():
        recent = features.get(f"{name}_30d")
        older = features.get(f"{name}_90d")
        if recent is None or older is None:
            continue
        recent = recent.fillna(0).to_numpy(dtype=np.float64)
        older = older.fillna(0).to_numpy(dtype=np.float64)
        points += value * recent + 0.5 * value * (older - recent)
    if model_type == "person" and "job_seniority" in features:
        points += (
            features["job_seniority"]
            .map(SENIORITY_POINTS)
            .astype("float64")
            .fillna(0.0)
            .to_numpy()
        )
    if model_type == "account":
        for column in ("senior_engaged_persons_90d", "engaged_persons_90d"):
            if column in features:
                points += 5.0 * features[column].fillna(0).to_numpy(dtype=np.float64)
    return points


def design_matrix(
    frame: pa.Table, specs: Sequence[FeatureSpec], medians: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Linear-model design: numeric (median-imputed, signed log1p) + missing flags
    + one-hot categories; returns it and the medians (pass them for new rows)."""
    raw = encode(frame, specs)
    numeric = [j for j, s in enumerate(specs) if s.kind != "categorical"]
    categorical = [j for j, s in enumerate(specs) if s.kind == "categorical"]
    x_num = raw[:, numeric]
    missing = np.isnan(x_num)
    if medians is None:
        medians = np.zeros(len(numeric))
        for k in range(len(numeric)):
            known = x_num[~missing[:, k], k]
            medians[k] = float(np.median(known)) if known.size else 0.0
    x_num = np.where(missing, medians[None, :], x_num)
    margins = [k for k, j in enumerate(numeric) if specs[j].name == ROLLUP_FEATURE]
    x_num = np.sign(x_num) * np.log1p(np.abs(x_num))
    for k in margins:  # a probability enters a linear model as its log-odds
        x_num[:, k] = probability_log_odds(raw[:, numeric[k]])
        x_num[missing[:, k], k] = 0.0
    blocks = [x_num, missing.astype(np.float64)]
    for j in categorical:
        levels = len(specs[j].categories) + 1
        codes = np.nan_to_num(raw[:, j], nan=levels).astype(np.int64)
        blocks.append(np.eye(levels + 1)[codes])
    return np.hstack(blocks), medians


def logistic_baseline(
    train: pa.Table, score_frame: pa.Table, *, c: float = LOGISTIC_C
) -> np.ndarray:
    """Decision values (log-odds scale) on ``score_frame`` of a balanced logistic
    regression trained on ``train`` (columns ``label``, ``sample_weight`` and the
    features)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    specs = infer_feature_specs(train)
    x_train, medians = design_matrix(train, specs)
    x_score, _ = design_matrix(score_frame, specs, medians)
    scaler = StandardScaler().fit(x_train)
    labels = np.asarray(
        train.column("label").to_numpy(zero_copy_only=False), dtype=bool
    )
    weights = np.asarray(
        train.column("sample_weight").to_numpy(zero_copy_only=False), dtype=np.float64
    )
    positive = weights[labels].sum()
    if positive <= 0 or labels.all():
        raise ValueError("training needs both converted and not converted examples")
    weights = np.where(labels, weights * weights[~labels].sum() / positive, weights)
    model = LogisticRegression(max_iter=2000, C=c)
    with threadpool_limits(limits=LOGISTIC_BLAS_THREADS, user_api="blas"):
        model.fit(
            scaler.transform(x_train), labels, sample_weight=weights / weights.mean()
        )
        return model.decision_function(scaler.transform(x_score))
