"""Tests of the demo-data generator (small sizes; the 1M run is a benchmark)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from b2b_enrich.demo_data import generate
from b2b_enrich.demo_data import reference as ref

END = dt.date(2025, 6, 30)
PERSONS, ACCOUNTS = 2000, 200
RAW_TABLES = (
    "person_profiles",
    "account_profiles",
    "experience_events",
    "account_person_relations",
)
TRUTH_FILES = ("truth/person_truth.parquet", "truth/account_truth.parquet")
FREE_MAIL = (
    {d for d, _ in ref.FREE_MAIL_GLOBAL}
    | {d for d, _ in ref.FREE_MAIL_OTHER}
    | {d for local in ref.FREE_MAIL_LOCAL.values() for d, _ in local}
)


def _generate(out: Path, **kwargs: object) -> dict[str, int]:
    args: dict[str, object] = {
        "persons": PERSONS,
        "accounts": ACCOUNTS,
        "seed": 7,
        "end_date": END,
        "progress": False,
    }
    args.update(kwargs)
    return generate(out, **args)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("demo")
    return out, _generate(out)


def _read(out: Path, name: str) -> pd.DataFrame:
    return pq.read_table(out / f"{name}.parquet").to_pandas()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_writes_all_files_with_counts(data: tuple[Path, dict[str, int]]) -> None:
    out, counts = data
    for name in RAW_TABLES:
        assert pq.read_metadata(out / f"{name}.parquet").num_rows == counts[name]
    for rel in TRUTH_FILES:
        name = Path(rel).stem
        assert pq.read_metadata(out / rel).num_rows == counts[name]
    assert counts["person_truth"] == PERSONS
    assert counts["person_profiles"] > PERSONS  # plus a few contract breakers
    assert abs(counts["account_profiles"] - ACCOUNTS) <= 2
    assert 15 * PERSONS < counts["experience_events"] < 25 * PERSONS


def test_schemas(data: tuple[Path, dict[str, int]]) -> None:
    out, _ = data
    s = pa.string()
    expected = {
        "account_profiles": [
            ("account_key", s), ("account_name", s), ("website", s),
            ("parent_account_key", s), ("industry", s),
            ("number_of_employees", pa.int64()), ("annual_revenue", pa.float64()),
            ("country", s), ("city", s), ("phone", s), ("created_date", s),
        ],
        "person_profiles": [
            ("person_key", s), ("source_account_key", s), ("first_name", s),
            ("last_name", s), ("work_email", s), ("work_phone", s), ("job_title", s),
            ("company_name", s), ("company_website", s), ("work_country", s),
            ("work_city", s), ("created_date", s),
        ],
        "experience_events": [
            ("event_id", s), ("person_key", s),
            ("timestamp", pa.timestamp("us", tz="UTC")), ("event_type", s),
            ("web_page_url", s), ("converted_status", s), ("assign_to", s),
            ("opportunity_key", s), ("attribute_name", s), ("old_value", s),
            ("new_value", s),
        ],
        "account_person_relations": [
            ("person_key", s), ("account_key", s), ("relationship_source", s),
        ],
        "truth/person_truth": [
            ("person_key", s), ("true_company_id", s), ("true_account_key", s),
            ("propensity", pa.float64()), ("company_name_typed_as", s),
            ("converted_lead", pa.bool_()),
        ],
        "truth/account_truth": [
            ("account_key", s), ("company_id", s), ("family_id", s),
            ("propensity", pa.float64()),
        ],
    }  # fmt: skip
    for name, fields in expected.items():
        schema = pq.read_schema(out / f"{name}.parquet")
        assert [(f.name, f.type) for f in schema] == fields, name


def test_deterministic(tmp_path: Path, data: tuple[Path, dict[str, int]]) -> None:
    out, counts = data
    again = _generate(tmp_path / "again")
    assert again == counts
    for rel in [f"{t}.parquet" for t in RAW_TABLES] + list(TRUTH_FILES):
        assert _digest(out / rel) == _digest(tmp_path / "again" / rel), rel
    _generate(tmp_path / "other", seed=8)
    assert _digest(out / "person_profiles.parquet") != _digest(
        tmp_path / "other" / "person_profiles.parquet"
    )


def test_person_proportions(data: tuple[Path, dict[str, int]]) -> None:
    out, _ = data
    persons = _read(out, "person_profiles").dropna(subset=["person_key"])
    persons = persons.drop_duplicates("person_key")
    relations = _read(out, "account_person_relations")
    truth = _read(out, "truth/person_truth").set_index("person_key")

    in_rel = persons["person_key"].isin(relations["person_key"])
    has_source = persons["source_account_key"].notna()
    lead = ~in_rel & ~has_source
    assert 0.60 < lead.mean() < 0.70
    # both association forms occur, alone and together
    assert (in_rel & has_source).any() and (in_rel & ~has_source).any()
    assert (~in_rel & has_source).any()

    lead_truth = truth.loc[persons.loc[lead, "person_key"]]
    non_match = lead_truth["true_company_id"].isna().mean()
    assert 0.08 < non_match < 0.17
    # every associated person points at an account of their true company
    assoc = truth.loc[persons.loc[~lead, "person_key"]]
    assert assoc["true_company_id"].notna().all()

    domain = persons["work_email"].str.strip().str.lower().str.split("@").str[1]
    free = domain.isin(FREE_MAIL)
    assert 0.22 < free.mean() < 0.40
    assert 0.10 < persons["work_email"].isna().mean() < 0.30
    own = domain.notna() & ~free
    assert 0.45 < own.mean() < 0.65
    # people write countries in many ways
    assert persons["work_country"].nunique() > 40


def test_account_duplicates_and_families(data: tuple[Path, dict[str, int]]) -> None:
    out, _ = data
    accounts = _read(out, "account_profiles")
    truth = _read(out, "truth/account_truth")
    per_company = truth.groupby("company_id")["account_key"].nunique()
    assert (per_company > 1).any()
    dup_share = (per_company > 1).sum() / len(per_company)
    assert 0.04 < dup_share < 0.12
    # duplicates of a company share its family
    assert (truth.groupby("company_id")["family_id"].nunique() == 1).all()
    family_size = truth.groupby("family_id")["company_id"].nunique()
    assert (family_size > 1).sum() >= 10
    # parent links mostly resolve inside the table, some are missing or dangling
    parents = accounts["parent_account_key"].dropna()
    assert parents.isin(accounts["account_key"]).mean() > 0.9
    assert accounts["account_name"].str.contains(r"[^\x00-\x7f]").any()  # accents
    web = accounts["website"].dropna()
    assert web.str.startswith("https://").any() and (~web.str.contains("://")).any()


def test_contract_breakers(data: tuple[Path, dict[str, int]]) -> None:
    out, _ = data
    persons = _read(out, "person_profiles")
    accounts = _read(out, "account_profiles")
    events = _read(out, "experience_events")
    assert persons["person_key"].isna().any()
    assert persons["person_key"].dropna().duplicated().any()
    dates = pd.to_datetime(
        persons["created_date"], format="%Y-%m-%d %H:%M:%S", errors="coerce"
    )
    assert 0 < dates.isna().sum() < 0.01 * len(persons)
    assert accounts["account_key"].isna().any()
    assert accounts["account_key"].dropna().duplicated().any()
    unknown = events["person_key"].notna() & ~events["person_key"].isin(
        persons["person_key"]
    )
    assert events["person_key"].isna().any() and unknown.any()
    assert (events["person_key"].isna() | unknown).mean() < 0.01


def test_truth_covers_valid_profiles(data: tuple[Path, dict[str, int]]) -> None:
    out, _ = data
    persons = _read(out, "person_profiles")
    accounts = _read(out, "account_profiles")
    p_truth = _read(out, "truth/person_truth")
    a_truth = _read(out, "truth/account_truth")
    assert p_truth["person_key"].is_unique
    assert set(p_truth["person_key"]) == set(persons["person_key"].dropna())
    assert a_truth["account_key"].is_unique
    assert set(a_truth["account_key"]) == set(accounts["account_key"].dropna())
    assert p_truth["true_account_key"].dropna().isin(a_truth["account_key"]).all()
    both = p_truth.dropna(subset=["true_account_key"]).merge(
        a_truth, left_on="true_account_key", right_on="account_key"
    )
    assert (both["true_company_id"] == both["company_id"]).all()
    assert p_truth["propensity"].between(0, 1).all()
    assert a_truth["propensity"].between(0, 1).all()


def test_truth_says_how_each_company_name_was_typed(
    data: tuple[Path, dict[str, int]],
) -> None:
    out, _ = data
    persons = _read(out, "person_profiles").drop_duplicates("person_key")
    typed = persons.merge(_read(out, "truth/person_truth"), on="person_key")
    assert (
        typed["company_name"].isna() == (typed["company_name_typed_as"] == "not typed")
    ).all()
    kinds = set(typed["company_name_typed_as"])
    assert {"as registered", "typo", "abbreviation or brand", "parent's name"} <= kinds
    upper = typed[typed["company_name_typed_as"] == "upper case"]["company_name"]
    assert (upper == upper.str.upper()).all()


def test_events_in_window(data: tuple[Path, dict[str, int]]) -> None:
    out, _ = data
    events = _read(out, "experience_events")
    end = pd.Timestamp(END, tz="UTC")
    assert events["timestamp"].min() >= end - pd.Timedelta(days=730)
    assert events["timestamp"].max() < end
    assert events["event_id"].is_unique and events["event_id"].notna().all()
    types = set(events["event_type"])
    assert {
        "web.webpagedetails.pageViews", "directMarketing.emailOpened",
        "directMarketing.emailClicked", "web.formFilledOut", "webinar.registration",
        "webinar.attended", "leadOperation.newLead", "leadOperation.convertLead",
        "opportunityEvent.opportunityUpdated",
    } == types  # fmt: skip
    views = events[events["event_type"] == "web.webpagedetails.pageViews"]
    assert views["web_page_url"].notna().all()
    assert views["web_page_url"].str.contains("/pricing").any()
    # heavy-tailed activity
    per_person = events.groupby("person_key").size()
    assert per_person.max() > 8 * per_person.median()


def test_conversions_follow_propensity(data: tuple[Path, dict[str, int]]) -> None:
    out, _ = data
    events = _read(out, "experience_events")
    truth = _read(out, "truth/person_truth").set_index("person_key")
    conv = events[events["event_type"] == "leadOperation.convertLead"]
    assert conv["person_key"].is_unique
    assert (conv["converted_status"] == "Converted").all()
    assert conv["assign_to"].notna().all()
    assert set(conv["person_key"]) == set(truth.index[truth["converted_lead"]])
    rate = truth["converted_lead"].mean()
    assert 0.03 < rate < 0.11
    by = truth.groupby("converted_lead")["propensity"].mean()
    assert by[True] > by[False] + 0.1
    # conversions spread over the two years, not only at the end
    months = conv["timestamp"].dt.strftime("%Y-%m").nunique()
    assert months >= 18


def test_opportunity_stages(data: tuple[Path, dict[str, int]]) -> None:
    out, _ = data
    events = _read(out, "experience_events")
    opp = events[events["event_type"] == "opportunityEvent.opportunityUpdated"]
    assert (opp["attribute_name"] == "Stage").all()
    assert opp["opportunity_key"].notna().all()
    allowed = set(ref.OPPORTUNITY_STAGES) | {"Closed Lost"}
    assert set(opp["new_value"]) <= allowed
    assert set(opp["old_value"].dropna()) <= allowed
    assert (opp["new_value"] == "Contract").sum() >= 20
    # stages advance in order within an opportunity
    order = {s: i for i, s in enumerate(ref.OPPORTUNITY_STAGES)}
    moves = opp.dropna(subset=["old_value"])
    moves = moves[moves["new_value"] != "Closed Lost"]
    step = moves["new_value"].map(order) - moves["old_value"].map(order)
    assert (step == 1).all()


def test_csv_format(tmp_path: Path, data: tuple[Path, dict[str, int]]) -> None:
    out, counts = data
    csv_counts = _generate(tmp_path, fmt="csv")
    assert csv_counts == counts
    for name in RAW_TABLES:
        table = pacsv.read_csv(tmp_path / f"{name}.csv")
        assert table.num_rows == counts[name]
        assert table.column_names == pq.read_schema(out / f"{name}.parquet").names
    for rel in TRUTH_FILES:
        assert (tmp_path / rel).exists()


def test_rejects_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fmt"):
        generate(tmp_path, persons=10, accounts=10, fmt="json", progress=False)


def test_tiny_sizes_work(tmp_path: Path) -> None:
    counts = _generate(tmp_path, persons=50, accounts=5, events_per_person=3.0)
    assert counts["person_truth"] == 50
    assert counts["account_profiles"] >= 1
    events = pq.read_table(tmp_path / "experience_events.parquet")
    assert np.isfinite(events.num_rows)
