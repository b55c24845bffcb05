"""Shared fixtures: small generated demo data and one dbt build of the whole project.

The build is the longest step a test waits for. When the session has tests that use
it, it starts in the background at the first test, and the tests that need no build
run first (``pytest_collection_modifyitems``), so the unit tests and the build share
the machine instead of taking turns.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from b2b_enrich.dbt_runner import run_dbt

DEMO_END_DATE = "2026-11-01"
DEMO_PERSONS = 6000
DEMO_ACCOUNTS = 600
#: session fixtures that run dbt builds: the tests using them run last
BUILD_FIXTURES = frozenset({"built_warehouse", "shape_builds"})


def _needs_a_build(item: pytest.Item) -> bool:
    return bool(BUILD_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests without a session build first (stable: file order within each part)."""
    items.sort(key=_needs_a_build)


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


def _build(raw_dir: Path, warehouse: Path) -> Path:
    for command in (["seed"], ["build"]):
        run_dbt(command, raw_dir=raw_dir, warehouse=warehouse, run_date=DEMO_END_DATE)
    return warehouse


@pytest.fixture(scope="session", autouse=True)
def _main_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Future[Path] | None]:
    """The main build, started in a background thread (dbt runs in a child process)
    at the session's first test when any test of the session uses it."""
    if not any(
        "built_warehouse" in getattr(i, "fixturenames", ())
        for i in request.session.items
    ):
        yield None
        return
    raw_dir = request.getfixturevalue("demo_raw_dir")
    warehouse = tmp_path_factory.mktemp("warehouse") / "b2b.duckdb"
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool.submit(_build, raw_dir, warehouse)


@pytest.fixture(scope="session")
def built_warehouse(_main_build: Future[Path] | None) -> Path:
    """A warehouse after `dbt seed` + `dbt build` of the whole project (with tests)."""
    assert _main_build is not None
    return _main_build.result()
