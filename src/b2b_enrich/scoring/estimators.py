"""Tree models for scoring: LightGBM gradient boosting (default) and a random forest.

Both are trained deterministically (fixed seeds, LightGBM ``deterministic=True`` with a
fixed thread count) so retraining on the same data gives the same model.

Class imbalance: the training set keeps every (profile, cutoff) pair with a conversion
and samples the others (``int_scoring_samples``), so positives are far less rare in it
than in the population, while the sampling weights keep the loss faithful to the
population. Re-weighting positives on top (``class_weighting`` 'sqrt' or 'balanced',
var ``scoring_class_weighting``) is available; it lowered the time-based holdout AUC of
every demo goal, so the default is 'none'. Any re-weighting shifts the odds; the shift
is undone (prior correction) when probabilities are predicted.

Boosting rounds: the model fitted on the earlier snapshots stops growing when the AUC
on the latest snapshot (the time-based holdout) has not improved for 50 rounds; the
final model, refit on every snapshot, keeps that many rounds (at least
``LIGHTGBM_MIN_ROUNDS``, except on top of a base margin). Goals with few conversions
thus get few rounds (less overfitting) and large goals more. The stored holdout AUC
is measured at the chosen round count, so it is slightly optimistic; the evaluation
script (``b2b-enrich evaluate scoring``) gives the out-of-time figure.

Base margin: a model may start from the log-odds of a probability feature (kind
``base_margin``, LightGBM ``init_score``; the account models' person roll-up, see
``rollup``); its contribution to a profile is its log-odds minus the training mean.

Per-profile contributions (the basis of influential factors) use path attribution
(the Saabas / "treeinterpreter" method) for both algorithms: every split on a
profile's path moves the tree's output, and the move is credited to the split's
feature; a profile's contributions plus the model's base value add up exactly to its
prediction (log-odds for LightGBM, positive-class probability for the forest).
The credit of every leaf is precomputed once per model as a sparse leaves x features
table, so scoring is one leaf lookup (``pred_leaf`` / ``apply``) and one sparse matrix
product per batch. (LightGBM's exact TreeSHAP, ``pred_contrib=True``, measured at about
0.5 ms per profile on two cores: over eight minutes for a million profiles.)
"""

from __future__ import annotations

import base64
import gzip
import io
import logging
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from b2b_enrich.scoring.features import (
    FeatureSpec,
    categorical_indices,
    probability_log_odds,
)

log = logging.getLogger(__name__)

SEED = 20261101
NUM_THREADS = 2

#: LightGBM parameters: shallow, regularized trees. Chosen on the time-based holdout
#: (latest cutoff) of every demo goal against deeper / less regularized settings;
#: small trees also keep per-profile attribution cheap at scoring time.
LIGHTGBM_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.06,
    "num_leaves": 7,
    "max_depth": 6,
    "feature_fraction": 0.5,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 10.0,
    "cat_smooth": 10.0,
    "min_data_per_group": 50,
    "max_cat_to_onehot": 8,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": NUM_THREADS,
    "verbosity": -1,
}
#: boosting rounds when no holdout can choose them (see ``fit``'s ``validation``)
LIGHTGBM_ROUNDS = 150
#: cap and patience of the early stopping on the time-based holdout
#: (every round costs at scoring time too: the leaf lookups and the attribution)
LIGHTGBM_MAX_ROUNDS = 300
LIGHTGBM_EARLY_STOPPING_ROUNDS = 50
#: floor of the chosen rounds: on a small holdout (a few dozen conversions) the AUC
#: peaks by chance after a handful of rounds, and so few trees at this learning rate
#: leave every prediction near the average (scores squeezed around 50). Not applied
#: to a model with a base margin, whose scores the margin spreads.
LIGHTGBM_MIN_ROUNDS = 50

#: random forest parameters (bounded depth keeps the stored model a few MB)
RANDOM_FOREST_PARAMS: dict[str, Any] = {
    "n_estimators": 100,
    "max_depth": 10,
    "min_samples_leaf": 30,
    "max_features": "sqrt",
    "n_jobs": NUM_THREADS,
}


