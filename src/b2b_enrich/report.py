"""Enrichment report: one self-contained HTML page of the latest run, for marketers.

``build_report(warehouse, out)`` reads a built warehouse (read-only) and writes a
page with key figures and charts: score distribution per goal, the factors that drive
the scores, the match-score histogram, the match reliability per probability band and
the match rate by method, related-account
group sizes, segment sizes and the job history (with skipped goals and their reasons).

Every query aggregates in DuckDB, so only small frames reach Python. Plotly's
JavaScript is embedded once, in the first chart, so the file opens offline (no CDN).
A missing table, a missing column or an empty table gives a section that says
"No data" with the reason instead of an error.

Command line: ``b2b-enrich report --warehouse W --out reports/enrichment_report.html``
(``main(argv)``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

log = logging.getLogger(__name__)

#: colours of the job statuses and a qualitative palette for goals / methods
STATUS_COLOURS = {
    "success": "#2e7d32",
    "partial": "#7cb342",
    "skipped": "#f9a825",
    "failed": "#c62828",
}
PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#d62728",
]
TOP_FACTORS = 10
MAX_GROUP_SIZE_BUCKET = 20


class NoData(Exception):
    """A section has nothing to show; the message says why."""


@dataclass
class Section:
    """One part of the report: a title, an explanation, and a chart or a message."""

    key: str
    title: str
    intro: str
    figure: go.Figure | None = None
    extra_html: str = ""
    no_data: str | None = None


@dataclass
class Warehouse:
    """A read-only view of the warehouse that knows which tables exist."""

    con: duckdb.DuckDBPyConnection
    tables: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, path: Path) -> Warehouse:
        con = duckdb.connect(str(path), read_only=True)
        rows = con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = current_schema()"
        ).fetchall()
        return cls(con=con, tables={row[0] for row in rows})

    def require(self, *names: str) -> None:
        """Raise NoData naming the tables of ``names`` the warehouse lacks."""
        missing = [name for name in names if name not in self.tables]
        if missing:
            raise NoData(f"table {', '.join(missing)} not found in the warehouse")

    def frame(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        """Run a query and return its (small, aggregated) result as a DataFrame."""
        return self.con.execute(sql, list(params)).df()


# --------------------------------------------------------------------------- helpers


def _layout(fig: go.Figure, height: int = 420, **kwargs: object) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        font={"family": "Helvetica, Arial, sans-serif", "size": 13},
        **kwargs,
    )
    return fig


def _humanize(code: str) -> str:
    return code.replace("_", " ")


def _fmt_int(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{int(value):,}"


def _table_html(frame: pd.DataFrame) -> str:
    """A small HTML table with escaped cells (status cells coloured)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text = (
                ""
                if value is None or (not isinstance(value, str) and pd.isna(value))
                else str(value)
            )
            css = f' class="status-{html.escape(text)}"' if column == "status" else ""
            cells.append(f"<td{css}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table class="data"><thead><tr>'
        + head
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


# -------------------------------------------------------------------------- sections


#: the overview's tiles: (table, one-row count query, [(column, label)])
_OVERVIEW_TILES: tuple[tuple[str, str, list[tuple[str, str]]], ...] = (
    (
        "person_profiles_enriched",
        "select count(*) as persons, "
        "count(*) filter (where account_association = 'matched') as matched, "
        "count(*) filter (where account_association = 'none') as without_account, "
        "count(score_date) as scored from person_profiles_enriched",
        [
            ("persons", "persons"),
            ("matched", "leads matched to an account"),
            ("without_account", "persons still without account"),
            ("scored", "persons scored"),
        ],
    ),
    (
        "account_profiles_enriched",
        "select count(*) as accounts, "
        "count(*) filter (where related_group_size > 1) as with_related "
        "from account_profiles_enriched",
        [
            ("accounts", "accounts"),
            ("with_related", "accounts with related accounts"),
        ],
    ),
    (
        "enrichment_job_runs",
        "select count(*) filter (where status = 'success') as ok, "
        "count(*) filter (where status <> 'success') as not_ok "
        "from enrichment_job_runs "
        "where run_date = (select max(run_date) from enrichment_job_runs)",
        [
            ("ok", "job runs succeeded"),
            ("not_ok", "job runs skipped or failed"),
        ],
    ),
)


def _overview(wh: Warehouse) -> Section:
    section = Section(
        "overview",
        "At a glance",
        "The profiles of the latest run and what the enrichment jobs added to them.",
    )
    tiles: list[tuple[str, str]] = []
    for table, query, labels in _OVERVIEW_TILES:
        if table in wh.tables:
            counts = wh.frame(query).iloc[0]
            tiles += [(label, _fmt_int(counts[column])) for column, label in labels]
    if not tiles:
        raise NoData("the enriched profile tables and the job runs are missing")
    section.extra_html = (
        '<div class="tiles">'
        + "".join(
            f'<div class="tile"><div class="value">{html.escape(value)}</div>'
            f'<div class="label">{html.escape(label)}</div></div>'
            for label, value in tiles
        )
        + "</div>"
    )
    return section


def _score_distribution(wh: Warehouse) -> Section:
    section = Section(
        "scores",
        "Score distribution per goal",
        "How the profiles spread over the score (0–100, the relative likelihood to "
        "reach the goal; 50 is average). A good model puts most profiles low and a "
        "small, clearly separated group high: those are the ones to contact first.",
    )
    wh.require("leads_ai_scores")
    frame = wh.frame(
        """
        with latest as (
            select goal_name, model_type, score
            from leads_ai_scores
            where score_date = (select max(score_date) from leads_ai_scores)
        )
        select
            goal_name,
            model_type,
            least(floor(score / 10) * 10, 90)::integer as bin,
            count(*) as profiles,
            count(*) / sum(count(*)) over (partition by goal_name, model_type)
                as share
        from latest
        group by goal_name, model_type, bin
        order by goal_name, model_type, bin
        """
    )
    if frame.empty:
        raise NoData("leads_ai_scores is empty (no goal could be scored)")
    model_types = [m for m in ("person", "account") if m in set(frame["model_type"])]
    fig = make_subplots(
        rows=1,
        cols=len(model_types),
        shared_yaxes=True,
        subplot_titles=[f"{m} scores" for m in model_types],
    )
    goals = sorted(frame["goal_name"].unique())
    in_legend: set[str] = set()
    for index, goal in enumerate(goals):
        for col, model_type in enumerate(model_types, start=1):
            part = frame[
                (frame["goal_name"] == goal) & (frame["model_type"] == model_type)
            ]
            if part.empty:
                continue
            fig.add_trace(
                go.Bar(
                    x=[f"{b}–{b + 9 if b < 90 else 100}" for b in part["bin"]],
                    y=part["share"],
                    name=goal,
                    legendgroup=goal,
                    showlegend=goal not in in_legend,
                    marker_color=PALETTE[index % len(PALETTE)],
                    customdata=part["profiles"],
                    hovertemplate=(
                        f"{goal} ({model_type})<br>score %{{x}}: %{{y:.1%}}"
                        " of profiles (%{customdata:,})<extra></extra>"
                    ),
                ),
                row=1,
                col=col,
            )
            in_legend.add(goal)
    fig.update_yaxes(tickformat=".0%", title_text="share of scored profiles", col=1)
    fig.update_xaxes(title_text="score")
    section.figure = _layout(fig, barmode="group")
    # above the subplot titles
    fig.update_layout(legend_y=1.12, margin_t=90)
    return section


def _score_reliability(wh: Warehouse) -> Section:
    """Share converting per score band on each model's out-of-time validation, with
    the models' validation AUC beside the baselines' (scoring_model_registry)."""
    section = Section(
        "reliability",
        "Score reliability",
        "What a score meant on the latest out-of-time validation at training: the "
        "share of profiles in each score band that did reach the goal within the "
        "window (bars), against what the score promises (dotted: the average share "
        "times the score's lift, 80 = four times the average). The table puts each "
        "model's validation AUC beside the points rule and a logistic regression "
        "validated the same way; a negative gap means the model has not earned its "
        "place yet.",
    )
    wh.require("scoring_model_registry")
    frame = wh.frame(
        """
        select goal_name, model_type, metrics
        from scoring_model_registry
        where status = 'trained'
        qualify row_number() over (
            partition by goal_name, model_type
            order by training_run_date desc, model_id desc
        ) = 1
        order by goal_name, model_type
        """
    )
    if frame.empty:
        raise NoData("no trained scoring model in scoring_model_registry")
    models = []
    for record in frame.itertuples(index=False):
        metrics = json.loads(record.metrics or "{}")
        models.append((f"{record.goal_name} / {record.model_type}", metrics))
    plotted = [(name, m) for name, m in models if m.get("reliability")]
    if not plotted:
        raise NoData("the trained models carry no reliability table (retrain them)")
    fig = make_subplots(
        rows=1, cols=len(plotted), subplot_titles=[name for name, _ in plotted]
    )
    for col, (_, metrics) in enumerate(plotted, start=1):
        table = metrics["reliability"]
        bands = [
            f"{t['band']}–{t['band'] + 9 if t['band'] < 90 else 100}" for t in table
        ]
        fig.add_trace(
            go.Bar(
                x=bands,
                y=[t["share_converting"] for t in table],
                name="share converting",
                legendgroup="share",
                showlegend=col == 1,
                marker_color=PALETTE[0],
                customdata=[[t["profiles"], t["conversions"]] for t in table],
                hovertemplate="score %{x}: %{y:.1%} converted"
                " (%{customdata[1]:,} of %{customdata[0]:,})<extra></extra>",
            ),
            row=1,
            col=col,
        )
        fig.add_trace(
            go.Scatter(
                x=bands,
                y=[t["promised_share"] for t in table],
                name="promised by the score",
                legendgroup="promise",
                showlegend=col == 1,
                mode="lines+markers",
                line={"color": PALETTE[9], "dash": "dot"},
            ),
            row=1,
            col=col,
        )
    fig.update_yaxes(tickformat=".0%", title_text="share converting", col=1)
    fig.update_xaxes(title_text="score band")
    section.figure = _layout(fig)
    fig.update_layout(legend_y=1.12, margin_t=90)

    def auc_text(value: object) -> str:
        return "–" if value is None else f"{float(value):.3f}"

    rows = []
    for name, metrics in models:
        baselines = metrics.get("baseline_validation_auc") or {}
        gap = metrics.get("model_minus_best_baseline")
        rows.append(
            {
                "goal / model type": name,
                "model (config)": f"{auc_text(metrics.get('validation_auc'))} "
                f"({metrics.get('lightgbm_config', '–')})",
                "points rule": auc_text(baselines.get("rule_score")),
                "logistic regression": auc_text(baselines.get("logistic_regression")),
                "gap to the best baseline": "–" if gap is None else f"{gap:+.3f}",
                "validation": metrics.get("validation_scheme", "–"),
            }
        )
    section.extra_html = _table_html(pd.DataFrame(rows))
    return section


def _influential_factors(wh: Warehouse) -> Section:
    section = Section(
        "factors",
        "What drives the scores",
        "The factors that most often raise a profile's score: for each goal, the share "
        "of scored profiles that have the factor among their top influential factors "
        "with high or medium importance (the ten most frequent factors).",
    )
    wh.require("leads_ai_scores")
    frame = wh.frame(
        """
        with latest as (
            select goal_name, model_type, influential_factors
            from leads_ai_scores
            where score_date = (select max(score_date) from leads_ai_scores)
        ),
        profiles as (
            select goal_name, model_type, count(*) as profiles
            from latest
            group by goal_name, model_type
        ),
        factors as (
            select goal_name, model_type, unnest(influential_factors) as factor
            from latest
        ),
        counted as (
            select
                goal_name,
                model_type,
                factor.code as code,
                count(*) filter (
                    where lower(factor.importance) in ('high', 'medium')
                ) as strong,
                count(*) filter (where lower(factor.importance) = 'high') as high
            from factors
            group by goal_name, model_type, factor.code
        )
        select
            c.goal_name || ' (' || c.model_type || ')' as model,
            c.code,
            c.strong / p.profiles as strong_share,
            c.high / p.profiles as high_share
        from counted as c
        inner join profiles as p
            on p.goal_name = c.goal_name
            and p.model_type = c.model_type
        """
    )
    if frame.empty or frame["strong_share"].sum() == 0:
        raise NoData("no influential factors in leads_ai_scores")
    top_codes = (
        frame.groupby("code")["strong_share"]
        .max()
        .sort_values(ascending=False)
        .head(TOP_FACTORS)
        .index.tolist()
    )
    order = list(reversed(top_codes))
    fig = go.Figure()
    for index, model in enumerate(sorted(frame["model"].unique())):
        part = frame[frame["model"] == model].set_index("code").reindex(order)
        fig.add_trace(
            go.Bar(
                y=[_humanize(code) for code in order],
                x=part["strong_share"].fillna(0),
                orientation="h",
                name=model,
                marker_color=PALETTE[index % len(PALETTE)],
                customdata=part["high_share"].fillna(0),
                hovertemplate=(
                    f"{model}<br>%{{y}}: a top factor for %{{x:.1%}} of profiles "
                    "(high importance for %{customdata:.1%})<extra></extra>"
                ),
            )
        )
    fig.update_xaxes(tickformat=".0%", title_text="share of scored profiles")
    section.figure = _layout(fig, height=160 + 50 * len(order), barmode="group")
    return section


def _latest_matching_metrics(wh: Warehouse) -> dict[str, object]:
    """The metrics JSON of the latest matching run (job log or job runs), or {}."""
    for table in ("matching_job_log", "enrichment_job_runs"):
        if table not in wh.tables:
            continue
        rows = wh.frame(
            f"select metrics from {table} where job_name = 'lead_to_account_matching' "
            "order by run_date desc limit 1"
        )
        if not rows.empty and rows.iloc[0]["metrics"]:
            return json.loads(rows.iloc[0]["metrics"])
    return {}


def _match_scores(wh: Warehouse) -> Section:
    section = Section(
        "match-scores",
        "Match-score histogram",
        "How confident each lead-to-account match is. Deterministic matches (same "
        "e-mail or website domain, same company name, same corporate family) score "
        "1.0; probabilistic matches carry their match probability and are kept only "
        "above the configured threshold.",
    )
    wh.require("lead_account_matches")
    frame = wh.frame(
        """
        select
            case when match_method = 'probabilistic' then 'probabilistic'
                else 'deterministic' end as tier,
            least(floor(match_score * 100) / 100, 0.99) as bin,
            count(*) as matches
        from lead_account_matches
        group by all
        order by tier, bin
        """
    )
    if frame.empty:
        raise NoData("lead_account_matches is empty (no lead was matched)")
    fig = go.Figure()
    for index, tier in enumerate(["deterministic", "probabilistic"]):
        part = frame[frame["tier"] == tier]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=[f"{b:.2f}–{b + 0.01:.2f}" for b in part["bin"]],
                y=part["matches"],
                name=f"{tier} matches",
                marker_color=PALETTE[index],
                hovertemplate=(
                    f"{tier}<br>score %{{x}}: %{{y:,}} matches<extra></extra>"
                ),
            )
        )
    fig.update_xaxes(
        title_text="match score", type="category", categoryorder="category ascending"
    )
    fig.update_yaxes(title_text="matched leads")
    section.figure = _layout(fig, barmode="stack")
    return section


