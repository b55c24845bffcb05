"""Run dbt for this project from Python (tests, benchmarks, evaluation scripts).

Uses dbt's programmatic entry point so a run needs no shell; every setting is passed
through the environment variables the project reads (B2B_RAW_DIR, B2B_WAREHOUSE, ...).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[2]


class DbtRunError(RuntimeError):
    """A dbt command did not succeed."""


@contextmanager
def _environment(values: Mapping[str, str]):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_dbt(
    args: Sequence[str],
    *,
    raw_dir: str | Path,
    warehouse: str | Path,
    run_date: str | None = None,
    raw_format: str = "parquet",
    project_dir: str | Path = PROJECT_DIR,
    extra_env: Mapping[str, str] | None = None,
) -> object:
    """Invoke ``dbt <args>`` on the project against the given raw folder and warehouse.

    Returns dbt's result object; raises DbtRunError when the command fails.
    """
    from dbt.cli.main import dbtRunner

    project_dir = Path(project_dir)
    target_path = Path(warehouse).with_suffix(".target")
    env = {
        "B2B_RAW_DIR": str(Path(raw_dir).resolve()),
        "B2B_RAW_FORMAT": raw_format,
        "B2B_WAREHOUSE": str(Path(warehouse).resolve()),
        "DBT_PROFILES_DIR": str(project_dir),
        "DBT_TARGET_PATH": str(target_path.resolve()),
        "DBT_LOG_PATH": str(target_path.resolve() / "logs"),
        **(extra_env or {}),
    }
    if run_date:
        env["B2B_RUN_DATE"] = run_date
    with _environment(env):
        result = dbtRunner().invoke(
            [*args, "--project-dir", str(project_dir), "--quiet"]
        )
    if not result.success:
        raise DbtRunError(
            f"dbt {' '.join(args)} failed: {result.exception or result.result}"
        )
    return result
