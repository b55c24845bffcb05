"""Benchmark: the related-accounts models at 100k accounts.

    .venv/bin/python bench/bench_related_accounts.py [--accounts 100000]
        [--variant names_alone_accounts]

Generates demo data (one event per person: events do not matter here), builds the
upstream models (staging, int_accounts, int_persons, the relations) apart, then times
the related-accounts models alone (the accounts' contacts and their e-mail domains,
qualifiers, profiles, name candidates, edges, the clustering Python model, the mart
and the job log): the dbt command's wall time, each model's own
execution time from run_results.json, and the dbt process's peak memory. Quality
against the generator's families is measured on the same data. With ``--variant``
the job runs on that variant of the generated data (b2b_enrich.demo_data.variants:
``names_alone_accounts`` keeps the accounts' names, countries and industries only).
Writes bench/results/related_accounts.json (related_accounts_<variant>.json) and logs
a short table.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from _common import RUN_DATE, generate, write_result

from b2b_enrich.dbt_runner import run_dbt
from b2b_enrich.demo_data.variants import VARIANTS, write_variant
from b2b_enrich.evaluation.related_accounts import evaluate

log = logging.getLogger("bench_related_accounts")

PROJECT_DIR = Path(__file__).resolve().parents[1]
RELATED_ACCOUNTS_MODELS = [
    # the accounts' domains from their contacts' e-mails, which the job links on
    "int_account_contacts",
    "int_account_contact_domains",
    "int_account_domains",
    "path:models/intermediate/related_accounts",
    "path:python_models/related_accounts",
    "path:models/marts/related_accounts",
]
# runs dbt in a fresh interpreter and reports that child's peak RSS, so the figure is
# the related-accounts run alone and not the seed / upstream runs before it
_MEASURE = (
    "import json, os, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "load = os.getloadavg()[0]\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'returncode': p.returncode,\n"
    "  'seconds': time.perf_counter() - t,\n"
    "  'cpu_seconds': u.ru_utime + u.ru_stime,\n"
    "  'load_average': [load, os.getloadavg()[0]],\n"
    "  'peak_rss_kib': u.ru_maxrss,\n"
    "  'tail': (p.stdout + p.stderr)[-3000:]}))\n"
)


def timed_dbt(args: list[str], raw: Path, warehouse: Path, project_dir: Path) -> dict:
    """Run ``dbt <args>`` in a measured child: wall time, peak RSS, model times."""
    target = warehouse.resolve().with_suffix(".target")
    env = {
        **os.environ,
        "B2B_RAW_DIR": str(raw.resolve()),
        "B2B_WAREHOUSE": str(warehouse.resolve()),
        "B2B_RUN_DATE": RUN_DATE,
        "DBT_PROFILES_DIR": str(project_dir),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target / "logs"),
    }
    dbt = str(Path(sys.executable).with_name("dbt"))
    command = [dbt, *args, "--project-dir", str(project_dir), "--quiet"]
    measured = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(measured.stdout.strip().splitlines()[-1])
    if result["returncode"] != 0:
        raise RuntimeError(f"dbt {' '.join(args)} failed:\n{result['tail']}")
    run_results = json.loads((target / "run_results.json").read_text())
    models = {
        r["unique_id"].split(".")[-1]: round(r["execution_time"], 2)
        for r in run_results["results"]
    }
    return {
        "command": "dbt " + " ".join(args),
        "wall_seconds": round(result["seconds"], 1),
        # CPU seconds of dbt and its threads: unlike the wall time, hardly moved by
        # the other developers' load (1-minute load average before and after)
        "cpu_seconds": round(result["cpu_seconds"], 1),
        "load_average": [round(x, 1) for x in result["load_average"]],
        "model_seconds_total": round(sum(models.values()), 1),
        "model_seconds": models,
        "peak_rss_gib": round(result["peak_rss_kib"] / 1024**2, 2),
    }


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--events-per-person", type=float, default=1.0)
    parser.add_argument("--project-dir", type=Path, default=PROJECT_DIR)
    parser.add_argument("--variant", choices=sorted(VARIANTS), default=None)
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="reuse this folder (raw data is generated once)",
    )
    args = parser.parse_args(argv)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="bench_related_accounts_"))
    raw, warehouse = work / "raw", work / "warehouse.duckdb"
    generated = None
    if not (raw / "account_profiles.parquet").exists():
        generated = generate(raw, args.persons, args.accounts, args.events_per_person)
    if args.variant:
        raw, warehouse = work / args.variant, work / f"{args.variant}.duckdb"
        if not (raw / "account_profiles.parquet").exists():
            write_variant(work / "raw", raw, args.variant)
    started = time.perf_counter()
    run_dbt(
        ["seed", "--quiet"],
        raw_dir=raw,
        warehouse=warehouse,
        run_date=RUN_DATE,
        project_dir=args.project_dir,
    )
    run_dbt(
        [
            "run",
            "--quiet",
            "--select",
            "+int_accounts",
            "+int_account_person_relations",
        ],
        raw_dir=raw,
        warehouse=warehouse,
        run_date=RUN_DATE,
        project_dir=args.project_dir,
    )
    upstream_seconds = round(time.perf_counter() - started, 1)
    related = timed_dbt(
        ["run", "--select", *RELATED_ACCOUNTS_MODELS], raw, warehouse, args.project_dir
    )
    metrics = evaluate(warehouse, raw, work / f"eval_{args.variant or 'demo'}")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        counts = (
            con.sql(
                """
            select
                (select count(*) from int_accounts) as accounts,
                (select count(*) from int_related_account_name_candidates)
                    as name_candidate_pairs,
                (select count(*) from int_related_account_edges) as edges,
                (select count(distinct group_id) from related_accounts) as groups,
                (select max(group_size) from related_accounts) as largest_group,
                (select metrics from related_accounts_job_log
                 order by finished_at desc limit 1) as job_log_metrics
            """
            )
            .df()
            .iloc[0]
            .to_dict()
        )
    ours = metrics["ours"]
    result = {
        "accounts": int(counts["accounts"]),
        "persons": args.persons,
        "variant": args.variant,
        "machine_cpus": os.cpu_count(),
        "generate_seconds": generated["seconds"] if generated else None,
        "upstream_seconds": upstream_seconds,
        "related_accounts_models": related,
        "target_seconds": 30,
        "name_candidate_pairs": int(counts["name_candidate_pairs"]),
        "edges": int(counts["edges"]),
        "groups": int(counts["groups"]),
        "largest_group": int(counts["largest_group"]),
        "job_log_metrics": json.loads(counts["job_log_metrics"]),
        "quality": {
            system: {
                k: metrics[system][k]
                for k in (
                    "pairwise_precision",
                    "pairwise_recall",
                    "pairwise_f1",
                    "bcubed_f1",
                    "largest_group",
                    "largest_true_family",
                )
            }
            for system in ("ours", "parent_and_domain", "baseline_parent_only")
        },
    }
    write_result(
        f"related_accounts_{args.variant}" if args.variant else "related_accounts",
        result,
    )
    log.info(
        "\n| accounts | dbt wall s | models s | CPU s | load | peak GiB | pairs | P | R"
        " | largest |"
        "\n| %d | %.1f | %.1f | %.1f | %.1f | %.2f | %d | %.3f | %.3f | %d (true %d) |",
        result["accounts"],
        related["wall_seconds"],
        related["model_seconds_total"],
        related["cpu_seconds"],
        max(related["load_average"]),
        related["peak_rss_gib"],
        result["name_candidate_pairs"],
        ours["pairwise_precision"],
        ours["pairwise_recall"],
        ours["largest_group"],
        ours["largest_true_family"],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
