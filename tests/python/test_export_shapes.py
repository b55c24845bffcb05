"""The whole `dbt build` on exports of many shapes: one job never takes the build down.

A small generated export is rewritten into variants that each lack a kind of evidence
(``b2b_enrich.demo_data.variants``); the real development sets are built as they are.
Every build must pass, log every job in ``enrichment_job_runs`` with a status that
says what the data supported, and keep matches and related accounts precise against
the truth. The same export built twice for one run date gives identical tables, and a
build for the day before keeps the groups of accounts whose group did not change.

The builds run in a few parallel dbt processes, once per session (about 21 builds).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from b2b_enrich.dbt_runner import DbtRunError, run_dbt
from b2b_enrich.demo_data import generate
from b2b_enrich.demo_data.variants import VARIANTS, write_variant
from b2b_enrich.evaluation.realdata import (
    MATCHING_SET,
    REALDATA_DIR,
    RELATED_ACCOUNTS_SET,
    score_matching_set,
    score_related_accounts_set,
)
from b2b_enrich.evaluation.related_accounts import score_clustering

pytestmark = pytest.mark.integration

RUN_DATE = "2026-11-01"
DAY_BEFORE = (dt.date.fromisoformat(RUN_DATE) - dt.timedelta(days=1)).isoformat()
SHAPE_PERSONS = 1200
SHAPE_ACCOUNTS = 120
PARALLEL_BUILDS = int(os.environ.get("B2B_TEST_PARALLEL_BUILDS", "3"))
REAL_SETS = (MATCHING_SET, RELATED_ACCOUNTS_SET)
JOBS = ("input_validation", "lead_to_account_matching", "related_accounts")
# what every shape build runs: the whole build with its data tests; not the dbt unit
# tests (fixed inputs, the same on every export: the session's main build runs them)
# and only the project's configuration in the scoring model search (no test here
# judges the model; its candidates are compared in the main build and test_scoring)
SHAPE_BUILD = (
    "build",
    "--exclude-resource-type",
    "unit_test",
    "--vars",
    "{scoring_model_search: quick}",
)


@dataclass
class Build:
    name: str
    raw_dir: Path
    warehouse: Path
    run_date: str
    raw_format: str = "parquet"
    dbt_args: tuple[str, ...] = SHAPE_BUILD
    error: str | None = None

    def query(self, sql: str) -> pd.DataFrame:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.sql(sql).df()

    def jobs(self) -> pd.DataFrame:
        return self.query(
            "select job_name, coalesce(job_part, '') as job_part, status, "
            "status_reason from enrichment_job_runs"
        )


def _run(build: Build) -> Build:
    try:
        run_dbt(
            list(build.dbt_args),
            raw_dir=build.raw_dir,
            warehouse=build.warehouse,
            run_date=build.run_date,
            raw_format=build.raw_format,
        )
    except DbtRunError as error:
        build.error = str(error)
    return build


@pytest.fixture(scope="session")
def shape_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    root = tmp_path_factory.mktemp("shapes")
    base = root / "base"
    generate(
        base,
        persons=SHAPE_PERSONS,
        accounts=SHAPE_ACCOUNTS,
        seed=11,
        end_date=dt.date.fromisoformat(RUN_DATE),
        progress=False,
    )
    builds = [
        Build("base", base, root / "base.duckdb", RUN_DATE),
        Build("base_rerun", base, root / "base_rerun.duckdb", RUN_DATE),
        # only what the group-stability check reads: the related-accounts lineage
        Build(
            "base_day_before",
            base,
            root / "base_day_before.duckdb",
            DAY_BEFORE,
            dbt_args=(
                *SHAPE_BUILD,
                "--select",
                "+related_accounts",
                "--indirect-selection",
                "cautious",
            ),
        ),
    ]
    for name, variant in VARIANTS.items():
        raw = write_variant(base, root / name, name)
        builds.append(Build(name, raw, root / f"{name}.duckdb", RUN_DATE, variant.fmt))
    for name in REAL_SETS:
        if (REALDATA_DIR / name / "raw").is_dir():
            builds.append(
                Build(
                    name, REALDATA_DIR / name / "raw", root / f"{name}.duckdb", RUN_DATE
                )
            )
    with ThreadPoolExecutor(max_workers=PARALLEL_BUILDS) as pool:
        return {build.name: build for build in pool.map(_run, builds)}


def _built(shape_builds: dict[str, Build], name: str) -> Build:
    if name not in shape_builds:
        pytest.skip(f"{name}: not available here (set B2B_REALDATA_DIR)")
    build = shape_builds[name]
    assert build.error is None, build.error
    return build


SHAPES = ["base", *VARIANTS, *REAL_SETS]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_job_is_logged_and_none_failed(shape_builds, shape):
    build = _built(shape_builds, shape)
    jobs = build.jobs()
    assert set(JOBS) <= set(jobs["job_name"]), jobs
    assert {"scoring_training", "scoring"} <= set(jobs["job_name"]), jobs
    assert not (jobs["status"] == "failed").any(), jobs[jobs["status"] == "failed"]
    said = jobs[jobs["status"].isin(["partial", "skipped"])]
    assert said["status_reason"].str.len().gt(10).all(), said


def _status(build: Build, job: str, part: str = "") -> pd.Series:
    jobs = build.jobs()
    rows = jobs[(jobs["job_name"] == job) & jobs["job_part"].str.startswith(part)]
    assert len(rows), f"{build.name}: no {job} {part} row"
    return rows.set_index("job_part")["status"]


def test_input_check_names_what_the_export_lacks(shape_builds):
    absent = _built(shape_builds, "no_relations")
    assert set(_status(absent, "input_validation")) == {"partial"}
    reason = absent.query("select status_reason from input_job_log")[
        "status_reason"
    ].iloc[0]
    assert "account_person_relations" in reason and "treated as empty" in reason
    relations = absent.query(
        "select relationship_source, count(*) as n "
        "from account_person_relations_all group by 1"
    )
    assert set(relations["relationship_source"]) <= {
        "lead_to_account_matching",
        "person_profile",
    }
    assert set(_status(_built(shape_builds, "base"), "input_validation")) == {"success"}


def test_scoring_without_events_is_skipped_with_reasons(shape_builds):
    build = _built(shape_builds, "no_events")
    assert set(_status(build, "scoring_training")) == {"skipped"}
    assert set(_status(build, "scoring")) == {"skipped"}
    # the other jobs do what the data supports
    assert set(_status(build, "lead_to_account_matching")) <= {"success", "partial"}
    assert len(build.query("select * from person_profiles_enriched")) > 1000


def test_a_goal_without_events_is_skipped_and_the_others_train(shape_builds):
    build = _built(shape_builds, "no_goal_events")
    assert set(_status(build, "scoring_training", "lead_conversion")) == {"skipped"}
    # trained; partial when a baseline validates above it or its validation is thin
    assert set(_status(build, "scoring_training", "contract_stage")) <= {
        "success",
        "partial",
    }
    scored = build.query("select distinct goal_name from leads_ai_scores")[
        "goal_name"
    ].tolist()
    assert scored == ["contract_stage"]


def _matching_precision(build: Build) -> tuple[int, float, float]:
    """Matches, and the share whose account is the lead's true company / family.

    In a variant that keeps only some accounts, a lead whose own company has no
    account left is rightly matched to an account of its corporate family.
    """
    truth_dir = build.raw_dir / "truth"
    persons = pd.read_parquet(truth_dir / "person_truth.parquet")
    accounts = pd.read_parquet(truth_dir / "account_truth.parquet")
    families = accounts.set_index("account_key")["family_id"]
    persons["true_family_id"] = persons["true_account_key"].map(families)
    in_export = build.query("select account_key from int_accounts")["account_key"]
    companies_in_export = set(
        accounts.loc[accounts["account_key"].isin(in_export), "company_id"]
    )
    matches = build.query("select person_key, account_key from lead_account_matches")
    joined = matches.merge(persons, on="person_key").merge(accounts, on="account_key")
    if joined.empty:
        return 0, 1.0, 1.0
    own_company = joined["company_id"] == joined["true_company_id"]
    own_family = joined["family_id"] == joined["true_family_id"]
    family_stands_in = own_family & ~joined["true_company_id"].isin(companies_in_export)
    return (
        len(joined),
        float((own_company | family_stands_in).mean()),
        float(own_family.mean()),
    )


MATCHING_SHAPES = [
    "base",
    "no_emails",
    "names_only",
    "names_and_phones",
    "company_names_alone",
    "one_country",
    "free_mail_only",
    "no_account_websites",
    "tiny",
    "single_account",
    "csv",
    "no_relations",
]


@pytest.mark.parametrize("shape", MATCHING_SHAPES)
def test_matches_stay_precise_on_every_shape(shape_builds, shape):
    build = _built(shape_builds, shape)
    matched, precision, family_precision = _matching_precision(build)
    said = f"{shape}: precision {precision:.3f} (family {family_precision:.3f})"
    if matched >= 100:
        assert precision >= 0.9, f"{said} over {matched} matches"
    else:
        # a few dozen matches: one family whose members share a domain (the choice
        # among them is a guess) moves the company share by 0.1, so the family is
        # held to the floor and the company to a looser one
        assert family_precision >= 0.9 and precision >= 0.8, f"{said} over {matched}"
    assert set(_status(build, "lead_to_account_matching")) <= {
        "success",
        "partial",
        "skipped",
    }


def test_names_only_still_matches_on_names_and_says_what_it_left_out(shape_builds):
    build = _built(shape_builds, "names_only")
    matched, precision, _ = _matching_precision(build)
    assert matched >= 50 and precision >= 0.9
    jobs = build.jobs().set_index("job_name")
    matching = jobs.loc["lead_to_account_matching"]
    assert matching["status"] == "partial"
    assert "EM pass on e-mail domain skipped" in matching["status_reason"]
    assert "company_domain dropped" in matching["status_reason"]
    related = jobs.loc["related_accounts"]
    assert related["status"] == "partial" and "names" in related["status_reason"]


def test_company_names_alone_train_the_pair_model_without_em(shape_builds):
    """A lead list of company names alone leaves Splink's EM nothing to estimate
    (its one pass blocks on the name, the only comparison); the tier still scores
    the undecided leads with the pair model, and says so (before: the build stopped
    on a Splink parser error)."""
    build = _built(shape_builds, "company_names_alone")
    matching = build.jobs().set_index("job_name").loc["lead_to_account_matching"]
    assert matching["status"] == "partial"
    assert "no EM pass can run" in matching["status_reason"]
    scored_by = build.query(
        "select scored_by, count(*) as leads from int_matching_probabilistic_scores "
        "group by 1"
    ).set_index("scored_by")["leads"]
    assert scored_by.get("pair_model", 0) >= 20
    probabilistic = build.query(
        "select count(*) as n from lead_account_matches "
        "where match_method = 'probabilistic'"
    )["n"].iloc[0]
    assert probabilistic >= 10


def _related_accounts_scores(build: Build) -> dict:
    """Pairwise and B-cubed scores of the build's related accounts against the
    generator's families (``score_clustering``)."""
    truth = pd.read_parquet(build.raw_dir / "truth" / "account_truth.parquet")
    groups = build.query("select account_key, group_id from related_accounts")
    joined = groups.merge(truth, on="account_key")
    return score_clustering(joined["group_id"], joined["family_id"])


