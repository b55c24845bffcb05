"""Run dbt for this project from Python (tests, benchmarks, evaluation scripts).

Every setting is passed through the environment variables the project reads
(B2B_RAW_DIR, B2B_WAREHOUSE, B2B_RUN_DATE, ...).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[2]


class DbtRunError(RuntimeError):
    """A dbt command did not succeed."""


def run_dbt(
    args: Sequence[str],
    *,
    raw_dir: str | Path,
    warehouse: str | Path,
    run_date: str | None = None,
    raw_format: str = "parquet",
    project_dir: str | Path = PROJECT_DIR,
    extra_env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Run ``dbt <args>`` on the project against the given raw folder and warehouse.

    dbt runs in a child process, as a user runs it, so that no DuckDB connection of
    dbt's stays open in the caller. Raises DbtRunError (with dbt's output) on failure.
    """
    project_dir = Path(project_dir)
    Path(warehouse).resolve().parent.mkdir(parents=True, exist_ok=True)
    target_path = Path(warehouse).resolve().with_suffix(".target")
    env = {
        **os.environ,
        "B2B_RAW_DIR": str(Path(raw_dir).resolve()),
        "B2B_RAW_FORMAT": raw_format,
        "B2B_WAREHOUSE": str(Path(warehouse).resolve()),
        "DBT_PROFILES_DIR": str(project_dir),
        "DBT_TARGET_PATH": str(target_path),
        "DBT_LOG_PATH": str(target_path / "logs"),
        **(extra_env or {}),
    }
    if run_date:
        env["B2B_RUN_DATE"] = run_date
    dbt = Path(sys.executable).with_name("dbt")
    completed = subprocess.run(
        [str(dbt), *args, "--project-dir", str(project_dir)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise DbtRunError(
            f"dbt {' '.join(args)} failed:\n{completed.stdout[-6000:]}"
            f"{completed.stderr[-2000:]}"
        )
    return completed
