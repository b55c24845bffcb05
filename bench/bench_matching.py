"""Benchmark: lead-to-account matching at ~100k candidate leads vs 20k accounts.

    .venv/bin/python bench/bench_matching.py [--persons 160000 --accounts 20000]

Writes bench/results/matching.json. The upstream models (staging, normalization) are
built first and timed apart; the matching figure covers the matching models only
(hierarchy, deterministic tier, Splink training + prediction, marts).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

import duckdb
from _common import generate, run_dbt, write_result

MATCHING_MODELS = [
    "int_account_hierarchy",
    # the accounts' domains from their contacts' e-mails, which matching links on
    "int_account_contacts",
    "int_account_contact_domains",
    "int_account_domains",
    "path:models/intermediate/matching",
    "path:python_models/matching",
    "path:models/marts/matching",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=160_000)
    parser.add_argument("--accounts", type=int, default=20_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_matching_"))
    raw, warehouse = work / "raw", work / "warehouse.duckdb"
    generated = generate(raw, args.persons, args.accounts, events_per_person=0.5)
    run_dbt(["seed", "--quiet"], raw, warehouse)
    upstream = run_dbt(
        [
            "run",
            "--select",
            "+int_persons",
            "+int_accounts",
            "+int_account_person_relations",
            # the names' legal forms, which matching compares
            "+int_company_name_legal_systems",
        ],
        raw,
        warehouse,
    )
    matching = run_dbt(["run", "--select", *MATCHING_MODELS], raw, warehouse)
    run_results = json.loads(
        (warehouse.with_suffix(".target") / "run_results.json").read_text()
    )
    # the machine's load when the matching models ran: timings under load are slower
    load_average = [round(x, 1) for x in os.getloadavg()]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        leads = con.sql("select count(*) from int_matching_candidate_leads").fetchall()[
            0
        ][0]
        undecided = con.sql(
            "select count(*) from int_matching_undecided_leads"
        ).fetchall()[0][0]
        accounts = con.sql("select count(*) from int_accounts").fetchall()[0][0]
        matched = con.sql("select count(*) from lead_account_matches").fetchall()[0][0]
    write_result(
        "matching",
        {
            "persons": args.persons,
            "candidate_leads": leads,
            "accounts": accounts,
            "leads_sent_to_splink": undecided,
            "matched": matched,
            "generate_seconds": generated["seconds"],
            "upstream_models": upstream,
            "matching_models": matching,
            "candidate_leads_per_minute": round(leads / matching["seconds"] * 60),
            "model_seconds": {
                r["unique_id"].rsplit(".", 1)[-1]: round(r["execution_time"], 1)
                for r in sorted(run_results["results"], key=lambda r: r["unique_id"])
            },
            "load_average_1_5_15_min": load_average,
        },
    )


if __name__ == "__main__":
    main()