@pytest.mark.parametrize(
    "shape", ["base", "no_parent_links", "names_only_accounts", "one_country", "tiny"]
)
def test_related_accounts_stay_precise_on_every_shape(shape_builds, shape):
    build = _built(shape_builds, shape)
    scores = _related_accounts_scores(build)
    assert scores["pairwise_precision"] >= 0.9, scores
    assert set(_status(build, "related_accounts")) <= {"success", "partial", "skipped"}


def test_accounts_whose_contacts_share_a_corporate_domain_are_related(shape_builds):
    """Accounts with names and countries only whose contacts' work e-mails are on one
    corporate domain are related on it, and rightly (a group's e-mail domain); with no
    contact related to the accounts (names_alone_accounts) the names alone find less."""
    build = _built(shape_builds, "names_only_accounts")
    truth = pd.read_parquet(build.raw_dir / "truth" / "account_truth.parquet")
    family = truth.set_index("account_key")["family_id"]
    pairs = build.query(
        "select a.account_key as a, b.account_key as b,"
        " ga.group_id = gb.group_id as together"
        " from int_related_account_profiles as a"
        " inner join int_related_account_profiles as b"
        "  on b.linking_domain = a.linking_domain and b.account_key > a.account_key"
        " inner join related_accounts as ga on ga.account_key = a.account_key"
        " inner join related_accounts as gb on gb.account_key = b.account_key"
        " where a.website_domain_source = 'contacts'"
        "  and b.website_domain_source = 'contacts'"
    )
    assert len(pairs) >= 5, pairs
    assert pairs["together"].all(), pairs[~pairs["together"]]
    same_family = pairs["a"].map(family) == pairs["b"].map(family)
    assert same_family.mean() >= 0.95, pairs[~same_family]

    names_alone = _built(shape_builds, "names_alone_accounts")
    assert (
        _related_accounts_scores(build)["pairwise_recall"]
        > _related_accounts_scores(names_alone)["pairwise_recall"]
    )


