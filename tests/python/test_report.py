"""The enrichment report: written from a warehouse, self-contained, renders offline.

Unit tests build a tiny warehouse by hand (every table the report reads, a few
hundred rows); the integration test renders the report of the project's own build.
Browser tests drive Debian's chromium (apt package ``chromium``) through playwright
and are skipped when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from b2b_enrich.report import SECTION_BUILDERS, build_report, main

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: sections with a chart when every table has rows (all but the overview tiles)
CHARTS_WITH_FULL_DATA = len(SECTION_BUILDERS) - 1

TINY_WAREHOUSE_SQL = """
create table leads_ai_scores as
select
    goal as goal_name,
    model_type,
    model_type || '-' || i as profile_key,
    (i * 37) % 101 as score,
    1 + (i * 37) % 100 as percentile,
    date '2026-11-01' as score_date,
    [
        {'code': 'pricing_page_visits_30d', 'value': cast(i % 7 as varchar),
         'importance': case when i % 3 = 0 then 'high' else 'medium' end},
        {'code': 'job_seniority', 'value': 'director', 'importance': 'low'}
    ] as influential_factors
from range(200) as r(i)
cross join (values ('lead_conversion'), ('contract_stage')) as g(goal)
cross join (values ('person'), ('account')) as m(model_type);

create table scoring_model_registry as
select
    goal || '/' || model_type || '/2026-11-01' as model_id,
    goal as goal_name,
    model_type,
    'trained' as status,
    date '2026-11-01' as training_run_date,
    json_object(
        'validation_auc', 0.81,
        'lightgbm_config', 'project_default',
        'validation_scheme', 'rolling, 3 folds',
        'baseline_validation_auc',
            json_object('rule_score', 0.70, 'logistic_regression', 0.84),
        'model_minus_best_baseline', -0.03,
        'reliability', [
            json_object('band', 10, 'profiles', 900, 'conversions', 9,
                'mean_score', 15.0, 'share_converting', 0.01, 'promised_share', 0.009),
            json_object('band', 50, 'profiles', 80, 'conversions', 4,
                'mean_score', 52.0, 'share_converting', 0.05, 'promised_share', 0.05),
            json_object('band', 80, 'profiles', 20, 'conversions', 5,
                'mean_score', 85.0, 'share_converting', 0.25, 'promised_share', 0.28)
        ]
    )::varchar as metrics
from (values ('lead_conversion'), ('contract_stage')) as g(goal)
cross join (values ('person'), ('account')) as m(model_type);

create table lead_account_matches as
select
    'P-' || i as person_key,
    'A-' || (i % 40) as account_key,
    case when i % 4 = 0 then 0.9 + (i % 10) / 100 else 1.0 end as match_score,
    case when i % 4 = 0 then 'probabilistic'
        when i % 4 = 1 then 'deterministic_email_domain'
        else 'deterministic_company_name' end as match_method
from range(300) as r(i);

create table int_matching_probabilistic_scores as
select 'P-' || i as person_key, 'A-' || (i % 40) as account_key,
    ((i * 7) % 100) / 100 as match_probability
from range(300) as r(i)
where i % 4 = 0 or i >= 300 - 60;

create table lead_account_match_reviews as
select person_key, account_key, 1 as candidate_rank
from int_matching_probabilistic_scores
where match_probability >= 0.5 and match_probability < 0.8;

create table matching_job_log as
select 'lead_to_account_matching' as job_name, date '2026-11-01' as run_date,
    '{"candidate_leads": 400, "match_rate": 0.75}' as metrics;

