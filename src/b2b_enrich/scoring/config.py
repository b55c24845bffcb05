"""Scoring goal configuration: the Python mirror of the macro validate_scoring_goals.

Goals are configured in ``dbt_project.yml`` (var ``scoring_goals``). The dbt macro
stops a run at compile time when the list is invalid; :func:`parse_goals` applies the
same rules so the package refuses the same configurations when it is used outside dbt
(tests, evaluation, notebooks) and when it reads the rendered ``int_scoring_goals``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

GOAL_TYPE_CONVERT_LEAD = "leadOperation.convertLead"
GOAL_TYPE_OPPORTUNITY = "opportunityEvent.opportunityUpdated"
GOAL_TYPES: tuple[str, ...] = (GOAL_TYPE_CONVERT_LEAD, GOAL_TYPE_OPPORTUNITY)
MODEL_TYPES: tuple[str, ...] = ("person", "account")
ALGORITHMS: tuple[str, ...] = ("lightgbm", "random_forest")
MAX_GOALS = 5
DEFAULT_ALGORITHM = "lightgbm"

_ALLOWED_KEYS = frozenset(
    {
        "name",
        "type",
        "attribute_name",
        "new_value",
        "converted_status",
        "prediction_window_days",
        "model_types",
        "algorithm",
    }
)


class GoalConfigError(ValueError):
    """Invalid scoring goal configuration; the message names the goal and field."""


@dataclass(frozen=True)
class Goal:
    """One scoring goal (a conversion event to predict within a window).

    ``attribute_name``/``new_value`` are set for opportunity goals (Stage = Contract);
    ``converted_status`` optionally narrows a lead-conversion goal.
    """

    name: str
    type: str
    prediction_window_days: int
    model_types: tuple[str, ...] = MODEL_TYPES
    algorithm: str = DEFAULT_ALGORITHM
    attribute_name: str | None = None
    new_value: str | None = None
    converted_status: str | None = None

    def definition(self) -> str:
        """Canonical JSON text of what the goal predicts (to detect config changes).

        Model types are left out: each (goal, model type) is its own model.
        """
        data = asdict(self)
        data.pop("model_types")
        return json.dumps(data, sort_keys=True)


@dataclass(frozen=True)
class ScoringSettings:
    """Run-wide scoring settings (dbt vars ``scoring_*``)."""

    training_cadence_days: int = 30
    force_training: bool = False
    min_history_days: int = 180
    min_conversion_events: int = 10
    top_factors: int = 5
    extra: Mapping[str, Any] = field(default_factory=dict)


def _text(goal: Mapping[str, Any], key: str, label: str) -> str | None:
    value = goal.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise GoalConfigError(
            f"{label}: '{key}' must be a non-empty text, got {value!r}"
        )
    return value.strip()


def parse_goal(goal: Mapping[str, Any], position: int) -> Goal:
    """Validate one goal mapping (as written in ``dbt_project.yml``) and return a Goal.

    Raises GoalConfigError naming the goal (or its position when the name is missing)
    and the offending field.
    """
    if not isinstance(goal, Mapping):
        raise GoalConfigError(
            f"scoring goal #{position}: must be a mapping, got {goal!r}"
        )
    name = goal.get("name")
    label = f"scoring goal '{name}'" if name else f"scoring goal #{position}"
    if not isinstance(name, str) or not name.strip():
        raise GoalConfigError(f"{label}: missing field 'name'")
    if not all(ch.isalnum() or ch == "_" for ch in name) or not name[0].isalpha():
        raise GoalConfigError(
            f"{label}: 'name' must start with a letter and use only letters, "
            "digits, '_'"
        )
    unknown = sorted(set(goal) - _ALLOWED_KEYS)
    if unknown:
        raise GoalConfigError(f"{label}: unknown field(s) {', '.join(unknown)}")
    goal_type = goal.get("type")
    if goal_type is None:
        raise GoalConfigError(f"{label}: missing field 'type'")
    if goal_type not in GOAL_TYPES:
        raise GoalConfigError(
            f"{label}: unknown type '{goal_type}' "
            f"(expected one of {', '.join(GOAL_TYPES)})"
        )
    window = goal.get("prediction_window_days")
    if window is None:
        raise GoalConfigError(f"{label}: missing field 'prediction_window_days'")
    if isinstance(window, bool) or not isinstance(window, int) or window <= 0:
        raise GoalConfigError(
            f"{label}: 'prediction_window_days' must be a positive integer, "
            f"got {window!r}"
        )
    attribute_name = _text(goal, "attribute_name", label)
    new_value = _text(goal, "new_value", label)
    converted_status = _text(goal, "converted_status", label)
    if goal_type == GOAL_TYPE_OPPORTUNITY:
        for key, value in (
            ("attribute_name", attribute_name),
            ("new_value", new_value),
        ):
            if value is None:
                raise GoalConfigError(
                    f"{label}: missing field '{key}' (required for type {goal_type})"
                )
        if converted_status is not None:
            raise GoalConfigError(
                f"{label}: 'converted_status' only applies to type "
                f"{GOAL_TYPE_CONVERT_LEAD}"
            )
    elif attribute_name is not None or new_value is not None:
        raise GoalConfigError(
            f"{label}: 'attribute_name'/'new_value' only apply to type "
            f"{GOAL_TYPE_OPPORTUNITY}"
        )
    model_types = goal.get("model_types", list(MODEL_TYPES))
    if (
        isinstance(model_types, str)
        or not isinstance(model_types, Sequence)
        or not model_types
    ):
        raise GoalConfigError(f"{label}: 'model_types' must be a non-empty list")
    for model_type in model_types:
        if model_type not in MODEL_TYPES:
            raise GoalConfigError(
                f"{label}: unknown model type '{model_type}' "
                f"(expected one of {', '.join(MODEL_TYPES)})"
            )
    if len(set(model_types)) != len(model_types):
        raise GoalConfigError(f"{label}: duplicate entries in 'model_types'")
    algorithm = goal.get("algorithm", DEFAULT_ALGORITHM)
    if algorithm not in ALGORITHMS:
        raise GoalConfigError(
            f"{label}: unknown algorithm '{algorithm}' "
            f"(expected one of {', '.join(ALGORITHMS)})"
        )
    return Goal(
        name=name,
        type=goal_type,
        prediction_window_days=window,
        model_types=tuple(model_types),
        algorithm=algorithm,
        attribute_name=attribute_name,
        new_value=new_value,
        converted_status=converted_status,
    )


def parse_goals(goals: Sequence[Mapping[str, Any]] | None) -> list[Goal]:
    """Validate the whole ``scoring_goals`` list: at most five goals, unique names.

    Returns the goals in configuration order; raises GoalConfigError on the first
    problem.
    """
    if goals is None:
        return []
    if isinstance(goals, (str, Mapping)) or not isinstance(goals, Sequence):
        raise GoalConfigError("scoring_goals must be a list of goals")
    if len(goals) > MAX_GOALS:
        extra = goals[MAX_GOALS]
        extra_name = extra.get("name") if isinstance(extra, Mapping) else None
        raise GoalConfigError(
            f"at most {MAX_GOALS} scoring goals are allowed, got {len(goals)} "
            f"(goal #{MAX_GOALS + 1} '{extra_name}' is one too many)"
        )
    parsed = [
        parse_goal(goal, position) for position, goal in enumerate(goals, start=1)
    ]
    seen: set[str] = set()
    for goal in parsed:
        if goal.name in seen:
            raise GoalConfigError(f"scoring goal '{goal.name}': duplicate goal name")
        seen.add(goal.name)
    return parsed