@pytest.mark.parametrize(
    ("shape", "status", "reason_has"),
    [
        ("names_only_accounts", "partial", ["no parent links", "no usable website"]),
        ("single_account", "skipped", ["a single account"]),
        ("one_country", "success", ["one country"]),
    ],
)
def test_related_accounts_log_says_what_evidence_was_missing(
    shape_builds, shape, status, reason_has
):
    build = _built(shape_builds, shape)
    got, reason, metrics = build.query(
        "select status, status_reason, metrics from related_accounts_job_log"
    ).iloc[-1]
    assert got == status
    assert all(part in reason for part in reason_has), reason
    counts = build.query(
        "select (select count(*) from int_accounts) as accounts, "
        "(select count(*) from related_accounts) as grouped"
    ).iloc[0]
    assert counts["accounts"] == counts["grouped"]
    if status != "skipped":
        assert json.loads(metrics)["missing_evidence"]


def test_a_single_account_is_its_own_group(shape_builds):
    build = _built(shape_builds, "single_account")
    groups = build.query(
        "select account_key, group_id, group_size from related_accounts"
    )
    assert len(groups) == 1 and groups["group_size"].iloc[0] == 1
    assert set(_status(build, "related_accounts")) == {"skipped"}


def test_real_matching_set_builds_and_beats_the_name_baseline(shape_builds):
    build = _built(shape_builds, MATCHING_SET)
    scores = score_matching_set(build.warehouse, REALDATA_DIR / MATCHING_SET / "truth")
    assert scores["ours"]["precision"] >= 0.9
    assert scores["ours"]["f1"] >= scores["normalised_name"]["f1"] + 0.1


