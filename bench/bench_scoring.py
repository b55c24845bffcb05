"""Benchmark: scoring at scale (default: 1M persons, 100k accounts, 20M events).

Steps (each timed):

1. generate the demo data (cached: skipped when the raw folder already has it);
2. ``dbt seed`` + ``dbt run`` of the scoring models and their parents on the run date:
   the first run also trains every goal model (training day);
3. the same ``dbt run`` again on the next day: the daily job (models reused, scoring of
   every profile for every goal: features, predict, influential factors);
4. the scoring step alone, in Python, on the warehouse of step 3: read the person
   features as of the run date in record batches, predict and explain 1M persons with
   one goal model (the <= 60 s target covers this plus the person feature SQL).

Writes ``bench/results/scoring.json`` (and prints a short table). Per-model dbt
timings come from ``run_results.json``. Usage::

    .venv/bin/python bench/bench_scoring.py [--persons 1000000] [--accounts 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import resource
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import duckdb  # noqa: E402

from b2b_enrich.dbt_runner import run_dbt  # noqa: E402

log = logging.getLogger("bench_scoring")

ROOT = Path(__file__).resolve().parents[1]
SELECT = ["--select", "+leads_ai_scores", "+scoring_job_log"]
#: the daily scoring path in SQL: one scan of the events, then features as of the run
#: date (the training snapshots are built by other models)
PERSON_FEATURE_NODES = (
    "int_scoring_events",
    "int_scoring_event_kinds",
    "int_scoring_person_first_touch",
    "int_scoring_person_features",
)
FEATURE_NODES = (*PERSON_FEATURE_NODES, "int_scoring_account_features")


def _node_timings(target: Path) -> dict[str, float]:
    results = json.loads((target / "run_results.json").read_text())
    return {
        item["unique_id"].split(".")[-1]: round(item["execution_time"], 2)
        for item in results["results"]
    }


def node_seconds_by_job(nodes: dict[str, float]) -> dict[str, float]:
    """Summed node seconds per job: the build a training day runs holds matching (the
    persons' accounts feed account scoring), the scoring job (events and scoring
    models) and the shared staging; each has its own time target."""
    totals = {"scoring": 0.0, "matching": 0.0, "shared": 0.0}
    for name, seconds in nodes.items():
        if "matching" in name or name.startswith("lead_account_match"):
            job = "matching"
        elif "scoring" in name or "events" in name or name == "leads_ai_scores":
            job = "scoring"
        else:
            job = "shared"
        totals[job] += seconds
    return {job: round(seconds, 2) for job, seconds in totals.items()}


def _timed_dbt(args: list[str], **kwargs: object) -> float:
    start = time.perf_counter()
    run_dbt(args, **kwargs)  # type: ignore[arg-type]
    return round(time.perf_counter() - start, 2)


def _python_scoring(warehouse: Path, goal_name: str) -> dict[str, float | int]:
    """Score every person with one stored goal model, straight from the warehouse."""
    from b2b_enrich.scoring.registry import current_model, goals_from_frame, load_model
    from b2b_enrich.scoring.scorer import score_batches

    with duckdb.connect(str(warehouse), read_only=True) as con:
        goals = goals_from_frame(con.sql("select * from int_scoring_goals").df())
        goal = next(
            g for g in goals if g.goal_name == goal_name and g.model_type == "person"
        )
        registry = con.sql("select * from scoring_model_registry").to_arrow_table()
        start = time.perf_counter()
        model = load_model(current_model(registry, goal))
        columns = ", ".join(f'"{c}"' for c in ["profile_key", *model.feature_names])
        reader = con.sql(
            f"select {columns} from int_scoring_person_features"
        ).to_arrow_reader(100_000)
        scored = score_batches(reader, model, top_k=goal.top_factors)
        seconds = time.perf_counter() - start
    return {"profiles": scored.num_rows, "seconds": round(seconds, 2)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--events-per-person", type=float, default=20.0)
    parser.add_argument("--run-date", default="2026-11-01")
    parser.add_argument(
        "--work-dir", type=Path, default=ROOT / "data" / "bench_scoring"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "scoring.json"
    )
    parser.add_argument("--project-dir", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )

    run_date = dt.date.fromisoformat(args.run_date)
    raw = args.work_dir / f"raw_{args.persons}"
    warehouse = args.work_dir / f"scoring_{args.persons}.duckdb"
    target = warehouse.with_suffix(".target")
    result: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "persons": args.persons,
        "accounts": args.accounts,
        "run_date": args.run_date,
    }
    if not (raw / "person_profiles.parquet").exists():
        from b2b_enrich.demo_data import generate

        start = time.perf_counter()
        counts = generate(
            raw,
            persons=args.persons,
            accounts=args.accounts,
            seed=42,
            end_date=run_date,
            events_per_person=args.events_per_person,
            progress=False,
        )
        result["generate_seconds"] = round(time.perf_counter() - start, 2)
        log.info("generated %s", counts)
    with duckdb.connect() as con:
        result["events"] = con.sql(
            f"select count(*) from read_parquet('{raw}/experience_events.parquet')"
        ).fetchall()[0][0]
    for path in (warehouse, warehouse.with_suffix(".duckdb.wal")):
        path.unlink(missing_ok=True)
    common = {"raw_dir": raw, "warehouse": warehouse, "project_dir": args.project_dir}

    run_dbt(["seed"], run_date=args.run_date, **common)
    log.info("training day: dbt run %s", " ".join(SELECT[1:]))
    result["training_day_run_seconds"] = _timed_dbt(
        ["run", *SELECT], run_date=args.run_date, **common
    )
    result["training_day_nodes"] = _node_timings(target)
    result["training_day_node_seconds_by_job"] = node_seconds_by_job(
        result["training_day_nodes"]
    )

    next_day = (run_date + dt.timedelta(days=1)).isoformat()
    log.info("daily run (models reused): %s", next_day)
    result["daily_run_seconds"] = _timed_dbt(
        ["run", *SELECT], run_date=next_day, **common
    )
    nodes = _node_timings(target)
    result["daily_run_nodes"] = nodes
    result["daily_run_node_seconds_by_job"] = node_seconds_by_job(nodes)
    result["daily_scoring_seconds"] = {
        "feature_sql": round(sum(nodes.get(n, 0.0) for n in FEATURE_NODES), 2),
        "int_scoring_scores (all goals and model types)": nodes.get(
            "int_scoring_scores"
        ),
    }
    result["python_scoring_one_goal_1m_persons"] = _python_scoring(
        warehouse, "lead_conversion"
    )
    person_feature_sql = sum(nodes.get(n, 0.0) for n in PERSON_FEATURE_NODES)
    result["scoring_1m_profiles_seconds"] = round(
        person_feature_sql + result["python_scoring_one_goal_1m_persons"]["seconds"], 2
    )
    result["target_seconds"] = 60
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["peak_rss_gib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        result["scored_rows"] = dict(
            con.sql(
                "select goal_name || '/' || model_type, count(*) from leads_ai_scores "
                "group by 1 order by 1"
            ).fetchall()
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    log.info("wrote %s", args.out)
    rows = [
        ("training day dbt run (s)", result["training_day_run_seconds"]),
        (
            "training day node seconds, scoring job",
            result["training_day_node_seconds_by_job"]["scoring"],
        ),
        (
            "training day node seconds, matching",
            result["training_day_node_seconds_by_job"]["matching"],
        ),
        ("daily dbt run, models reused (s)", result["daily_run_seconds"]),
        ("person feature SQL (s)", round(person_feature_sql, 2)),
        (
            "predict + factors, 1M persons, one goal (s)",
            result["python_scoring_one_goal_1m_persons"]["seconds"],
        ),
        (
            "scoring 1M profiles total (s), target 60",
            result["scoring_1m_profiles_seconds"],
        ),
        ("peak RSS (GiB)", result["peak_rss_gib"]),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        log.info("%s  %s", name.ljust(width), value)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
