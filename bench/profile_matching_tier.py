"""Per-step times of the probabilistic matching tier on a warehouse already built.

    .venv/bin/python bench/profile_matching_tier.py WAREHOUSE.duckdb [--out FILE.json]

Reads the refs of ``int_matching_probabilistic_scores`` from the warehouse (read
only), calls ``link_leads_to_accounts`` with the model's arguments in this process and
records the wall and CPU seconds of each step (Splink training and prediction, the
candidate reduction, the pair model's training, prediction and contributions), the
total and the load average: CPU seconds stay comparable on a loaded machine, wall
seconds do not. Copy a warehouse that someone else writes to before reading it.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import tempfile
import time
from pathlib import Path

import duckdb

import b2b_enrich.matching as matching
import b2b_enrich.matching_pairs as matching_pairs

STEPS: list[dict] = []


def _timed(owner: object, name: str, label: str) -> None:
    function = getattr(owner, name)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            STEPS.append(
                {
                    "step": label,
                    "wall_seconds": round(time.perf_counter() - wall, 2),
                    "cpu_seconds": round(time.process_time() - cpu, 2),
                }
            )

    setattr(owner, name, wrapper)


def _instrument() -> None:
    from splink.internals.linker_components.inference import LinkerInference
    from splink.internals.linker_components.training import LinkerTraining

    for name in (
        "estimate_probability_two_random_records_match",
        "estimate_u_using_random_sampling",
        "estimate_parameters_using_expectation_maximisation",
    ):
        _timed(LinkerTraining, name, f"splink {name}")
    _timed(LinkerInference, "predict", "splink predict")
    _timed(LinkerInference, "predict_chunk", "splink predict_chunk")
    for name in ("_with_name_keys", "_top_candidates", "choose_per_lead"):
        _timed(matching, name, name)
    for name in ("add_context", "train_pair_model_bag", "explain", "explain_pairs"):
        _timed(matching, name, name)
    _timed(matching_pairs.PairModel, "predict", "PairModel.predict")
    _timed(matching_pairs.PairModel, "contributions", "PairModel.contributions")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with duckdb.connect(str(args.warehouse), read_only=True) as con:
        inputs = matching.warehouse_tier_inputs(con)
    _instrument()
    wall, cpu = time.perf_counter(), time.process_time()
    result = matching.link_leads_to_accounts(
        **inputs,
        seed=42,
        memory_limit=os.environ.get("B2B_SPLINK_MEMORY_LIMIT", "2GB"),
        temp_directory=os.environ.get("B2B_SPILL_DIR", tempfile.gettempdir()),
        explain_from=0.5,  # the lower of the two thresholds (dbt_project.yml)
    )
    figures = {
        "warehouse": str(args.warehouse),
        "candidate_leads": len(inputs["training_leads"]),
        "undecided_leads": len(inputs["leads"]),
        "related_leads": len(inputs["related_leads"]),
        "accounts": len(inputs["accounts"]),
        "scored_leads": len(result),
        "wall_seconds": round(time.perf_counter() - wall, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "load_average_1_5_15_min": [round(x, 1) for x in os.getloadavg()],
        "steps": STEPS,
    }
    text = json.dumps(figures, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
