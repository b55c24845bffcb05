"""Small generated exports with hand-written records added, built with dbt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from b2b_enrich.dbt_runner import run_dbt
from b2b_enrich.demo_data import generate

RUN_DATE = "2026-11-01"


def small_export(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A small generated export (300 persons, 40 accounts) ending on RUN_DATE."""
    raw = tmp_path_factory.mktemp(name)
    generate(
        raw,
        persons=300,
        accounts=40,
        seed=11,
        end_date=dt.date.fromisoformat(RUN_DATE),
        events_per_person=2.0,
        progress=False,
    )
    return raw


def add_records(
    raw: Path, table: str, records: pd.DataFrame, *, replace: bool = False
) -> None:
    """Append ``records`` to raw table ``table`` (or replace its rows), in its types;
    columns the records lack are left empty."""
    path = raw / f"{table}.parquet"
    existing = pd.read_parquet(path)
    records = records.reindex(columns=existing.columns)
    rows = records if replace else pd.concat([existing, records], ignore_index=True)
    rows.astype(existing.dtypes.to_dict()).to_parquet(path, index=False)


def build_and_query(
    tmp_path_factory: pytest.TempPathFactory, raw: Path, selection: str, query: str
) -> pd.DataFrame:
    """Seed and ``dbt run --select selection`` on ``raw``; the rows of ``query``."""
    warehouse = tmp_path_factory.mktemp(f"{raw.name}_warehouse") / "b2b.duckdb"
    for command in (["seed"], ["run", "--select", selection]):
        run_dbt(command, raw_dir=raw, warehouse=warehouse, run_date=RUN_DATE)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql(query).df()
