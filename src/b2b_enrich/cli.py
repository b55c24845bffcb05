"""Command line: ``b2b-enrich <command>``.

Commands: ``demo-data`` (generate the raw tables and their truth), ``build-seeds``
(rebuild the reference seeds from their packages), ``evaluate <area>`` (quality of a
job on a built warehouse against the generator's truth), ``evaluate-real`` (build and
score the real development sets) and ``report`` (HTML report).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence

log = logging.getLogger("b2b_enrich")


def _demo_data(args: argparse.Namespace) -> int:
    from b2b_enrich.demo_data import generate

    end_date = dt.date.fromisoformat(args.end_date) if args.end_date else None
    counts = generate(
        out_dir=args.out,
        persons=args.persons,
        accounts=args.accounts,
        seed=args.seed,
        end_date=end_date,
        fmt=args.format,
        events_per_person=args.events_per_person,
        progress=not args.quiet,
        funnel=args.funnel,
    )
    print(json.dumps(counts, indent=2, default=str))
    return 0


def _build_seeds(args: argparse.Namespace) -> int:
    from b2b_enrich.reference_data import build_seeds

    print(json.dumps(build_seeds(args.seed_dir), indent=2))
    return 0


EVALUATIONS = {
    "matching": "b2b_enrich.evaluation.matching",
    "scoring": "b2b_enrich.evaluation.scoring",
    "related-accounts": "b2b_enrich.evaluation.related_accounts",
    "matching-seeds": "b2b_enrich.evaluation.matching_seeds",
}


def _evaluate(args: argparse.Namespace) -> int:
    import importlib

    module = importlib.import_module(EVALUATIONS[args.area])
    return module.main(
        ["--warehouse", args.warehouse, "--raw-dir", args.raw_dir, "--out", args.out]
    )


def _evaluate_real(args: argparse.Namespace) -> int:
    from b2b_enrich.evaluation.realdata import main as realdata_main

    argv = ["--out", args.out, "--work-dir", args.work_dir]
    if args.realdata:
        argv += ["--realdata", args.realdata]
    if args.run_date:
        argv += ["--run-date", args.run_date]
    return realdata_main(argv)


def _report(args: argparse.Namespace) -> int:
    from b2b_enrich.report import main as report_main

    return report_main(["--warehouse", args.warehouse, "--out", args.out])


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo-data": _demo_data,
    "build-seeds": _build_seeds,
    "evaluate": _evaluate,
    "evaluate-real": _evaluate_real,
    "report": _report,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="b2b-enrich", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo-data", help="write demo raw tables with known truth")
    demo.add_argument("--persons", type=int, default=10_000)
    demo.add_argument("--accounts", type=int, default=1_000)
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--out", default="data/raw")
    demo.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    demo.add_argument(
        "--end-date",
        default=None,
        help="last day (exclusive) of the two years of events; default today",
    )
    demo.add_argument("--events-per-person", type=float, default=20.0)
    demo.add_argument(
        "--funnel",
        choices=["full", "short"],
        default="full",
        help="short: one year, 2-3 events per lead, channel-driven conversion",
    )
    demo.add_argument("--quiet", action="store_true")

    seeds = sub.add_parser("build-seeds", help="rebuild reference seeds from packages")
    seeds.add_argument("--seed-dir", default="seeds")

    evaluate = sub.add_parser(
        "evaluate", help="measure a job's quality on a built warehouse against truth"
    )
    evaluate.add_argument("area", choices=sorted(EVALUATIONS))
    evaluate.add_argument("--warehouse", default="warehouse/b2b_enrich.duckdb")
    evaluate.add_argument("--raw-dir", default="data/raw")
    evaluate.add_argument("--out", default="reports/evaluation")

    real = sub.add_parser(
        "evaluate-real",
        help="build and score the real development sets (shared/realdata)",
    )
    real.add_argument(
        "--realdata",
        default=None,
        help="default $B2B_REALDATA_DIR or ../shared/realdata",
    )
    real.add_argument("--out", default="reports/evaluation")
    real.add_argument("--work-dir", default="data/realdata")
    real.add_argument("--run-date", default=None, help="default today")

    report = sub.add_parser(
        "report", help="write the self-contained HTML report of the latest run"
    )
    report.add_argument(
        "--warehouse",
        default=os.environ.get("B2B_WAREHOUSE", "warehouse/b2b_enrich.duckdb"),
    )
    report.add_argument("--out", default="reports/enrichment_report.html")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
