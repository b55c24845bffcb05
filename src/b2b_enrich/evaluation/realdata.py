"""Evaluate the jobs on the real development sets in ``shared/realdata``.

Each set is a folder with ``raw/`` (the four tables in the input contract) and
``truth/`` (hand-made ground truth); see that folder's README. This module builds the
project on each set (``dbt build`` into a warehouse of its own) and scores it:

- ``chicago_ece``, lead-to-account matching: precision = matches whose account is one
  of the lead's ``acceptable_account_keys`` / all matches; recall = correct matches /
  leads whose organisation is in the account table (``in_table``); the share of leads
  of absent organisations that got matched, and the probabilistic tier's reliability
  table (share right per score band). Beside it two naive baselines computed on
  the same staged data: exact lower-cased name and normalised name (case,
  punctuation, legal forms), the oldest account on ties.
- ``webxray_families``, related accounts: pairwise and B-cubed scores of
  ``related_accounts.group_id`` against the true families (an account missing from
  ``related_accounts`` is a singleton), beside "parent links only" and "parent links
  + exact domain + exact name".

``b2b-enrich evaluate-real`` (``make evaluate-real``) writes
``realdata_metrics.json`` to the output folder and prints it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from b2b_enrich.dbt_runner import PROJECT_DIR, run_dbt
from b2b_enrich.evaluation.counts import precision_recall_f1
from b2b_enrich.evaluation.matching import reliability_bands
from b2b_enrich.evaluation.related_accounts import score_clustering

log = logging.getLogger(__name__)

REALDATA_DIR = Path(
    os.environ.get("B2B_REALDATA_DIR", PROJECT_DIR.parent / "shared" / "realdata")
)
"""Where the sets are: ``$B2B_REALDATA_DIR``, else ``../shared/realdata``."""
MATCHING_SET = "chicago_ece"
RELATED_ACCOUNTS_SET = "webxray_families"


def build_set(
    set_dir: Path, warehouse: Path, run_date: str, *, fresh: bool = True
) -> float:
    """``dbt build`` the project on ``set_dir/raw`` into ``warehouse``; seconds."""
    if fresh:
        warehouse.unlink(missing_ok=True)
    started = time.perf_counter()
    run_dbt(["build"], raw_dir=set_dir / "raw", warehouse=warehouse, run_date=run_date)
    return round(time.perf_counter() - started, 1)


def is_acceptable(frame: pd.DataFrame) -> pd.Series:
    """Per row: its ``account_key`` is one of its ``acceptable_account_keys``."""
    return pd.Series(
        [
            account in acceptable
            for account, acceptable in zip(
                frame["account_key"], frame["acceptable_account_keys"], strict=True
            )
        ],
        index=frame.index,
        dtype=bool,
    )


def match_scores(matches: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float | int]:
    """Precision / recall / F1 and absent-organisation match share of ``matches``."""
    joined = truth.merge(matches, on="person_key", how="left")
    matched = joined["account_key"].notna()
    correct = is_acceptable(joined) & matched
    n_matched, n_correct = int(matched.sum()), int(correct.sum())
    positives = int(joined["in_table"].sum())
    absent = ~joined["in_table"]
    return {
        "matched": n_matched,
        "correct": n_correct,
        "leads_in_table": positives,
        **precision_recall_f1(n_correct, n_matched, positives),
        "absent_leads": int(absent.sum()),
        "absent_leads_matched": int((absent & matched).sum()),
        "absent_matched_share": round(
            float((absent & matched).sum() / absent.sum()) if absent.any() else 0.0, 4
        ),
    }


_NAME_BASELINE = """
    with pairs as (
        select p.person_key, a.account_key,
            row_number() over (
                partition by p.person_key order by a.created_at, a.account_key
            ) as rank
        from int_persons as p
        inner join int_accounts as a on {lead_name} = {account_name}
        where p.source_account_key is null
    )
    select person_key, account_key from pairs where rank = 1