create table related_accounts as
select 'A-' || i as account_key, 'G-' || (i // 3) as group_id,
    case when i < 30 then 3 else 1 end as group_size
from range(60) as r(i);

create table person_profiles_enriched as
select 'P-' || i as person_key,
    case when i < 300 then 'matched' else 'none' end as account_association,
    date '2026-11-01' as score_date, date '2026-11-01' as run_date
from range(400) as r(i);

create table account_profiles_enriched as
select 'A-' || i as account_key,
    case when i < 30 then 3 else 1 end as related_group_size
from range(60) as r(i);

create view segment_hot_leads as
select person_key from person_profiles_enriched where person_key like 'P-1%';

create table enrichment_job_runs as
select
    md5(job || d::varchar) as run_id,
    job as job_name,
    part as job_part,
    d as run_date,
    case when part = 'closed_won/account' then 'skipped' else 'success' end as status,
    case when part = 'closed_won/account' then 'only 730 days of history, 910 needed'
        end as status_reason,
    d::timestamp as started_at,
    d::timestamp + interval 5 second as finished_at,
    5.0 as duration_seconds,
    400 as profiles_read,
    300 as profiles_processed,
    case when job = 'lead_to_account_matching' then 0.75 end as match_rate,
    case when job = 'scoring' and part <> 'closed_won/account' then 0.81 end
        as model_auc,
    d + 1 as next_scoring_date,
    d + 30 as next_training_date
from (values
    ('lead_to_account_matching', null),
    ('related_accounts', null),
    ('scoring', 'lead_conversion/person'),
    ('scoring', 'closed_won/account')
) as j(job, part)
cross join (values (date '2026-10-31'), (date '2026-11-01')) as r(d);
"""


@pytest.fixture(scope="module")
def tiny_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse file with small versions of every table the report reads."""
    path = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(TINY_WAREHOUSE_SQL)
    return path


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse file with no tables at all (nothing built yet)."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    duckdb.connect(str(path)).close()
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian chromium driven by playwright (skipped when not installed)."""
    if not CHROMIUM.exists():
        pytest.skip(
            "/usr/bin/chromium not found: install the Debian package "
            "(apt-get install -y chromium) to run the browser tests"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def render(browser: object, report: Path) -> dict[str, object]:
    """Open the report offline; return page errors, outside requests and charts."""
    page = browser.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def block_network(route: object) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", block_network)
    page.goto(report.resolve().as_uri())
    charts = 0
    if page.locator(".plotly-graph-div").count():
        page.wait_for_selector(".plotly .main-svg", timeout=30_000)
        charts = page.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')]"
            ".filter(div => div.querySelector('.main-svg')).length"
        )
    text = page.inner_text("body")
    page.close()
    return {"errors": errors, "outside": outside, "charts": charts, "text": text}


def test_report_embeds_plotly_once_and_has_every_chart(
    tiny_warehouse: Path, tmp_path: Path
) -> None:
    out = build_report(tiny_warehouse, tmp_path / "sub" / "report.html")
    page = out.read_text(encoding="utf-8")
    assert out.exists()
    assert page.count('class="plotly-graph-div"') == CHARTS_WITH_FULL_DATA
    # the library is inlined exactly once and nothing is loaded from a CDN
    assert len(re.findall(r"<script[^>]*src=", page)) == 0
    assert len(re.findall(r"\* plotly\.js v\d", page)) == 1
    assert "No data" not in page
    assert "only 730 days of history" in page
    # match reliability: bands of the tier's probabilities, expected wrong among kept
    assert "Match reliability" in page and "expected_wrong" in page


def test_report_survives_empty_warehouse(empty_warehouse: Path, tmp_path: Path) -> None:
    out = build_report(empty_warehouse, tmp_path / "report.html")
    page = out.read_text(encoding="utf-8")
    assert 'class="plotly-graph-div"' not in page
    assert page.count("No data") == len(SECTION_BUILDERS)
    assert "table leads_ai_scores not found" in page


def test_report_survives_empty_tables(tiny_warehouse: Path, tmp_path: Path) -> None:
    partial = tmp_path / "partial.duckdb"
    partial.write_bytes(tiny_warehouse.read_bytes())
    with duckdb.connect(str(partial)) as con:
        con.execute("delete from leads_ai_scores")
        con.execute("drop table related_accounts")
    page = build_report(partial, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "leads_ai_scores is empty" in page
    assert "table related_accounts not found" in page
    assert page.count('class="plotly-graph-div"') == CHARTS_WITH_FULL_DATA - 3


def test_main_reports_missing_warehouse(tmp_path: Path) -> None:
    assert main(["--warehouse", str(tmp_path / "none.duckdb"), "--out", "x"]) == 2
    out = tmp_path / "r.html"
    tiny = tmp_path / "t.duckdb"
    with duckdb.connect(str(tiny)) as con:
        con.execute("create table leads_ai_scores (goal_name varchar)")
    assert main(["--warehouse", str(tiny), "--out", str(out)]) == 0
    assert out.exists()


def test_report_renders_offline_in_chromium(
    browser: object, tiny_warehouse: Path, tmp_path: Path
) -> None:
    result = render(browser, build_report(tiny_warehouse, tmp_path / "report.html"))
    assert result["errors"] == []
    assert result["outside"] == []
    assert result["charts"] == CHARTS_WITH_FULL_DATA


def test_empty_report_renders_in_chromium(
    browser: object, empty_warehouse: Path, tmp_path: Path
) -> None:
    result = render(browser, build_report(empty_warehouse, tmp_path / "report.html"))
    assert result["errors"] == []
    assert result["charts"] == 0
    assert "No data" in result["text"]


@pytest.mark.integration
def test_report_of_the_demo_build_shows_its_charts(
    browser: object, built_warehouse: Path, tmp_path: Path
) -> None:
    out = build_report(built_warehouse, tmp_path / "enrichment_report.html")
    result = render(browser, out)
    assert result["errors"] == []
    assert result["outside"] == []
    assert result["charts"] == CHARTS_WITH_FULL_DATA
    text = str(result["text"])
    assert "No data" not in text
    # the refused demo goal is listed with its reason in the latest run's table
    assert "closed_won_two_years/account" in text
    assert "skipped" in text


def test_the_reliability_section_reads_the_registry(
    tiny_warehouse: Path, tmp_path: Path
) -> None:
    """Share converting per score band against the promise, and each model's
    validation AUC beside the baselines' (the gap is negative here: said)."""
    from b2b_enrich.report import Warehouse, _score_reliability

    wh = Warehouse.open(tiny_warehouse)
    try:
        section = _score_reliability(wh)
    finally:
        wh.con.close()
    assert section.figure is not None
    bars = [t for t in section.figure.data if t.type == "bar"]
    assert len(bars) == 4  # one panel per goal / model type
    assert list(bars[0].y) == [0.01, 0.05, 0.25]
    assert "logistic regression" in section.extra_html
    assert "0.840" in section.extra_html and "-0.030" in section.extra_html
    page = build_report(tiny_warehouse, tmp_path / "r.html").read_text("utf-8")
    assert "Score reliability" in page
