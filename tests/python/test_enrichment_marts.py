"""Enriched profile marts, segments, score history and job runs on the demo build.

All tests use the session's ``built_warehouse`` (dbt seed + dbt build of the whole
project on small generated data). Tests that rerun models work on a copy of it, so
the shared warehouse is never changed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from b2b_enrich.dbt_runner import PROJECT_DIR, run_dbt

pytestmark = pytest.mark.integration

SEGMENTS = [
    "segment_hot_leads_target_industries",
    "segment_persons_at_target_account_families",
    "segment_target_account_families",
    "segment_accounts_rising_score",
]
JOBS = {"lead_to_account_matching", "related_accounts", "scoring_training", "scoring"}


def configured_goals(model_type: str) -> list[str]:
    """Goal names of dbt_project.yml's scoring_goals that have a model_type model."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    return [
        goal["name"]
        for goal in project["vars"]["scoring_goals"]
        if model_type in goal.get("model_types", ["person", "account"])
    ]


def scalar(warehouse: Path, sql: str) -> object:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()[0][0]


def columns(warehouse: Path, table: str) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select column_name from information_schema.columns where table_name = ?",
            [table],
        ).fetchall()
    return {row[0] for row in rows}


@pytest.fixture
def warehouse_copy(built_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the built warehouse that a test may rebuild models in."""
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(built_warehouse, copy)
    return copy


def run_models(
    warehouse: Path, raw_dir: Path, select: str, run_date: str | None = None
) -> None:
    from conftest import DEMO_END_DATE

    run_dbt(
        ["run", "--select", select],
        raw_dir=raw_dir,
        warehouse=warehouse,
        run_date=run_date or DEMO_END_DATE,
    )


def test_person_mart_has_every_person_with_account_and_scores(
    built_warehouse: Path,
) -> None:
    persons = scalar(built_warehouse, "select count(*) from int_persons")
    assert persons > 0
    assert scalar(built_warehouse, "select count(*) from person_profiles_enriched") == (
        persons
    )
    # every matched lead appears as matched, with its score and method
    matches = scalar(built_warehouse, "select count(*) from lead_account_matches")
    assert matches > 0
    assert (
        scalar(
            built_warehouse,
            "select count(*) from person_profiles_enriched e "
            "join lead_account_matches m using (person_key, account_key) "
            "where e.account_association = 'matched' "
            "and e.match_method = m.match_method and e.match_score = m.match_score",
        )
        == matches
    )
    # a person with its own known source account keeps it
    assert (
        scalar(
            built_warehouse,
            "select count(*) from person_profiles_enriched e "
            "join int_accounts a on a.account_key = e.source_account_key "
            "where e.account_key <> e.source_account_key",
        )
        == 0
    )
    # one score / percentile / change column per configured person goal, filled
    present = columns(built_warehouse, "person_profiles_enriched")
    for goal in configured_goals("person"):
        for prefix in ("score_", "percentile_", "score_change_"):
            assert f"{prefix}{goal}" in present
        scored = scalar(
            built_warehouse,
            f"select count(score_{goal}) from person_profiles_enriched",
        )
        expected = scalar(
            built_warehouse,
            "select count(*) from leads_ai_scores "
            f"where model_type = 'person' and goal_name = '{goal}'",
        )
        assert scored == expected > 0


def test_account_mart_has_scores_related_accounts_and_person_counts(
    built_warehouse: Path,
) -> None:
    accounts = scalar(built_warehouse, "select count(*) from int_accounts")
    assert accounts > 0
    assert (
        scalar(built_warehouse, "select count(*) from account_profiles_enriched")
        == accounts
    )
    present = columns(built_warehouse, "account_profiles_enriched")
    for goal in configured_goals("account"):
        assert {f"score_{goal}", f"percentile_{goal}"} <= present
    assert scalar(
        built_warehouse,
        "select sum(matched_persons) from account_profiles_enriched",
    ) == scalar(built_warehouse, "select count(*) from lead_account_matches")
    # related lists agree with related_accounts
    assert (
        scalar(
            built_warehouse,
            "select count(*) from account_profiles_enriched e "
            "join related_accounts r using (account_key) "
            "where e.related_group_size <> r.group_size "
            "or len(e.related_account_keys) <> len(r.related_account_keys)",
        )
        == 0
    )
    assert scalar(
        built_warehouse,
        "select count(*) from account_profiles_enriched where related_group_size > 1",
    )


def test_segments_exist_and_select_what_they_say(built_warehouse: Path) -> None:
    for segment in SEGMENTS:
        count = scalar(built_warehouse, f"select count(*) from {segment}")
        if segment != "segment_accounts_rising_score":  # needs two score dates
            assert count > 0, segment
    assert (
        scalar(
            built_warehouse,
            "select count(*) from segment_hot_leads_target_industries "
            "where score_lead_conversion < 80",
        )
        == 0
    )
    # persons at target families: exactly the persons whose account is in the
    # related-accounts segment of the same targets
    assert (
        scalar(
            built_warehouse,
            "select count(*) from segment_persons_at_target_account_families s "
            "anti join segment_target_account_families f using (account_key)",
        )
        == 0
        and scalar(
            built_warehouse,
            "select count(*) from person_profiles_enriched p "
            "semi join segment_target_account_families f using (account_key) "
            "anti join segment_persons_at_target_account_families s using (person_key)",
        )
        == 0
    )


def test_job_runs_list_every_job_and_the_refused_goal(built_warehouse: Path) -> None:
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        jobs = {
            row[0]
            for row in con.execute(
                "select distinct job_name from enrichment_job_runs"
            ).fetchall()
        }
        skipped = con.execute(
            "select job_name, status_reason from enrichment_job_runs "
            "where status = 'skipped' and job_part like 'closed_won_two_years/%'"
        ).fetchall()
        matching = con.execute(
            "select match_rate, profiles_read, profiles_matched, started_at, "
            "finished_at from enrichment_job_runs "
            "where job_name = 'lead_to_account_matching'"
        ).fetchall()
        auc = con.execute(
            "select min(model_auc) from enrichment_job_runs "
            "where job_name = 'scoring' and status = 'success'"
        ).fetchall()[0][0]
    assert JOBS <= jobs
    # the demo goal that needs more history than the data has is skipped, with why
    assert {job for job, _ in skipped} == {"scoring_training", "scoring"}
    assert all("history" in reason for _, reason in skipped)
    ((rate, read, matched, started, finished),) = matching
    assert 0 < rate <= 1 and read > 0 and matched > 0 and started <= finished
    assert 0.5 < auc <= 1


def test_rerunning_a_run_date_replaces_rows_and_new_dates_accumulate(
    warehouse_copy: Path, demo_raw_dir: Path
) -> None:
    from conftest import DEMO_END_DATE

    def counts() -> tuple[int, int, int, int]:
        with duckdb.connect(str(warehouse_copy), read_only=True) as con:
            return con.execute(
                "select (select count(*) from enrichment_job_runs), "
                "(select count(distinct run_id) from enrichment_job_runs), "
                "(select count(*) from leads_ai_scores_history), "
                "(select count(distinct score_history_id) "
                "from leads_ai_scores_history)"
            ).fetchall()[0]

    before = counts()
    assert before[0] == before[1] > 0 and before[2] == before[3] > 0
    run_models(
        warehouse_copy, demo_raw_dir, "enrichment_job_runs leads_ai_scores_history"
    )
    run_models(
        warehouse_copy, demo_raw_dir, "enrichment_job_runs leads_ai_scores_history"
    )
    assert counts() == before
    # the next day's matching run adds one row and keeps the earlier ones
    next_day = (dt.date.fromisoformat(DEMO_END_DATE) + dt.timedelta(days=1)).isoformat()
    for _ in range(2):
        run_models(
            warehouse_copy,
            demo_raw_dir,
            "matching_job_log enrichment_job_runs",
            next_day,
        )
    after = counts()
    assert after[0] == after[1] == before[0] + 1
    assert (
        scalar(
            warehouse_copy,
            "select count(*) from enrichment_job_runs "
            f"where run_date = date '{next_day}'",
        )
        == 1
    )


def test_rising_score_segment_compares_the_latest_two_score_dates(
    warehouse_copy: Path, demo_raw_dir: Path
) -> None:
    from conftest import DEMO_END_DATE

    previous = dt.date.fromisoformat(DEMO_END_DATE) - dt.timedelta(days=7)
    with duckdb.connect(str(warehouse_copy)) as con:
        # a week earlier, even-hashed accounts scored 10 points lower (rose since),
        # the others 3 points higher (fell)
        con.execute(
            f"""
            insert into leads_ai_scores_history by name
            select
                cast(date '{previous}' as varchar) || '/' || goal_name || '/'
                    || model_type || '/' || profile_key as score_history_id,
                date '{previous}' as score_date,
                goal_name,
                model_type,
                profile_key,
                case when hash(profile_key) % 2 = 0 then score - 10 else score + 3 end
                    as score,
                percentile,
                model_id,
                current_timestamp as recorded_at
            from leads_ai_scores
            where model_type = 'account'
            """
        )
        # an older date must not be used: only the latest two dates are compared
        con.execute(
            f"""
            insert into leads_ai_scores_history by name
            select score_history_id || '-old' as score_history_id,
                score_date - 7 as score_date, goal_name, model_type, profile_key,
                -100 as score, percentile, model_id, recorded_at
            from leads_ai_scores_history where score_date = date '{previous}'
            """
        )
        expected = {
            row[0]
            for row in con.execute(
                "select distinct profile_key from leads_ai_scores "
                "where model_type = 'account' and hash(profile_key) % 2 = 0"
            ).fetchall()
        }
    run_models(
        warehouse_copy,
        demo_raw_dir,
        "account_profiles_enriched segment_accounts_rising_score",
    )
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        members = {
            row[0]
            for row in con.execute(
                "select account_key from segment_accounts_rising_score"
            ).fetchall()
        }
        changes = con.execute(
            "select min(score_change_lead_conversion), "
            "max(score_change_lead_conversion) from account_profiles_enriched"
        ).fetchall()[0]
    assert expected and members == expected
    assert changes == (-3, 10)


def test_a_failing_job_model_is_recorded_as_failed_run(
    warehouse_copy: Path, demo_raw_dir: Path
) -> None:
    from conftest import DEMO_END_DATE

    from b2b_enrich.dbt_runner import DbtRunError

    project = (PROJECT_DIR / "dbt_project.yml").read_text()
    if "record_job_failures" not in project:
        pytest.skip(
            "on-run-end hook record_job_failures not configured in dbt_project.yml"
        )
    failures = (
        "select job_name, status_reason from enrichment_job_runs "
        "where status = 'failed'"
    )
    with pytest.raises(DbtRunError):
        run_dbt(
            [
                "run",
                "--select",
                "lead_account_matches+",
                "--vars",
                "{match_probability_threshold: 'not a number'}",
            ],
            raw_dir=demo_raw_dir,
            warehouse=warehouse_copy,
            run_date=DEMO_END_DATE,
        )
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        failed = con.execute(failures).fetchall()
    assert [job for job, _ in failed] == ["lead_to_account_matching"]
    assert "lead_account_matches" in failed[0][1]
    # the same run date succeeding later clears the failure
    run_models(warehouse_copy, demo_raw_dir, "lead_account_matches+")
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        assert con.execute(failures).fetchall() == []
