"""Evaluate related-accounts groups against the generator's true corporate families.

Reads ``related_accounts`` from a built warehouse and the truth
``raw_dir/truth/account_truth.parquet`` (account_key, company_id, family_id) and
scores three clusterings of the same accounts:

- ``ours``: ``group_id`` (parent links, shared domains, similar names);
- ``parent_and_domain``: ``domain_group_id`` (the same without the name level);
- ``baseline_parent_only``: the ultimate parent (``ultimate_parent_key``), i.e. what
  the CRM hierarchy alone says.

Beside them ``exact_name_baseline`` (parent links ignored: accounts with the same
normalised name core, case, punctuation and legal forms aside) and
``duplicates_grouped``: the share of duplicate records (every record of a company but
its first, by key) placed in the group of the company's first record.

Metrics are pairwise precision / recall / F1 (over pairs of accounts put in one group)
and B-cubed precision / recall / F1 (per account, averaged), computed from the
contingency table of predicted group x true family, so no step enumerates all pairs.

:func:`evaluate_names_only` builds the names-only variants of the export into
warehouses of their own and scores them the same way: ``names_only_accounts`` (no
website, phone, city or parent link on the accounts; their contacts' e-mails may
still tell a domain) and ``names_alone_accounts`` (no contact related to an account
either: the names and countries alone).
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


def duplicates_grouped(
    accounts: pd.Series, groups: pd.Series, companies: pd.Series
) -> dict:
    """Share of duplicate records grouped with their original.

    ``accounts``, ``groups`` and ``companies`` are aligned by position (account key,
    predicted group, true company). The original of a company is its first record by
    account key; every other record of the company is a duplicate, grouped when its
    group is the original's. Returns the number of duplicates, of those grouped and
    the share (1.0 without duplicates).
    """
    frame = pd.DataFrame(
        {
            "account": np.asarray(accounts, dtype=object),
            "group": np.asarray(groups, dtype=object),
            "company": np.asarray(companies, dtype=object),
        }
    ).sort_values(["company", "account"], kind="stable")
    original = frame.groupby("company")["group"].transform("first")
    is_duplicate = frame.duplicated("company")
    n = int(is_duplicate.sum())
    grouped = int((is_duplicate & (frame["group"] == original)).sum())
    return {
        "duplicate_records": n,
        "grouped_with_original": grouped,
        "share": round(grouped / n, 4) if n else 1.0,
    }


def evaluate(
    warehouse: Path, raw_dir: Path, out_dir: Path, name: str = "related_accounts"
) -> dict:
    """Score ``related_accounts`` in ``warehouse`` against the truth in ``raw_dir``.

    Writes ``out_dir/<name>_metrics.json`` and returns the same dict:
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
            "select r.account_key, r.group_id, r.domain_group_id,"
            " r.ultimate_parent_key,"
            " coalesce(a.account_name_core, r.account_key) as exact_name"
            " from related_accounts as r"
            " left join int_accounts as a using (account_key)"
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
    metrics["exact_name_baseline"] = score_clustering(
        joined["exact_name"], joined["family_id"]
    )
    metrics["duplicates_grouped"] = duplicates_grouped(
        joined["account_key"], joined["group_id"], joined["company_id"]
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}_metrics.json"
    path.write_text(json.dumps(metrics, indent=2) + "\n")
    log.info("wrote %s", path)
    return metrics


NAMES_ONLY_VARIANTS: dict[str, str] = {
    "names_only_accounts": "related_accounts_names_only",
    "names_alone_accounts": "related_accounts_names_alone",
}
"""The names-only variants scored, with the name of each one's metrics file."""


def evaluate_names_only(
    raw_dir: Path,
    work_dir: Path,
    out_dir: Path,
    run_date: str | None = None,
    variant: str = "names_only_accounts",
) -> dict:
    """Build and score a names-only ``variant`` of the export in ``raw_dir``.

    The variant (:data:`NAMES_ONLY_VARIANTS`: accounts with names and countries only,
    no website, phone, city or parent link, and for ``names_alone_accounts`` no
    contact related to them either) is written to ``work_dir/raw``, built into
    ``work_dir/warehouse.duckdb`` (the related-accounts models and what they need) and
    scored like :func:`evaluate` into ``out_dir/<metrics name>_metrics.json``.
    """
    from b2b_enrich.dbt_runner import run_dbt
    from b2b_enrich.demo_data.variants import write_variant

    work_dir = Path(work_dir)
    variant_raw = write_variant(raw_dir, work_dir / "raw", variant)
    warehouse = work_dir / "warehouse.duckdb"
    warehouse.unlink(missing_ok=True)
    for command in (
        ["seed"],
        ["build", "--select", "+related_accounts_job_log"]
        + ["--indirect-selection", "cautious"],
    ):
        run_dbt(command, raw_dir=variant_raw, warehouse=warehouse, run_date=run_date)
    return evaluate(warehouse, variant_raw, out_dir, NAMES_ONLY_VARIANTS[variant])


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
    parser.add_argument(
        "--names-only-work-dir",
        type=Path,
        default=None,
        help="where the names-only variants are built, one folder each (default:"
        " beside the raw folder)",
    )
    parser.add_argument(
        "--no-names-only",
        action="store_true",
        help="skip building and scoring the names-only variants",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    metrics = evaluate(args.warehouse, args.raw_dir, args.out_dir)
    log.info("%s", json.dumps(metrics, indent=2))
    if not args.no_names_only:
        with duckdb.connect(str(args.warehouse), read_only=True) as con:
            run_date = con.sql("select max(run_date) from related_accounts").fetchall()
        work_root = args.names_only_work_dir or Path(args.raw_dir).resolve().parent
        for variant in NAMES_ONLY_VARIANTS:
            names_only = evaluate_names_only(
                args.raw_dir,
                work_root / variant,
                args.out_dir,
                str(run_date[0][0]) if run_date and run_date[0][0] else None,
                variant,
            )
            log.info("%s variant: %s", variant, json.dumps(names_only, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
