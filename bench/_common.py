"""Shared helpers of the benchmarks: generate data, run dbt, measure time and memory."""

from __future__ import annotations

import datetime as dt
import json
import resource
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
RESULTS_DIR = PROJECT_DIR / "bench" / "results"
RUN_DATE = "2026-11-01"


def generate(out: Path, persons: int, accounts: int, events_per_person: float) -> dict:
    from b2b_enrich.demo_data import generate as generate_demo

    started = time.perf_counter()
    counts = generate_demo(
        out,
        persons=persons,
        accounts=accounts,
        seed=42,
        end_date=dt.date.fromisoformat(RUN_DATE),
        events_per_person=events_per_person,
        progress=True,
    )
    return {"seconds": round(time.perf_counter() - started, 1), "rows": counts}


def run_dbt(args: list[str], raw_dir: Path, warehouse: Path) -> dict:
    """Run one dbt command in a child process; wall time and the children's peak RSS."""
    from b2b_enrich.dbt_runner import run_dbt as run

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run(args, raw_dir=raw_dir, warehouse=warehouse, run_date=RUN_DATE)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "command": "dbt " + " ".join(args),
        "seconds": round(seconds, 1),
        # CPU seconds of all threads: unlike the wall time, hardly moved by other load
        "cpu_seconds": round(
            after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1
        ),
        "peak_rss_gib": round(after.ru_maxrss / 1024**2, 2),
    }


def write_result(name: str, result: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return path
