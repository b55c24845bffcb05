"""Write a demo data set (raw tables plus truth) to a folder."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from tqdm import tqdm

from .companies import (
    ACCOUNT_SCHEMA,
    build_accounts,
    build_companies,
)
from .events import EVENT_SCHEMA, simulate_events, simulate_short_funnel
from .persons import (
    ASSOCIATED_SHARE,
    NO_COMPANY_SHARE_OF_NON_MATCH,
    NON_MATCH_SHARE_OF_LEADS,
    PERSON_SCHEMA,
    PERSON_TRUTH_SCHEMA,
    RELATION_SCHEMA,
    CompanySampler,
    person_chunk,
)

log = logging.getLogger(__name__)

CHUNK_PERSONS = 100_000
"""Persons per chunk (and per Parquet row group); part of the determinism contract."""
WINDOW_DAYS = 730
#: the short-funnel variant: one year of history, leads first contacted in it
SHORT_FUNNEL_WINDOW_DAYS = 365
FUNNELS = ("full", "short")
FORMATS = ("parquet", "csv")
ACCOUNT_DUPLICATE_SHARE = 0.08
CONTRACT_BREAKER_SHARE = 0.002
PERSONS_PER_EXTERNAL_COMPANY = 2.5
_US_DAY = 86_400 * 1_000_000


class _Sink(Protocol):
    def write(self, table: pa.Table) -> None: ...
    def close(self) -> None: ...


class _ParquetSink:
    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self._writer = pq.ParquetWriter(path, schema, compression="zstd")

    def write(self, table: pa.Table) -> None:
        self._writer.write_table(table, row_group_size=max(table.num_rows, 1))

    def close(self) -> None:
        self._writer.close()


class _CsvSink:
    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self._writer = pacsv.CSVWriter(path, schema)

    def write(self, table: pa.Table) -> None:
        self._writer.write_table(table)

    def close(self) -> None:
        self._writer.close()


def _sink(path: Path, schema: pa.Schema, fmt: str) -> _Sink:
    return _ParquetSink(path, schema) if fmt == "parquet" else _CsvSink(path, schema)


def _window(end_date: dt.date, days: int = WINDOW_DAYS) -> tuple[int, int]:
    """[start, end) in microseconds since the epoch, UTC midnights."""
    end = dt.datetime(end_date.year, end_date.month, end_date.day, tzinfo=dt.UTC)
    end_us = int(end.timestamp()) * 1_000_000
    return end_us - days * _US_DAY, end_us


def generate(
    out_dir: str | Path,
    persons: int = 10_000,
    accounts: int = 1_000,
    seed: int = 42,
    end_date: dt.date | None = None,
    fmt: str = "parquet",
    events_per_person: float = 20.0,
    progress: bool = True,
    funnel: str = "full",
) -> dict[str, int]:
    """Generate a realistic B2B CRM export with known truth.

    Writes ``person_profiles``, ``account_profiles``, ``experience_events`` and
    ``account_person_relations`` as ``<name>.<fmt>`` to ``out_dir`` and the truth
    (``truth/person_truth.parquet``, ``truth/account_truth.parquet``) beside them.
    Events cover the 730 days before ``end_date`` (default: today). The output is
    identical for the same ``seed``, ``end_date`` and sizes.

    Args:
        out_dir: folder to write to (created if missing).
        persons: number of simulated persons (a few contract-breaking rows are added).
        accounts: approximate number of account rows, duplicates and bad rows included.
        seed: random seed.
        end_date: last day (exclusive) of the event window.
        fmt: ``"parquet"`` or ``"csv"`` for the raw tables.
        events_per_person: mean number of events per person.
        progress: show a progress bar over person chunks.
        funnel: ``"full"`` (two years of rich behaviour, the default) or ``"short"``:
            one year of history, every lead first contacted in it, two or three
            events per lead (a landing-page view whose URL carries the acquisition
            channel, a new-lead event, maybe one return visit) and a conversion that
            the channel drives (``events.simulate_short_funnel``);
            ``events_per_person`` is then not used.

    Returns:
        Row counts per written table.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")
    if persons < 1 or accounts < 1:
        raise ValueError("persons and accounts must be at least 1")
    if events_per_person < 0:
        raise ValueError("events_per_person must not be negative")
    if funnel not in FUNNELS:
        raise ValueError(f"funnel must be one of {FUNNELS}, got {funnel!r}")
    short = funnel == "short"
    started = time.perf_counter()
    out = Path(out_dir)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    window = _window(
        end_date or dt.date.today(), SHORT_FUNNEL_WINDOW_DAYS if short else WINDOW_DAYS
    )

    # companies and accounts
    rng = np.random.default_rng([seed, 0])
    # at least one bad row of each kind from 100 accounts on, so they always show
    n_breakers = max(round(accounts * CONTRACT_BREAKER_SHARE), int(accounts >= 100))
    n_rows = max(accounts - 2 * n_breakers, 1)
    n_table = max(round(n_rows / (1 + ACCOUNT_DUPLICATE_SHARE)), 1)
    n_external = max(
        10,
        round(
            persons
            * (1 - ASSOCIATED_SHARE)
            * NON_MATCH_SHARE_OF_LEADS
            * (1 - NO_COMPANY_SHARE_OF_NON_MATCH)
            / PERSONS_PER_EXTERNAL_COMPANY
        ),
    )
    companies = build_companies(rng, n_table, n_external)
    acc = build_accounts(
        rng, companies, n_rows - n_table, n_breakers, n_breakers, window[1]
    )
    counts = {
        "account_profiles": acc.accounts.num_rows,
        "account_truth": acc.truth.num_rows,
    }
    account_sink = _sink(out / f"account_profiles.{fmt}", ACCOUNT_SCHEMA, fmt)
    account_sink.write(acc.accounts)
    account_sink.close()
    pq.write_table(
        acc.truth, out / "truth" / "account_truth.parquet", compression="zstd"
    )
    log.info(
        "wrote %d accounts for %d companies (%d outside the account table)",
        acc.accounts.num_rows,
        int(companies.in_table.sum()),
        n_external,
    )
    del acc

    # persons and their events, chunk by chunk
    sampler = CompanySampler.build(companies)
    sinks = {
        "person_profiles": _sink(out / f"person_profiles.{fmt}", PERSON_SCHEMA, fmt),
        "experience_events": _sink(out / f"experience_events.{fmt}", EVENT_SCHEMA, fmt),
        "account_person_relations": _sink(
            out / f"account_person_relations.{fmt}", RELATION_SCHEMA, fmt
        ),
        "person_truth": _ParquetSink(
            out / "truth" / "person_truth.parquet", PERSON_TRUTH_SCHEMA
        ),
    }
    counts.update({name: 0 for name in sinks})
    starts = range(0, persons, CHUNK_PERSONS)
    try:
        for ci, start in enumerate(
            tqdm(starts, desc="demo data", unit="chunk", disable=not progress)
        ):
            n = min(CHUNK_PERSONS, persons - start)
            chunk = person_chunk(
                np.random.default_rng([seed, 1, ci]),
                companies,
                sampler,
                start,
                n,
                window,
                **({"old_contact_share": 0.0} if short else {}),
            )
            if short:
                events, converted = simulate_short_funnel(
                    np.random.default_rng([seed, 2, ci]),
                    chunk.keys,
                    chunk.propensity,
                    chunk.created_us,
                    window,
                    ci,
                )
            else:
                events, converted = simulate_events(
                    np.random.default_rng([seed, 2, ci]),
                    chunk.keys,
                    chunk.propensity,
                    chunk.created_us,
                    chunk.associated,
                    window,
                    events_per_person,
                    ci,
                    start,
                )
            truth = chunk.truth.append_column("converted_lead", pa.array(converted))
            for name, table in (
                ("person_profiles", chunk.profiles),
                ("experience_events", events),
                ("account_person_relations", chunk.relations),
                ("person_truth", truth),
            ):
                sinks[name].write(table)
                counts[name] += table.num_rows
            log.debug(
                "chunk %d: %d persons, %d events, %d converted",
                ci,
                n,
                events.num_rows,
                int(pc.sum(pa.array(converted)).as_py() or 0),
            )
    finally:
        for sink in sinks.values():
            sink.close()
    log.info("demo data in %s: %s (%.1fs)", out, counts, time.perf_counter() - started)
    return counts