def test_real_families_set_builds_and_keeps_precision(shape_builds):
    build = _built(shape_builds, RELATED_ACCOUNTS_SET)
    scores = score_related_accounts_set(
        build.warehouse, REALDATA_DIR / RELATED_ACCOUNTS_SET / "truth"
    )
    assert scores["ours"]["pairwise_precision"] >= 0.98
    assert scores["ours"]["pairwise_f1"] >= scores["parent_links_only"]["pairwise_f1"]


# ---- identical reruns -------------------------------------------------------------

# job metrics may carry how long a step took: those keys are the run's, not data
RUN_TIME_METRICS = ("seconds", "duration", "elapsed")


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, dict[str, str]]:
    rows = con.sql(
        "select table_name, column_name, data_type from information_schema.columns "
        f"where table_catalog = '{catalog}' and table_schema = 'main' "
        "order by table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, {})[column] = data_type
    return tables


def _run_clock_columns(
    con: duckdb.DuckDBPyConnection, table: str, types: dict[str, str]
) -> set[str]:
    """Timestamp columns holding the time of the run itself, not a result.

    The data are from before the run date (the contract), so a timestamp later than
    the day after it can only be the clock of the run (started_at, trained_at, ...).
    """
    clock = {"duration_seconds"} & types.keys()
    for column, data_type in types.items():
        if data_type.startswith("TIMESTAMP"):
            later = con.sql(
                f'select count(*) from first.{table} where "{column}" > '
                f"timestamp '{RUN_DATE}' + interval 1 day"
            ).fetchall()[0][0]
            if later:
                clock.add(column)
    return clock


def _metrics_without_timings(column: str) -> str:
    pattern = "|".join(RUN_TIME_METRICS)
    key = f'"[a-z_]*({pattern})[a-z_]*"'
    return f"regexp_replace({column}, '{key}:[-0-9.e]+,?', '', 'g')"


def test_a_rerun_gives_identical_tables_row_for_row(shape_builds):
    first = _built(shape_builds, "base")
    second = _built(shape_builds, "base_rerun")
    con = duckdb.connect()
    con.execute(f"attach '{first.warehouse}' as first (read_only)")
    con.execute(f"attach '{second.warehouse}' as second (read_only)")
    tables = _tables(con, "first")
    assert tables.keys() == _tables(con, "second").keys()
    differing = {}
    for table, types in tables.items():
        clock = _run_clock_columns(con, table, types)
        selected = [
            _metrics_without_timings(c) if c == "metrics" else f'"{c}"'
            for c in types
            if c not in clock
        ]
        select = ", ".join(selected)
        counts = con.sql(
            f"select (select count(*) from (select {select} from first.{table} "
            f"except all select {select} from second.{table})), "
            f"(select count(*) from (select {select} from second.{table} "
            f"except all select {select} from first.{table})), "
            f"(select count(*) from first.{table})"
        ).fetchall()[0]
        if counts[0] or counts[1]:
            differing[table] = counts
    assert not differing, (
        f"tables differing (rows only in 1st, only in 2nd, rows): {differing}"
    )


def test_groups_of_unchanged_accounts_keep_their_id_from_day_to_day(shape_builds):
    before = _built(shape_builds, "base_day_before")
    after = _built(shape_builds, "base")
    sql = "select account_key, group_id from related_accounts"
    groups_before = before.query(sql)
    groups_after = after.query(sql)
    old_accounts = set(groups_before["account_key"])
    members_before = groups_before.groupby("group_id")["account_key"].apply(frozenset)
    members_after = groups_after.groupby("group_id")["account_key"].apply(frozenset)
    unchanged = [g for g, m in members_after.items() if m <= old_accounts]
    assert len(unchanged) > 50
    moved = [
        g
        for g in unchanged
        if g not in members_before.index or members_before[g] != members_after[g]
    ]
    assert not moved, f"groups of old accounts only that changed overnight: {moved[:5]}"


# ---- bad input: a clear error naming the table and column ----------------------------


def test_a_missing_required_column_stops_the_run_naming_it(shape_builds, tmp_path):
    base = shape_builds["base"].raw_dir
    raw = write_variant(base, tmp_path / "raw", "no_relations")
    duckdb.sql(
        "copy (select * exclude (created_date) "
        f"from '{base}/account_profiles.parquet') "
        f"to '{raw}/account_profiles.parquet' (format parquet)"
    )
    (raw / "experience_events.parquet").unlink()
    with pytest.raises(DbtRunError) as error:
        run_dbt(
            ["build"], raw_dir=raw, warehouse=tmp_path / "w.duckdb", run_date=RUN_DATE
        )
    message = str(error.value)
    assert "raw table account_profiles" in message
    assert "missing required column created_date" in message
    assert "raw table experience_events: file" in message and "not found" in message
    assert "account_person_relations" not in message
