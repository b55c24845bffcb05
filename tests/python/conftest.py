"""Shared fixtures: small generated demo data and one dbt build of the whole project."""

from __future__ import annotations

from pathlib import Path

import pytest

from b2b_enrich.dbt_runner import run_dbt

DEMO_END_DATE = "2026-11-01"
DEMO_PERSONS = 6000
DEMO_ACCOUNTS = 600


@pytest.fixture(scope="session")
def demo_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Raw tables + truth from the generator, small but with every kind of case."""
    import datetime as dt

    from b2b_enrich.demo_data import generate

    out = tmp_path_factory.mktemp("raw")
    generate(
        out,
        persons=DEMO_PERSONS,
        accounts=DEMO_ACCOUNTS,
        seed=7,
        end_date=dt.date.fromisoformat(DEMO_END_DATE),
        progress=False,
    )
    return out


@pytest.fixture(scope="session")
def built_warehouse(
    demo_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A warehouse after `dbt seed` + `dbt build` of the whole project (with tests)."""
    warehouse = tmp_path_factory.mktemp("warehouse") / "b2b.duckdb"
    for command in (["seed"], ["build"]):
        run_dbt(
            command, raw_dir=demo_raw_dir, warehouse=warehouse, run_date=DEMO_END_DATE
        )
    return warehouse