def _match_reliability(wh: Warehouse) -> Section:
    """Per probability band of the probabilistic tier's best candidates: how many
    leads were matched, sent to review or left, and how many of them the calibrated
    probability expects right (the measured share is in ``make evaluate``)."""
    section = Section(
        "match-reliability",
        "Match reliability",
        "The probabilistic tier's best candidate per lead, by probability band. The "
        "probabilities are calibrated on this export's own leads: of the leads in the "
        "0.8–0.9 band about 85 % are expected to be at the right account (dotted "
        "line: the band's average probability). Leads at or above the match "
        "threshold are matched, those between the review threshold and it wait in "
        "lead_account_match_reviews, the rest stay unmatched. The table gives the "
        "expected wrong matches among those kept; the share measured against known "
        "truth is in the evaluation (README, make evaluate).",
    )
    wh.require(
        "int_matching_probabilistic_scores",
        "lead_account_matches",
        "lead_account_match_reviews",
    )
    frame = wh.frame(
        """
        with scored as (
            select s.match_probability as p,
                case
                    when m.person_key is not null then 'matched'
                    when r.person_key is not null then 'review'
                    else 'left unmatched'
                end as outcome
            from int_matching_probabilistic_scores as s
            left join lead_account_matches as m
                on m.person_key = s.person_key and m.match_method = 'probabilistic'
            left join (
                select distinct person_key from lead_account_match_reviews
            ) as r on r.person_key = s.person_key
            where s.match_probability is not null
        )
        select least(floor(p * 10), 9) / 10 as band, outcome,
            count(*) as leads, sum(p) as expected_right
        from scored
        group by all
        order by band, outcome
        """
    )
    if frame.empty:
        raise NoData("the probabilistic tier scored no lead")
    labels = {b: f"{b:.1f}–{b + 0.1:.1f}" for b in frame["band"].unique()}
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for index, outcome in enumerate(["matched", "review", "left unmatched"]):
        part = frame[frame["outcome"] == outcome]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["band"].map(labels),
                y=part["leads"],
                name=outcome,
                marker_color=PALETTE[index],
                hovertemplate=f"{outcome}<br>%{{x}}: %{{y:,}} leads<extra></extra>",
            )
        )
    bands = frame.groupby("band", as_index=False)[["leads", "expected_right"]].sum()
    fig.add_trace(
        go.Scatter(
            x=bands["band"].map(labels),
            y=bands["expected_right"] / bands["leads"],
            name="expected share right",
            mode="lines+markers",
            line={"color": PALETTE[9], "dash": "dot"},
        ),
        secondary_y=True,
    )
    fig.update_xaxes(title_text="probability of the best candidate", type="category")
    fig.update_yaxes(title_text="leads", secondary_y=False)
    fig.update_yaxes(
        title_text="expected share right",
        tickformat=".0%",
        range=[0, 1],
        secondary_y=True,
    )
    section.figure = _layout(fig, barmode="stack")
    kept = frame[frame["outcome"] == "matched"]
    if not kept.empty:
        table = kept.assign(
            band=kept["band"].map(labels),
            expected_wrong=(kept["leads"] - kept["expected_right"]).round(1),
            expected_right=kept["expected_right"].round(1),
        )[["band", "leads", "expected_right", "expected_wrong"]]
        section.extra_html = "<h3>Matches kept</h3>" + _table_html(
            table.rename(columns={"leads": "matches"})
        )
    return section


