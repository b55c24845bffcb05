"""Shared helpers of the benchmark scripts: generate data, run dbt, measure time/memory."""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
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
    """Run one dbt command in a child process; wall time and the child's peak RSS."""
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "B2B_RAW_DIR": str(raw_dir),
        "B2B_WAREHOUSE": str(warehouse),
        "B2B_RUN_DATE": RUN_DATE,
        "DBT_TARGET_PATH": str(warehouse.parent / "target"),
        "DBT_LOG_PATH": str(warehouse.parent / "logs"),
    }
    dbt = str(Path(sys.executable).with_name("dbt"))
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    completed = subprocess.run(
        [dbt, *args, "--project-dir", str(PROJECT_DIR)],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-5000:])
        raise SystemExit(f"dbt {' '.join(args)} failed")
    return {
        "command": "dbt " + " ".join(args),
        "seconds": round(seconds, 1),
        "peak_rss_gib": round(max(peak_kib, before) / 1024**2, 2),
    }


def write_result(name: str, result: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return path