@dataclass
class LeafTable:
    """Path attribution of every leaf of a tree ensemble.

    ``offsets[t]`` is the first global row of tree t; ``credit`` (global leaf x feature,
    sparse) the output change credited to each feature along the leaf's path;
    ``value`` the leaf's output. ``scale`` turns sums over trees into the model output
    (1 for boosting, 1 / n_trees for a forest's average).
    """

    offsets: np.ndarray
    credit: sp.csr_matrix
    value: np.ndarray
    scale: float

    def apply(self, leaf_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Model output and contributions (rows x features) from per-tree leaf ids."""
        n, n_trees = leaf_ids.shape
        columns = (leaf_ids.astype(np.int64) + self.offsets[None, :n_trees]).ravel()
        indicator = sp.csr_matrix(
            (np.ones(columns.size), columns, np.arange(0, n * n_trees + 1, n_trees)),
            shape=(n, self.credit.shape[0]),
        )
        output = (indicator @ self.value) * self.scale
        contrib = (indicator @ self.credit).toarray() * self.scale
        return output, contrib


@dataclass
class TrainedModel:
    """A fitted model with what is needed to apply it to new rows.

    ``log_odds_shift`` is log(positive weight multiplier) used for class balancing;
    it is subtracted from the model's log-odds to get prior-corrected probabilities.
    ``importance_cuts`` are the two contribution levels separating low/medium/high
    influential factors (set after training, see ``scores.importance_cuts``).
    """

    algorithm: str
    specs: list[FeatureSpec]
    estimator: Any
    log_odds_shift: float = 0.0
    importance_cuts: tuple[float, float] = (0.0, 0.0)
    _leaves: LeafTable | None = field(default=None, repr=False)

    @property
    def rounds(self) -> int | None:
        """LightGBM: the boosting rounds (trees) the model keeps; None for a forest."""
        return self.estimator.num_trees() if self.algorithm == "lightgbm" else None

    @property
    def feature_names(self) -> list[str]:
        """Feature column names in matrix order."""
        return [spec.name for spec in self.specs]

    @property
    def leaves(self) -> LeafTable:
        """The model's leaf attribution table (built on first use)."""
        if self._leaves is None:
            n_features = len(self.specs)
            if self.algorithm == "lightgbm":
                self._leaves = _lightgbm_leaf_table(self.estimator, n_features)
            else:
                self._leaves = _forest_leaf_table(self.estimator, n_features)
        return self._leaves

    @property
    def base_margin_index(self) -> int | None:
        """Position of the base-margin feature (see ``FeatureSpec``), if any."""
        for j, spec in enumerate(self.specs):
            if spec.kind == "base_margin":
                return j
        return None

    def _base_margin(self, matrix: np.ndarray) -> np.ndarray | None:
        """Per-row log-odds the model starts from (missing: the training mean)."""
        j = self.base_margin_index
        if j is None:
            return None
        return _margin(matrix[:, j], float(self.specs[j].reference or 0.0))

    def _leaf_ids(self, matrix: np.ndarray) -> np.ndarray:
        if self.algorithm == "lightgbm":
            ids = self.estimator.predict(
                matrix, pred_leaf=True, num_threads=NUM_THREADS
            )
            return np.asarray(ids, dtype=np.int64).reshape(matrix.shape[0], -1)
        return np.asarray(self.estimator.apply(matrix), dtype=np.int64)

    def _to_log_odds(self, output: np.ndarray) -> np.ndarray:
        if self.algorithm == "lightgbm":
            raw = output
        else:
            proba = np.clip(output, 1e-6, 1 - 1e-6)
            raw = np.log(proba) - np.log1p(-proba)
        return np.asarray(raw, dtype=np.float64) - self.log_odds_shift

    def explain(
        self, matrix: np.ndarray, *, chunk_rows: int = 50_000
    ) -> tuple[np.ndarray, np.ndarray]:
        """Prior-corrected log-odds and per-feature contributions (rows x features)."""
        n = matrix.shape[0]
        log_odds = np.empty(n, dtype=np.float64)
        contrib = np.empty((n, len(self.specs)), dtype=np.float64)
        j = self.base_margin_index
        reference = float(self.specs[j].reference or 0.0) if j is not None else 0.0
        for start in range(0, n, chunk_rows):
            stop = min(n, start + chunk_rows)
            output, part = self.leaves.apply(self._leaf_ids(matrix[start:stop]))
            log_odds[start:stop] = self._to_log_odds(output)
            if j is not None:
                margin = _margin(matrix[start:stop, j], reference)
                log_odds[start:stop] += margin
                part[:, j] += margin - reference
            contrib[start:stop] = part
        return log_odds, contrib

    def log_odds(self, matrix: np.ndarray) -> np.ndarray:
        """Prior-corrected log-odds of the goal for each row of the feature matrix."""
        if self.algorithm == "lightgbm":
            raw = self.estimator.predict(
                matrix, raw_score=True, num_threads=NUM_THREADS
            )
            raw = np.asarray(raw, dtype=np.float64) - self.log_odds_shift
            margin = self._base_margin(matrix)
            return raw if margin is None else raw + margin
        return self._to_log_odds(self.estimator.predict_proba(matrix)[:, 1])

    def probability(self, matrix: np.ndarray) -> np.ndarray:
        """Prior-corrected probability of the goal within the window (0..1)."""
        return 1.0 / (1.0 + np.exp(-self.log_odds(matrix)))

    def contributions(self, matrix: np.ndarray) -> np.ndarray:
        """Per-row, per-feature path contributions (rows x features)."""
        return self.explain(matrix)[1]

    def global_importance(self) -> dict[str, float]:
        """Normalized global feature importance (gain for LightGBM, impurity for RF)."""
        if self.algorithm == "lightgbm":
            values = np.asarray(self.estimator.feature_importance("gain"), dtype=float)
        else:
            values = np.asarray(self.estimator.feature_importances_, dtype=float)
        total = values.sum() or 1.0
        return {
            name: float(v / total)
            for name, v in zip(self.feature_names, values, strict=True)
        }


def _margin(probability: np.ndarray, reference: float) -> np.ndarray:
    """Base-margin log-odds of a probability column; missing values get ``reference``
    (the mean training log-odds)."""
    return np.nan_to_num(probability_log_odds(probability), nan=reference)


CLASS_WEIGHTINGS = ("none", "sqrt", "balanced")


def balance_weights(
    labels: np.ndarray, weights: np.ndarray, mode: str = "balanced"
) -> tuple[np.ndarray, float]:
    """Upweight positives: 'balanced' gives both classes equal total weight, 'sqrt'
    the square root of that multiplier, 'none' keeps the weights.

    Returns the new weights and log(multiplier) for the prior correction.
    """
    if mode not in CLASS_WEIGHTINGS:
        raise ValueError(f"unknown class weighting '{mode}'")
    labels = labels.astype(bool)
    pos = float(weights[labels].sum())
    neg = float(weights[~labels].sum())
    if pos <= 0 or neg <= 0 or mode == "none":
        return weights.astype(np.float64), 0.0
    multiplier = neg / pos if mode == "balanced" else float(np.sqrt(neg / pos))
    balanced = np.where(labels, weights * multiplier, weights).astype(np.float64)
    return balanced, float(np.log(multiplier))


def fit(
    algorithm: str,
    matrix: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    specs: Sequence[FeatureSpec],
    *,
    class_weighting: str = "none",
    seed: int = SEED,
    rounds: int | None = None,
    validation: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    base_margin: str | None = None,
    params: Mapping[str, Any] | None = None,
    evals_result: dict[str, Any] | None = None,
) -> TrainedModel:
    """Train a model of the given algorithm ('lightgbm' or 'random_forest').

    ``weights`` are the sampling weights of the examples (1 / sampling rate);
    ``class_weighting`` (see :func:`balance_weights`) is applied on top. Deterministic
    for equal inputs. LightGBM only: ``rounds`` fixes the number of boosting rounds;
    ``validation`` (matrix, labels, weights of later snapshots) instead grows up to
    ``LIGHTGBM_MAX_ROUNDS`` and keeps the round count with the best validation AUC
    (``TrainedModel.rounds``), so small goals get few rounds and large goals many.
    ``base_margin`` (LightGBM only) names a probability feature whose log-odds every
    prediction starts from: the trees then learn corrections to it. ``params``
    (LightGBM only) override ``LIGHTGBM_PARAMS`` (a candidate configuration, see
    :mod:`b2b_enrich.scoring.selection`); with ``evals_result`` the validation AUC of
    every round is recorded there and the booster keeps every round grown.
    """
    if len(np.unique(labels)) < 2:
        raise ValueError("training needs both converted and not converted examples")
    balanced, shift = balance_weights(labels, weights, class_weighting)
    specs = list(specs)
    init_score = valid_init_score = None
    if base_margin is not None and algorithm == "lightgbm":
        j = [spec.name for spec in specs].index(base_margin)
        log_odds = probability_log_odds(matrix[:, j])
        known = ~np.isnan(log_odds)
        reference = (
            float(np.average(log_odds[known], weights=weights[known]))
            if known.any()
            else 0.0
        )
        specs[j] = FeatureSpec(
            name=base_margin, kind="base_margin", reference=reference
        )
        init_score = _margin(matrix[:, j], reference)
        if validation is not None:
            valid_init_score = _margin(validation[0][:, j], reference)
    if algorithm == "lightgbm":
        import lightgbm as lgb

        n = matrix.shape[0]
        params = {
            **LIGHTGBM_PARAMS,
            **(params or {}),
            "seed": seed,
            "min_data_in_leaf": int(min(200, max(20, n // 100))),
        }
        dataset = lgb.Dataset(
            matrix,
            label=labels.astype(np.float64),
            weight=balanced,
            init_score=init_score,
            feature_name=[spec.name for spec in specs],
            categorical_feature=categorical_indices(specs) or "auto",
            free_raw_data=True,
            params={"verbosity": -1},
        )
        if validation is None:
            booster = lgb.train(
                params, dataset, num_boost_round=rounds or LIGHTGBM_ROUNDS
            )
        else:
            valid_matrix, valid_labels, valid_weights = validation
            valid_set = lgb.Dataset(
                valid_matrix,
                label=valid_labels.astype(np.float64),
                weight=valid_weights,
                init_score=valid_init_score,
                reference=dataset,
            )
            booster = lgb.train(
                {**params, "metric": "auc"},
                dataset,
                num_boost_round=LIGHTGBM_MAX_ROUNDS,
                valid_sets=[valid_set],
                callbacks=[
                    lgb.early_stopping(LIGHTGBM_EARLY_STOPPING_ROUNDS, verbose=False),
                    *(
                        [lgb.record_evaluation(evals_result)]
                        if evals_result is not None
                        else []
                    ),
                ],
            )
            if evals_result is not None:
                return TrainedModel(algorithm, specs, booster, log_odds_shift=shift)
            # the booster keeps only the best iteration's trees: below the floor,
            # regrow to it. A base margin already spreads the scores, so there the
            # holdout's choice stands, down to a single round: "the trees add nothing
            # to the margin" is a finding, not a squeeze.
            if base_margin is None and booster.best_iteration < LIGHTGBM_MIN_ROUNDS:
                booster = lgb.train(
                    params, dataset, num_boost_round=LIGHTGBM_MIN_ROUNDS
                )
        estimator: Any = booster
    elif algorithm == "random_forest":
        from sklearn.ensemble import RandomForestClassifier

        estimator = RandomForestClassifier(**RANDOM_FOREST_PARAMS, random_state=seed)
        estimator.fit(matrix, labels.astype(np.int8), sample_weight=balanced)
    else:
        raise ValueError(f"unknown algorithm '{algorithm}'")
    return TrainedModel(
        algorithm=algorithm,
        specs=specs,
        estimator=estimator,
        log_odds_shift=shift,
    )


def validation_curve(
    matrix: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    specs: Sequence[FeatureSpec],
    validation: tuple[np.ndarray, np.ndarray, np.ndarray],
    *,
    params: Mapping[str, Any] | None = None,
    class_weighting: str = "none",
    base_margin: str | None = None,
) -> np.ndarray:
    """Validation AUC after 1..``LIGHTGBM_MAX_ROUNDS`` rounds of a LightGBM fit
    (growth stops ``LIGHTGBM_EARLY_STOPPING_ROUNDS`` after the best round; later
    rounds repeat the last recorded value)."""
    record: dict[str, Any] = {}
    fit(
        "lightgbm",
        matrix,
        labels,
        weights,
        specs,
        class_weighting=class_weighting,
        validation=validation,
        base_margin=base_margin,
        params=params,
        evals_result=record,
    )
    values = np.asarray(next(iter(record.values()))["auc"], dtype=np.float64)
    curve = np.full(LIGHTGBM_MAX_ROUNDS, values[-1] if values.size else 0.5)
    curve[: values.size] = values[:LIGHTGBM_MAX_ROUNDS]
    return curve


def serialize(model: TrainedModel) -> str:
    """The estimator as text: LightGBM's model string, or a gzip+base64 pickle (RF).

    The RF pickle is only ever read back from this project's own warehouse.
    """
    if model.algorithm == "lightgbm":
        return model.estimator.model_to_string(num_iteration=-1)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as handle:
        pickle.dump(model.estimator, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def deserialize(
    algorithm: str,
    blob: str,
    specs: Sequence[FeatureSpec],
    *,
    log_odds_shift: float = 0.0,
    importance_cuts: tuple[float, float] = (0.0, 0.0),
) -> TrainedModel:
    """Rebuild a TrainedModel from its registry row fields."""
    if algorithm == "lightgbm":
        import lightgbm as lgb

        estimator: Any = lgb.Booster(model_str=blob)
    elif algorithm == "random_forest":
        raw = gzip.decompress(base64.b64decode(blob.encode("ascii")))
        estimator = pickle.loads(raw)  # noqa: S301 - our own registry table
        estimator.n_jobs = NUM_THREADS
    else:
        raise ValueError(f"unknown algorithm '{algorithm}'")
    return TrainedModel(
        algorithm=algorithm,
        specs=list(specs),
        estimator=estimator,
        log_odds_shift=log_odds_shift,
        importance_cuts=importance_cuts,
    )


def _lightgbm_leaf_table(booster: Any, n_features: int) -> LeafTable:
    """Leaf attribution table of a LightGBM booster (from its JSON dump)."""
    trees = booster.dump_model()["tree_info"]
    offsets = np.zeros(len(trees), dtype=np.int64)
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    values: list[float] = []
    total = 0
    for t, tree in enumerate(trees):
        offsets[t] = total
        n_leaves = int(tree["num_leaves"])
        leaf_values = [0.0] * n_leaves
        root = tree["tree_structure"]
        if "leaf_index" not in root and "split_feature" not in root:
            leaf_values[0] = float(root.get("leaf_value", 0.0))
        stack: list[tuple[dict[str, Any], dict[int, float], float]] = [(root, {}, 0.0)]
        while stack:
            node, credit, _ = stack.pop()
            if "split_feature" not in node:
                leaf = int(node.get("leaf_index", 0))
                leaf_values[leaf] = float(node["leaf_value"])
                for feature, amount in credit.items():
                    rows.append(total + leaf)
                    cols.append(feature)
                    data.append(amount)
                continue
            feature = int(node["split_feature"])
            parent_value = float(node["internal_value"])
            for child in (node["left_child"], node["right_child"]):
                child_value = float(
                    child["leaf_value"]
                    if "split_feature" not in child
                    else child["internal_value"]
                )
                child_credit = dict(credit)
                child_credit[feature] = (
                    child_credit.get(feature, 0.0) + child_value - parent_value
                )
                stack.append((child, child_credit, child_value))
        # the root's value is the tree's base: credit it to no feature, keep in values
        values.extend(leaf_values)
        total += n_leaves
    credit = sp.csr_matrix(
        (np.asarray(data, dtype=np.float64), (rows, cols)), shape=(total, n_features)
    )
    return LeafTable(offsets, credit, np.asarray(values, dtype=np.float64), 1.0)


def _forest_leaf_table(forest: Any, n_features: int) -> LeafTable:
    """Leaf attribution table of a fitted RandomForestClassifier (node-indexed)."""
    offsets = np.zeros(len(forest.estimators_), dtype=np.int64)
    blocks: list[sp.csr_matrix] = []
    values: list[np.ndarray] = []
    total = 0
    for t, estimator in enumerate(forest.estimators_):
        tree = estimator.tree_
        offsets[t] = total
        left, right = tree.children_left, tree.children_right
        n_nodes = tree.node_count
        value = tree.value[:, 0, 1] if tree.value.shape[2] > 1 else tree.value[:, 0, 0]
        parent = np.full(n_nodes, -1, dtype=np.int64)
        internal = np.flatnonzero(left >= 0)
        parent[left[internal]] = internal
        parent[right[internal]] = internal
        nodes = np.flatnonzero(parent >= 0)
        edge = sp.csr_matrix(
            (
                value[nodes] - value[parent[nodes]],
                (nodes, tree.feature[parent[nodes]]),
            ),
            shape=(n_nodes, n_features),
        )
        # node x ancestor-or-self indicator (one vectorized hop per depth level), so
        # each node's credit is the sum of the edge credits on its path
        anc_rows = [np.arange(n_nodes)]
        anc_cols = [np.arange(n_nodes)]
        hop = parent.copy()
        while (hop >= 0).any():
            has = np.flatnonzero(hop >= 0)
            anc_rows.append(has)
            anc_cols.append(hop[has])
            hop = np.where(hop >= 0, parent[np.maximum(hop, 0)], -1)
        ancestors = sp.csr_matrix(
            (
                np.ones(sum(len(r) for r in anc_rows)),
                (np.concatenate(anc_rows), np.concatenate(anc_cols)),
            ),
            shape=(n_nodes, n_nodes),
        )
        edge = ancestors @ edge
        blocks.append(edge.tocsr())
        values.append(value.astype(np.float64))
        total += n_nodes
    credit = sp.vstack(blocks, format="csr")
    return LeafTable(
        offsets, credit, np.concatenate(values), 1.0 / len(forest.estimators_)
    )
