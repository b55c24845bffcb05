"""Benchmark: the whole daily job at scale (default 1M persons / 100k accounts / ~20M
events): demo-data generation, `dbt seed`, then `dbt build` (all models and tests).

    .venv/bin/python bench/bench_daily_build.py [--persons 1000000 --accounts 100000]

Writes bench/results/daily_build.json: wall time and peak memory of each step, and the
per-model times of the build. Targets (DESIGN.md): build <= 5 min, peak <= 6 GiB.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from _common import generate, run_dbt, write_result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--events-per-person", type=float, default=20.0)
    parser.add_argument("--work-dir", type=Path, default=None)
    parser.add_argument(
        "--reuse-raw",
        action="store_true",
        help="keep the demo data already in --work-dir/raw",
    )
    args = parser.parse_args()
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="bench_daily_"))
    raw, warehouse = work / "raw", work / "warehouse.duckdb"
    started = time.perf_counter()
    if args.reuse_raw and (raw / "person_profiles.parquet").exists():
        generated = {"reused": str(raw)}
    else:
        generated = generate(raw, args.persons, args.accounts, args.events_per_person)
        generated["peak_rss_gib"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2
        )
    # a fresh warehouse: a training day (a kept one would reuse its models)
    warehouse.unlink(missing_ok=True)
    seed = run_dbt(["seed", "--quiet"], raw, warehouse)
    build = run_dbt(["build"], raw, warehouse)
    run_results = warehouse.with_suffix(".target") / "run_results.json"
    results = json.loads(run_results.read_text())
    slowest = sorted(results["results"], key=lambda r: -r["execution_time"])[:15]
    write_result(
        "daily_build",
        {
            "persons": args.persons,
            "accounts": args.accounts,
            "generate": generated,
            "dbt_seed": seed,
            "dbt_build": build,
            "slowest_nodes": {
                r["unique_id"]: round(r["execution_time"], 1) for r in slowest
            },
            "total_seconds": round(time.perf_counter() - started, 1),
            "warehouse_gib": round(warehouse.stat().st_size / 1024**3, 2),
        },
    )


if __name__ == "__main__":
    main()
