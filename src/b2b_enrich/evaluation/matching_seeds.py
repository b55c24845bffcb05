"""How much the matching figures move with the pair model's seed.

The pair model learns from a random half of the labelled leads with their domain
masked and another random half with their account removed, calibrates on two random
folds, and bags rows in LightGBM: on an export with a few hundred labelled leads one
draw can move F1 by a few points. This reruns the probabilistic tier of a built
warehouse in-process once per seed (the same inputs and arguments as the dbt model,
without the explanations), adds the deterministic matches and scores each run
against the truth: per seed, and the mean, min and max over the seeds. A difference
between two versions of the code smaller than that spread is no difference.

Truth: the demo generator's (``<raw-dir>/truth/person_truth.parquet``) or a real
set's (``<raw-dir>/../truth/person_account.parquet``, as in ``shared/realdata``).

    b2b-enrich evaluate matching-seeds --warehouse data/eval/warehouse.duckdb \
        --raw-dir data/eval/raw --out reports/evaluation
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from b2b_enrich.evaluation.matching import (
    absent_company_leads,
    build_threshold,
    read_truth,
    reliability_bands,
    reliability_table,
    score_matches,
)
from b2b_enrich.evaluation.realdata import (
    is_acceptable,
    match_scores,
    read_matching_truth,
)
from b2b_enrich.matching import link_leads_to_accounts, warehouse_tier_inputs

log = logging.getLogger(__name__)

SEEDS = (1, 2, 3, 4, 42)
FIGURES = ("precision", "recall", "f1", "absent_matched_share")


def _scorer(raw_dir: Path, candidates: pd.Series) -> Callable[[pd.DataFrame], dict]:
    """A function scoring (person_key, account_key) matches against the truth."""
    if (raw_dir / "truth" / "person_truth.parquet").exists():
        persons, accounts = read_truth(raw_dir)
        absent = absent_company_leads(persons, candidates)

        def score_demo(matches: pd.DataFrame) -> dict:
            figures = score_matches(matches, candidates, persons, accounts)
            matched_absent = int(matches["person_key"].isin(absent).sum())
            figures["absent_matched_share"] = round(
                matched_absent / len(absent) if len(absent) else 0.0, 4
            )
            return figures

        return score_demo
    truth_dir = raw_dir.parent / "truth"
    if (truth_dir / "person_account.parquet").exists():
        truth = read_matching_truth(truth_dir)
        return lambda matches: match_scores(matches, truth)
    raise FileNotFoundError(
        f"no matching truth for {raw_dir}: expected truth/person_truth.parquet "
        f"inside it or ../truth/person_account.parquet beside it"
    )


def _reliability(raw_dir: Path) -> Callable[[pd.DataFrame], list[dict]]:
    """A function giving the reliability table of a tier result (every scored lead's
    best account by score band) against the truth, as the evaluation reports it."""
    if (raw_dir / "truth" / "person_truth.parquet").exists():
        persons, accounts = read_truth(raw_dir)
        return lambda result: reliability_table(result, persons, accounts)
    truth = read_matching_truth(raw_dir.parent / "truth")

    def real_bands(result: pd.DataFrame) -> list[dict]:
        scored = result[result["match_probability"].notna()].merge(
            truth, on="person_key"
        )
        return reliability_bands(scored.assign(right=is_acceptable(scored)))

    return real_bands


def seed_spread(
    warehouse: Path,
    raw_dir: Path,
    seeds: Sequence[int] = SEEDS,
    threshold: float | None = None,
) -> dict:
    """Per seed and over the seeds: the matching figures at ``threshold`` (default:
    the build's ``match_probability_threshold``) and how many reliability bands of
    100 leads or more hold within 0.05 of their scores."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        inputs = {seed: warehouse_tier_inputs(con, seed) for seed in seeds}
        deterministic = con.sql(
            "select person_key, account_key from lead_account_matches "
            "where match_method <> 'probabilistic'"
        ).df()
        candidates = con.sql(
            "select person_key from int_matching_candidate_leads"
        ).df()["person_key"]
        if threshold is None:
            threshold = build_threshold(con)
    score = _scorer(Path(raw_dir), candidates)
    bands_of = _reliability(Path(raw_dir))
    logging.getLogger("splink").setLevel(logging.WARNING)
    runs = []
    for seed in seeds:
        # explain_from above 1: the explanations change no probability and cost most
        result = link_leads_to_accounts(
            **inputs[seed], seed=int(seed), explain_from=2.0
        )
        kept = result.loc[
            result["match_probability"] >= threshold, ["person_key", "account_key"]
        ]
        figures = score(pd.concat([deterministic, kept], ignore_index=True))
        judged = [b for b in bands_of(result) if b["calibrated"] is not None]
        runs.append(
            {
                "seed": int(seed),
                "tier_matches": len(kept),
                **figures,
                "bands_judged": len(judged),
                "bands_calibrated": sum(b["calibrated"] for b in judged),
                "judged_bands": judged,
            }
        )
        log.info("seed %s: %s", seed, {k: figures[k] for k in FIGURES})
    frame = pd.DataFrame(runs)
    summary = {
        figure: {
            "mean": round(float(frame[figure].mean()), 4),
            "min": round(float(frame[figure].min()), 4),
            "max": round(float(frame[figure].max()), 4),
        }
        for figure in FIGURES
    }
    # bands of >= 100 leads within 0.05 of their mean score, over all the seeds' runs
    summary["bands_calibrated"] = (
        f"{int(frame['bands_calibrated'].sum())} of {int(frame['bands_judged'].sum())}"
    )
    return {"threshold": threshold, "seeds": runs, "over_seeds": summary}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("reports/evaluation"))
    parser.add_argument(
        "--seeds", default=",".join(map(str, SEEDS)), help="comma-separated seeds"
    )
    parser.add_argument(
        "--threshold", type=float, default=None, help="default: the build's"
    )
    args = parser.parse_args(argv)
    seeds = [int(seed) for seed in args.seeds.split(",") if seed.strip()]
    result = seed_spread(args.warehouse, args.raw_dir, seeds, args.threshold)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "matching_seed_spread.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result["over_seeds"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
