"""Predictive lead and account scoring.

The SQL models (``models/intermediate/scoring``) build features and labelled training
snapshots; this package holds the logic the thin dbt Python models call:

* :mod:`~b2b_enrich.scoring.config` - goal configuration rules (as the dbt macro);
* :mod:`~b2b_enrich.scoring.gates` - data-quality gates before training;
* :mod:`~b2b_enrich.scoring.features` - column encoding (stored with each model);
* :mod:`~b2b_enrich.scoring.estimators` - LightGBM / random forest, contributions;
* :mod:`~b2b_enrich.scoring.registry` - cadence, holdout metrics, registry;
* :mod:`~b2b_enrich.scoring.scorer`, :mod:`~b2b_enrich.scoring.scores` - daily scores,
  percentiles and influential factors;
* :mod:`~b2b_enrich.scoring.metrics` - AUC, top-decile lift, gain curve.
"""

import os

# OpenMP threads that spin while waiting make LightGBM up to 30x slower when other work
# shares the two cores (measured: 50 s instead of 1.7 s for one fit); wait passively
# unless the user chose otherwise. Effective when set before LightGBM is first loaded.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from b2b_enrich.scoring.config import Goal, GoalConfigError, parse_goals  # noqa: E402
from b2b_enrich.scoring.gates import GateResult, check_gates
from b2b_enrich.scoring.metrics import auc, gain_curve, top_decile_lift
from b2b_enrich.scoring.registry import (
    REGISTRY_SCHEMA,
    GoalModel,
    goals_from_frame,
    plan_training,
    train_goal,
    update_registry,
)
from b2b_enrich.scoring.scorer import SCORES_SCHEMA, score_batches, score_goals
from b2b_enrich.scoring.scores import percentiles, relative_scores

__all__ = [
    "REGISTRY_SCHEMA",
    "SCORES_SCHEMA",
    "GateResult",
    "Goal",
    "GoalConfigError",
    "GoalModel",
    "auc",
    "check_gates",
    "gain_curve",
    "goals_from_frame",
    "parse_goals",
    "percentiles",
    "plan_training",
    "relative_scores",
    "score_batches",
    "score_goals",
    "top_decile_lift",
    "train_goal",
    "update_registry",
]