"""
MATCHING_BASELINES = {
    "exact_lowercased_name": (
        "lower(trim(p.company_name))",
        "lower(trim(a.account_name))",
    ),
    "normalised_name": ("p.company_name_core", "a.account_name_core"),
}


def read_matching_truth(truth_dir: Path) -> pd.DataFrame:
    """A real set's matching truth: per lead, whether its organisation is in the
    account table (``in_table``) and the set of its ``acceptable_account_keys``."""
    truth = pd.read_parquet(truth_dir / "person_account.parquet")
    truth["acceptable_account_keys"] = truth["acceptable_account_keys"].map(
        lambda keys: set(keys) if keys is not None else set()
    )
    return truth


def score_matching_set(warehouse: Path, truth_dir: Path) -> dict:
    """Score ``lead_account_matches`` (and the name baselines) against the truth."""
    truth = read_matching_truth(truth_dir)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        systems = {
            "ours": con.sql(
                "select person_key, account_key from lead_account_matches"
            ).df()
        }
        for name, (lead_name, account_name) in MATCHING_BASELINES.items():
            systems[name] = con.sql(
                _NAME_BASELINE.format(lead_name=lead_name, account_name=account_name)
            ).df()
        by_method = dict(
            con.sql(
                "select match_method, count(*) from lead_account_matches "
                "group by 1 order by 1"
            ).fetchall()
        )
        tier = con.sql(
            "select person_key, account_key, match_probability "
            "from int_matching_probabilistic_scores where match_probability is not null"
        ).df()
    metrics = {name: match_scores(frame, truth) for name, frame in systems.items()}
    metrics["ours"]["matched_by_method"] = by_method
    tier = tier.merge(truth, on="person_key", how="inner")
    tier["right"] = is_acceptable(tier)
    # the probabilistic tier's best candidate per lead (kept or not) by score band
    metrics["ours"]["reliability"] = reliability_bands(tier)
    return metrics


def _components(keys: Iterable[str], edges: Iterable[tuple[str, str]]) -> pd.Series:
    """Connected components (label = smallest key) of ``keys`` under ``edges``."""
    parent = {key: key for key in keys}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for left, right in edges:
        if left in parent and right in parent:
            a, b = find(left), find(right)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return pd.Series({key: find(key) for key in parent})


def _same_value_edges(frame: pd.DataFrame, column: str) -> list[tuple[str, str]]:
    valued = frame.dropna(subset=[column]).sort_values("account_key")
    first = valued.groupby(column)["account_key"].transform("first")
    return list(zip(valued["account_key"], first, strict=True))


def score_related_accounts_set(warehouse: Path, truth_dir: Path) -> dict:
    """Score ``related_accounts`` (and the naive groupings) against true families."""
    truth = pd.read_parquet(truth_dir / "account_family.parquet")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        groups = con.sql("select account_key, group_id from related_accounts").df()
        accounts = con.sql(
            "select account_key, parent_account_key, website_domain, "
            "lower(trim(account_name)) as name from int_accounts"
        ).df()
    keys = truth["account_key"].tolist()
    parent_edges = list(
        accounts.dropna(subset=["parent_account_key"])[
            ["account_key", "parent_account_key"]
        ].itertuples(index=False, name=None)
    )
    naive_edges = (
        parent_edges
        + _same_value_edges(accounts, "website_domain")
        + _same_value_edges(accounts, "name")
    )
    predicted = {
        "ours": truth["account_key"]
        .map(groups.set_index("account_key")["group_id"])
        .fillna(truth["account_key"]),
        "parent_links_only": truth["account_key"].map(_components(keys, parent_edges)),
        "parent_domain_exact_name": truth["account_key"].map(
            _components(keys, naive_edges)
        ),
    }
    return {
        name: score_clustering(labels, truth["family_id"])
        for name, labels in predicted.items()
    }


def _job_statuses(warehouse: Path) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.sql(
            "select job_name, job_part, status, status_reason "
            "from enrichment_job_runs order by job_name, job_part nulls first"
        ).fetchall()
    return [
        dict(zip(("job", "part", "status", "reason"), row, strict=True)) for row in rows
    ]


def evaluate_real(
    realdata_dir: Path = REALDATA_DIR,
    out_dir: Path = Path("reports/evaluation"),
    work_dir: Path = Path("data/realdata"),
    run_date: str | None = None,
) -> dict:
    """Build and score both real sets; writes ``out_dir/realdata_metrics.json``."""
    run_date = run_date or dt.date.today().isoformat()
    realdata_dir, out_dir, work_dir = Path(realdata_dir), Path(out_dir), Path(work_dir)
    metrics: dict = {"run_date": run_date}
    for name, scorer, area in (
        (MATCHING_SET, score_matching_set, "lead_to_account_matching"),
        (RELATED_ACCOUNTS_SET, score_related_accounts_set, "related_accounts"),
    ):
        set_dir = realdata_dir / name
        warehouse = work_dir / f"{name}.duckdb"
        log.info("building %s", set_dir)
        seconds = build_set(set_dir, warehouse, run_date)
        metrics[name] = {
            "area": area,
            "build_seconds": seconds,
            "scores": scorer(warehouse, set_dir / "truth"),
            "jobs": _job_statuses(warehouse),
        }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "realdata_metrics.json").write_text(
        json.dumps(metrics, indent=2, default=str) + "\n"
    )
    return metrics


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--realdata DIR --out DIR --work-dir DIR --run-date D``."""
    parser = argparse.ArgumentParser(prog="b2b-enrich evaluate-real")
    parser.add_argument("--realdata", type=Path, default=REALDATA_DIR)
    parser.add_argument("--out", type=Path, default=Path("reports/evaluation"))
    parser.add_argument("--work-dir", type=Path, default=Path("data/realdata"))
    parser.add_argument("--run-date", default=None)
    args = parser.parse_args(argv)
    metrics = evaluate_real(args.realdata, args.out, args.work_dir, args.run_date)
    print(json.dumps(metrics, indent=2, default=str))
    return 0
