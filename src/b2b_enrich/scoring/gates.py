"""Data-quality gates checked before a goal's model is trained.

The rules (from the product definition): at least six months of history plus the
prediction window (two years is ideal), and at least 10 qualified conversion events for
the goal. A goal that fails gets no model and a reason that says what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GateResult:
    """Outcome of the data-quality gates for one (goal, model type)."""

    passed: bool
    reason: str
    warnings: tuple[str, ...] = ()


IDEAL_HISTORY_DAYS = 730


def check_gates(
    *,
    history_days: int | None,
    prediction_window_days: int,
    conversion_events: int,
    min_history_days: int = 180,
    min_conversion_events: int = 10,
    training_cutoffs: int | None = None,
    positive_examples: int | None = None,
) -> GateResult:
    """Apply the data-quality gates.

    ``history_days`` is the number of days between the first event and the run date
    (None when there are no events); ``conversion_events`` counts the events that meet
    the goal definition before the run date. ``training_cutoffs`` and
    ``positive_examples`` (optional) describe the training set built from that history:
    a goal with no snapshot or no positive label cannot be trained either.

    Returns a GateResult whose ``reason`` lists every failed rule ("; "-separated), or
    says the gates passed; ``warnings`` notes a history shorter than the ideal two
    years.
    """
    needed_history = min_history_days + prediction_window_days
    failures: list[str] = []
    if history_days is None or history_days <= 0:
        failures.append(f"no event history, {needed_history} days needed")
    elif history_days < needed_history:
        failures.append(
            f"only {history_days} days of history, {needed_history} needed "
            f"({min_history_days} + {prediction_window_days}-day prediction window)"
        )
    if conversion_events < min_conversion_events:
        failures.append(
            f"only {conversion_events} qualified conversion events, "
            f"{min_conversion_events} needed"
        )
    if not failures:
        if training_cutoffs is not None and training_cutoffs < 1:
            failures.append("no training snapshot fits in the history")
        elif positive_examples is not None and positive_examples < 1:
            failures.append("no conversion falls in any training window")
    warnings: tuple[str, ...] = ()
    if history_days is not None and 0 < history_days < IDEAL_HISTORY_DAYS:
        warnings = (f"{history_days} days of history, {IDEAL_HISTORY_DAYS} is ideal",)
    if failures:
        return GateResult(passed=False, reason="; ".join(failures), warnings=warnings)
    return GateResult(
        passed=True,
        reason=(
            f"{conversion_events} qualified conversion events, "
            f"{history_days} days of history"
        ),
        warnings=warnings,
    )
