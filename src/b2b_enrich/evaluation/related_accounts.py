"""Evaluate related-accounts groups against the generator's true corporate families.

Reads ``related_accounts`` from a built warehouse and the truth
``raw_dir/truth/account_truth.parquet`` (account_key, company_id, family_id) and
scores three clusterings of the same accounts:

- ``ours``: ``group_id`` (parent links, shared domains, similar names);
- ``parent_and_domain``: ``domain_group_id`` (the same without the name level);
- ``baseline_parent_only``: the ultimate parent (``ultimate_parent_key``), i.e. what
  the CRM hierarchy alone says.

Metrics are pairwise precision / recall / F1 (over pairs of accounts put in one group)
and B-cubed precision / recall / F1 (per account, averaged), computed from the
contingency table of predicted group x true family, so no step enumerates all pairs.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

SYSTEMS: dict[str, str] = {
    "ours": "group_id",
    "parent_and_domain": "domain_group_id",
    "baseline_parent_only": "ultimate_parent_key",
}


def _pairs(sizes: pd.Series | np.ndarray) -> int:
    values = np.asarray(sizes, dtype=np.int64)
    return int((values * (values - 1) // 2).sum())


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_clustering(predicted: pd.Series, truth: pd.Series) -> dict:
    """Pairwise and B-cubed scores of a clustering against true clusters.

    ``predicted`` and ``truth`` are cluster labels of the same items (aligned by
    position). Returns a dict of pairwise precision / recall / F1, B-cubed precision /
    recall / F1, the number of predicted and true clusters and the largest of each.
    """
    frame = pd.DataFrame(
        {
            "pred": np.asarray(predicted, dtype=object),
            "true": np.asarray(truth, dtype=object),
        }
    )
    cell = frame.groupby(["pred", "true"]).size()
    pred_size = frame.groupby("pred").size()
    true_size = frame.groupby("true").size()
    together = _pairs(cell)
    predicted_pairs = _pairs(pred_size)
    true_pairs = _pairs(true_size)
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / true_pairs if true_pairs else 1.0
    # B-cubed: an item's precision is the share of its group in its family, summed
    # over the items of a cell as cell**2 / group size
    cells = cell.reset_index(name="n")
    n = len(frame)
    b3_precision = float(
        (cells["n"] ** 2 / pred_size.reindex(cells["pred"]).to_numpy()).sum() / n
    )
    b3_recall = float(
        (cells["n"] ** 2 / true_size.reindex(cells["true"]).to_numpy()).sum() / n
    )
    return {
        "pairwise_precision": round(precision, 4),
        "pairwise_recall": round(recall, 4),
        "pairwise_f1": round(_f1(precision, recall), 4),
        "bcubed_precision": round(b3_precision, 4),
        "bcubed_recall": round(b3_recall, 4),
        "bcubed_f1": round(_f1(b3_precision, b3_recall), 4),
        "predicted_pairs": predicted_pairs,
        "true_pairs": true_pairs,
        "correct_pairs": together,
        "groups": int(len(pred_size)),
        "true_families": int(len(true_size)),
        "largest_group": int(pred_size.max()) if len(pred_size) else 0,
        "largest_true_family": int(true_size.max()) if len(true_size) else 0,
        "groups_mixing_families": int((cell.groupby(level="pred").size() > 1).sum()),
        "families_split": int((cell.groupby(level="true").size() > 1).sum()),
    }


def evaluate(warehouse: Path, raw_dir: Path, out_dir: Path) -> dict:
    """Score ``related_accounts`` in ``warehouse`` against the truth in ``raw_dir``.

    Writes ``out_dir/related_accounts_metrics.json`` and returns the same dict:
    the scores of each system in :data:`SYSTEMS` on the accounts present in both the
    table and the truth, plus how many accounts were evaluated.
    """
    warehouse, raw_dir, out_dir = Path(warehouse), Path(raw_dir), Path(out_dir)
    truth = pd.read_parquet(
        raw_dir / "truth" / "account_truth.parquet",
        columns=["account_key", "company_id", "family_id"],
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        groups = con.sql(
            "select account_key, group_id, domain_group_id, ultimate_parent_key "
            "from related_accounts"
        ).df()
    joined = groups.merge(truth, on="account_key", how="inner")
    log.info(
        "evaluating %d accounts (%d in related_accounts, %d in the truth)",
        len(joined),
        len(groups),
        len(truth),
    )
    metrics: dict = {
        "accounts_evaluated": len(joined),
        "accounts_without_truth": int(len(groups) - len(joined)),
        "truth": "family_id (corporate family: the ultimate parent company)",
    }
    for system, column in SYSTEMS.items():
        metrics[system] = score_clustering(joined[column], joined["family_id"])
    # duplicates of one company only (the easiest part of the task), for reference
    metrics["ours_vs_company"] = score_clustering(
        joined["group_id"], joined["company_id"]
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "related_accounts_metrics.json"
    path.write_text(json.dumps(metrics, indent=2) + "\n")
    log.info("wrote %s", path)
    return metrics


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--warehouse W --raw-dir R --out-dir O``; prints the metrics."""
    parser = argparse.ArgumentParser(
        prog="b2b-enrich evaluate related-accounts", description=__doc__
    )
    parser.add_argument(
        "--warehouse", type=Path, default=Path("warehouse/b2b_enrich.duckdb")
    )
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"))
    parser.add_argument("--out-dir", "--out", type=Path, default=Path("reports"))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    metrics = evaluate(args.warehouse, args.raw_dir, args.out_dir)
    log.info("%s", json.dumps(metrics, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