def _match_rate(wh: Warehouse) -> Section:
    section = Section(
        "match-rate",
        "Match rate by method",
        "Of the leads that had no account, the share linked to an account by each "
        "matching method, and the share left unmatched.",
    )
    wh.require("lead_account_matches")
    frame = wh.frame(
        "select match_method, count(*) as matches from lead_account_matches "
        "group by all order by matches desc"
    )
    if frame.empty:
        raise NoData("lead_account_matches is empty (no lead was matched)")
    metrics = _latest_matching_metrics(wh)
    candidates = metrics.get("candidate_leads")
    total = int(candidates) if candidates else int(frame["matches"].sum())
    unmatched = max(total - int(frame["matches"].sum()), 0)
    labels = [_humanize(m).replace("deterministic ", "") for m in frame["match_method"]]
    values = frame["matches"].tolist()
    if candidates:
        labels.append("unmatched")
        values.append(unmatched)
    shares = [v / total if total else 0 for v in values]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(frame))] + (
        ["#bdbdbd"] if candidates else []
    )
    fig = go.Figure(
        go.Bar(
            x=shares,
            y=labels,
            orientation="h",
            marker_color=colours,
            customdata=values,
            text=[f"{s:.1%}" for s in shares],
            textposition="auto",
            hovertemplate="%{y}: %{x:.1%} of candidate leads (%{customdata:,})"
            "<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat=".0%", title_text=f"share of {total:,} candidate leads")
    fig.update_yaxes(autorange="reversed")
    rate = sum(values[: len(frame)]) / total if total else 0
    section.intro += f" Overall match rate: {rate:.1%}."
    section.figure = _layout(fig, height=120 + 45 * len(labels), showlegend=False)
    return section


def _group_sizes(wh: Warehouse) -> Section:
    section = Section(
        "related-accounts",
        "Related-account group sizes",
        "Accounts grouped with their related accounts (parent links, shared web "
        "domain, similar names): how many accounts sit in groups of each size. "
        "Size 1 means no related account was found.",
    )
    wh.require("related_accounts")
    frame = wh.frame(
        f"""
        with groups as (
            select group_id, max(group_size) as group_size
            from related_accounts group by group_id
        )
        select
            least(group_size, {MAX_GROUP_SIZE_BUCKET + 1}) as size_bucket,
            count(*) as groups,
            sum(group_size) as accounts
        from groups
        group by all
        order by size_bucket
        """
    )
    if frame.empty:
        raise NoData("related_accounts is empty")
    labels = [
        f"{MAX_GROUP_SIZE_BUCKET + 1}+" if b > MAX_GROUP_SIZE_BUCKET else str(int(b))
        for b in frame["size_bucket"]
    ]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=frame["accounts"],
            marker_color=PALETTE[2],
            customdata=frame["groups"],
            hovertemplate="groups of %{x}: %{y:,} accounts in %{customdata:,} groups"
            "<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="accounts in the group", type="category")
    fig.update_yaxes(title_text="accounts")
    section.figure = _layout(fig, showlegend=False)
    return section


def _segments(wh: Warehouse) -> Section:
    section = Section(
        "segments",
        "Segment sizes",
        "The audiences defined in models/segments and how many persons or accounts "
        "each holds on this run.",
    )
    names = sorted(t for t in wh.tables if t.startswith("segment_"))
    if not names:
        raise NoData("no segment_* table or view in the warehouse")
    sizes = []
    for name in names:
        count = wh.frame(f'select count(*) as n from "{name}"').iloc[0]["n"]
        sizes.append((name.removeprefix("segment_"), int(count)))
    fig = go.Figure(
        go.Bar(
            x=[n for _, n in sizes],
            y=[_humanize(name) for name, _ in sizes],
            orientation="h",
            marker_color=PALETTE[3],
            text=[f"{n:,}" for _, n in sizes],
            textposition="auto",
            hovertemplate="%{y}: %{x:,} members<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="members")
    fig.update_yaxes(autorange="reversed")
    section.figure = _layout(fig, height=140 + 45 * len(sizes), showlegend=False)
    return section


def _job_history(wh: Warehouse) -> Section:
    section = Section(
        "jobs",
        "Job history",
        "Every run of the enrichment jobs (lead-to-account matching, related accounts, "
        "scoring training and scoring, one bar segment per job part) by run date and "
        "status. The table lists the latest run: a goal the data cannot support yet is "
        "skipped with the reason rather than scored with a weak model.",
    )
    wh.require("enrichment_job_runs")
    history = wh.frame(
        "select run_date, status, count(*) as runs from enrichment_job_runs "
        "group by all order by run_date"
    )
    if history.empty:
        raise NoData("enrichment_job_runs is empty")
    fig = go.Figure()
    dates = [str(d)[:10] for d in sorted(history["run_date"].unique())]
    for status, colour in STATUS_COLOURS.items():
        part = history[history["status"] == status]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=[str(d)[:10] for d in part["run_date"]],
                y=part["runs"],
                name=status,
                marker_color=colour,
                hovertemplate=f"%{{x}}: %{{y}} {status}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text="run date", type="category", categoryarray=dates)
    fig.update_yaxes(title_text="job runs")
    section.figure = _layout(fig, barmode="stack", height=360)
    latest = wh.frame(
        """
        select
            job_name as job,
            coalesce(job_part, '') as part,
            status,
            coalesce(status_reason, '') as reason,
            round(duration_seconds, 1) as seconds,
            profiles_read as read,
            profiles_processed as processed,
            coalesce(
                'match rate ' || round(match_rate * 100, 1) || '%',
                'AUC ' || round(model_auc, 3),
                ''
            ) as key_metric,
            coalesce(cast(next_scoring_date as varchar), '') as next_scoring,
            coalesce(cast(next_training_date as varchar), '') as next_training
        from enrichment_job_runs
        where run_date = (select max(run_date) from enrichment_job_runs)
        order by
            case job_name
                when 'lead_to_account_matching' then 1
                when 'related_accounts' then 2
                when 'scoring_training' then 3
                when 'scoring' then 4
                else 5
            end,
            job_name,
            job_part
        """
    )
    run_date = str(history["run_date"].max())[:10]
    section.extra_html = f"<h3>Latest run ({html.escape(run_date)})</h3>" + _table_html(
        latest
    )
    return section


SECTION_BUILDERS: list[tuple[str, str, Callable[[Warehouse], Section]]] = [
    ("overview", "At a glance", _overview),
    ("scores", "Score distribution per goal", _score_distribution),
    ("factors", "What drives the scores", _influential_factors),
    ("reliability", "Score reliability", _score_reliability),
    ("match-scores", "Match-score histogram", _match_scores),
    ("match-reliability", "Match reliability", _match_reliability),
    ("match-rate", "Match rate by method", _match_rate),
    ("related-accounts", "Related-account group sizes", _group_sizes),
    ("segments", "Segment sizes", _segments),
    ("jobs", "Job history", _job_history),
]


# ------------------------------------------------------------------------ rendering

CSS = """
body { font-family: Helvetica, Arial, sans-serif; margin: 0; color: #222;
       background: #f5f6f8; }
header { background: #1f3a5f; color: #fff; padding: 24px 40px; }
header h1 { margin: 0 0 6px 0; font-size: 26px; }
header p { margin: 0; opacity: .85; }
main { max-width: 1100px; margin: 0 auto; padding: 20px 40px 60px; }
section { background: #fff; border-radius: 8px; padding: 18px 24px; margin: 18px 0;
          box-shadow: 0 1px 3px rgba(0,0,0,.08); }
section h2 { margin: 0 0 6px 0; font-size: 20px; }
section p.intro { margin: 0 0 10px 0; color: #555; }
p.no-data { color: #8a6d3b; background: #fcf8e3; padding: 10px 14px;
            border-radius: 6px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; }
.tile { flex: 1 1 180px; background: #f0f4fa; border-radius: 6px;
        padding: 12px 14px; }
.tile .value { font-size: 24px; font-weight: bold; color: #1f3a5f; }
.tile .label { color: #555; font-size: 13px; }
table.data { border-collapse: collapse; width: 100%; font-size: 12.5px; }
table.data th, table.data td { border-bottom: 1px solid #e3e3e3; padding: 5px 6px;
                               text-align: left; vertical-align: top; }
td.status-success { color: #2e7d32; font-weight: bold; }
td.status-skipped { color: #b28704; font-weight: bold; }
td.status-failed { color: #c62828; font-weight: bold; }
"""


def _run_label(wh: Warehouse) -> str:
    for table in ("enrichment_job_runs", "person_profiles_enriched", "leads_ai_scores"):
        if table not in wh.tables:
            continue
        column = "score_date" if table == "leads_ai_scores" else "run_date"
        try:
            value = wh.frame(f"select max({column}) as d from {table}").iloc[0]["d"]
        except duckdb.Error:
            continue
        if value is not None and not pd.isna(value):
            return str(value)[:10]
    return "unknown"


def _render(sections: list[Section], run_date: str, warehouse: Path) -> str:
    parts: list[str] = []
    plotly_embedded = False
    for section in sections:
        body = [
            f'<section id="{section.key}" data-section="{section.key}">',
            f"<h2>{html.escape(section.title)}</h2>",
        ]
        if section.no_data is not None:
            reason = html.escape(section.no_data)
            body.append(f'<p class="no-data">No data: {reason}</p>')
        else:
            body.append(f'<p class="intro">{html.escape(section.intro)}</p>')
            if section.figure is not None:
                body.append(
                    pio.to_html(
                        section.figure,
                        include_plotlyjs=not plotly_embedded,
                        full_html=False,
                        config={"displaylogo": False, "responsive": True},
                    )
                )
                plotly_embedded = True
            body.append(section.extra_html)
        body.append("</section>")
        parts.append("\n".join(body))
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Enrichment report {html.escape(run_date)}</title>"
        f"<style>{CSS}</style></head><body>"
        "<header><h1>B2B profile enrichment report</h1>"
        f"<p>Run date {html.escape(run_date)} · warehouse "
        f"{html.escape(warehouse.name)} · generated {generated}</p></header>"
        "<main>" + "\n".join(parts) + "</main></body></html>\n"
    )


def build_report(warehouse: Path, out: Path) -> Path:
    """Write the HTML report of the latest run in ``warehouse`` to ``out``.

    ``warehouse`` is a DuckDB file built by the project (opened read-only); ``out``
    is the HTML file to write (parent folders are created). Sections whose tables are
    missing or empty say so instead of failing. Returns ``out``. Raises
    FileNotFoundError when the warehouse file does not exist.
    """
    warehouse = Path(warehouse)
    out = Path(out)
    if not warehouse.exists():
        raise FileNotFoundError(f"warehouse {warehouse} not found: build it first")
    wh = Warehouse.open(warehouse)
    try:
        sections: list[Section] = []
        for key, title, builder in SECTION_BUILDERS:
            try:
                section = builder(wh)
            except NoData as reason:
                section = Section(key, title, "", no_data=str(reason))
            except duckdb.Error as error:
                log.warning("report section %s: query failed: %s", key, error)
                section = Section(key, title, "", no_data=f"query failed: {error}")
            if section.no_data:
                log.info("report section %s: no data (%s)", key, section.no_data)
            sections.append(section)
        run_date = _run_label(wh)
    finally:
        wh.con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(_render(sections, run_date, warehouse), encoding="utf-8")
    charts = sum(section.figure is not None for section in sections)
    log.info("wrote %s (%d charts, run date %s)", out, charts, run_date)
    return out


def build_parser() -> argparse.ArgumentParser:
    """Arguments of ``b2b-enrich report``."""
    parser = argparse.ArgumentParser(
        prog="b2b-enrich report",
        description="Write the self-contained HTML report of the latest run.",
    )
    parser.add_argument(
        "--warehouse",
        default=os.environ.get("B2B_WAREHOUSE", "warehouse/b2b_enrich.duckdb"),
        help="DuckDB warehouse file (default $B2B_WAREHOUSE or the project default)",
    )
    parser.add_argument("--out", default="reports/enrichment_report.html")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``b2b-enrich report``: returns 0 on success, 2 when the warehouse is missing."""
    args = build_parser().parse_args(argv)
    try:
        build_report(Path(args.warehouse), Path(args.out))
    except FileNotFoundError as error:
        log.error("%s", error)
        return 2
    return 0


if __name__ == "__main__":
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    raise SystemExit(main())
