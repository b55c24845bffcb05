"""What the probabilistic matching tier can learn from a given export, decided up front.

Each training step of the tier needs evidence: Splink's EM pass blocked on the e-mail
domain needs pairs that share a domain, a comparison on phones needs phones on both
sides. An export that lacks them (a names-only lead list, a tiny trial export, a single
account) must not stop the build: the step is skipped or the comparison dropped, and
the reason is written down. ``plan_probabilistic_tier`` counts the evidence with
set-based SQL (key frequencies, never the pairs themselves) and returns the steps to
run, each with its status and reason; ``int_matching_probabilistic_notes`` stores
them, the tier follows them and ``matching_job_log`` reports them (status ``partial``
with the reasons when evidence was missing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

# step statuses: 'run' (the step runs), 'skipped' (a training step or the whole tier
# does not run), 'dropped' (a comparison is left out of the model)
RUN, SKIPPED, DROPPED = "run", "skipped", "dropped"

NOTE_COLUMNS = ["step_order", "step", "status", "evidence", "degrades", "reason"]


@dataclass(frozen=True)
class EmPass:
    """An EM training pass: its blocking key (``{t}`` is the table alias)."""

    label: str
    key: str
    # the comparison its blocking key fixes: Splink estimates every other one
    blocks_comparison: str | None = None
    # run only when this other pass was skipped (e.g. phones stand in for e-mail
    # domains in freeing the name comparison)
    only_if_skipped: str | None = None

    def rule(self) -> str:
        return f"{self.key.format(t='l')} = {self.key.format(t='r')}"


@dataclass(frozen=True)
class PlanStep:
    step: str
    status: str
    evidence: int | None
    reason: str
    # true when the step's absence loses evidence (the job is 'partial');
    # false when there is simply nothing to do (no undecided leads)
    degrades: bool


@dataclass
class TierPlan:
    """The steps of one run of the probabilistic tier, in order."""

    steps: list[PlanStep] = field(default_factory=list)

    @property
    def tier_runs(self) -> bool:
        return not any(s.step == "tier" and s.status == SKIPPED for s in self.steps)

    def runs(self, step: str) -> bool:
        return any(s.step == step and s.status == RUN for s in self.steps)

    def evidence(self, step: str) -> int | None:
        for s in self.steps:
            if s.step == step:
                return s.evidence
        return None

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(
            [
                {
                    "step_order": order,
                    "step": s.step,
                    "status": s.status,
                    "evidence": s.evidence,
                    "degrades": s.degrades,
                    "reason": s.reason,
                }
                for order, s in enumerate(self.steps, start=1)
            ],
            columns=NOTE_COLUMNS,
        )
        return frame.astype(
            {
                "step_order": "int64",
                "step": "string",
                "status": "string",
                "evidence": "Int64",
                "degrades": "bool",
                "reason": "string",
            }
        )

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> TierPlan:
        ordered = frame.sort_values("step_order")
        return cls(
            [
                PlanStep(
                    step=str(row.step),
                    status=str(row.status),
                    evidence=None if pd.isna(row.evidence) else int(row.evidence),
                    reason=str(row.reason),
                    degrades=bool(row.degrades),
                )
                for row in ordered.itertuples(index=False)
            ]
        )


def _blocked_pairs(
    con, left: str, right: str, keys: Sequence[str], where: str = "true"
) -> int:
    """Pairs an equality blocking rule on ``keys`` yields, from key frequencies."""
    left_keys = ", ".join(f"{k.format(t='x')} as k{i}" for i, k in enumerate(keys))
    join = " and ".join(f"a.k{i} = b.k{i}" for i in range(len(keys)))
    not_null = " and ".join(f"{k.format(t='x')} is not null" for k in keys)
    sql = f"""
        with a as (
            select {left_keys}, count(*) as n from {left} as x
            where {not_null} and {where.format(t="x")} group by all
        ),
        b as (
            select {left_keys}, count(*) as n from {right} as x
            where {not_null} and {where.format(t="x")} group by all
        )
        select coalesce(sum(a.n * b.n), 0) from a inner join b on {join}
    """
    return int(con.sql(sql).fetchall()[0][0])


def _present(con, table: str, condition: str) -> int:
    return int(
        con.sql(f"select count(*) from {table} as x where {condition}").fetchall()[0][0]
    )


def plan_probabilistic_tier(
    training_leads: pd.DataFrame,
    undecided_leads: int,
    accounts: pd.DataFrame,
    *,
    comparisons: Sequence[tuple[str, str]],
    em_passes: Sequence[EmPass],
    prior_rules: Sequence[tuple[str, Sequence[str]]],
    min_em_pairs: int = 20,
    labelled_leads: int | None = None,
    min_labelled_leads: int = 30,
) -> TierPlan:
    """Decide which steps of the probabilistic tier the export has evidence for.

    Args:
        training_leads: the candidate leads the tier trains on (matching layout).
        undecided_leads: how many leads the tier is asked to match.
        accounts: the accounts (matching layout).
        comparisons: (comparison name, SQL condition on alias ``x`` that a record
            holds the comparison's evidence); a comparison with no record on either
            side is dropped.
        em_passes: the EM passes in order; a pass whose blocking rule yields fewer
            than ``min_em_pairs`` pairs is skipped, and so is one that blocks on the
            only comparison with evidence (nothing is left for it to estimate).
            Without any EM pass the tier still runs where the pair model learns
            from the labels: Splink's default m probabilities only block and rank
            the candidates, the pair model weighs them.
        prior_rules: (label, equality keys) of the deterministic rules that estimate
            the prior; without pairs on any of them the prior falls back to one match
            per lead among the accounts.
        labelled_leads: leads the deterministic tier matched confidently (the pair
            model's labels); None when no pair model is asked for. Under
            ``min_labelled_leads`` the pair model is skipped and Splink's probability
            decides.
    """
    import duckdb

    plan = TierPlan()
    if training_leads.empty or accounts.empty or undecided_leads == 0:
        reason = (
            "no candidate leads"
            if training_leads.empty
            else "no accounts"
            if accounts.empty
            else "no undecided leads"
        )
        plan.steps.append(
            PlanStep("tier", SKIPPED, 0, f"probabilistic tier skipped: {reason}", False)
        )
        return plan

    con = duckdb.connect(":memory:")
    con.register("leads", training_leads)
    con.register("accounts", accounts)
    kept: list[str] = []
    for name, condition in comparisons:
        on_leads = _present(con, "leads", condition)
        on_accounts = _present(con, "accounts", condition)
        if on_leads == 0 or on_accounts == 0:
            side = "leads" if on_leads == 0 else "accounts"
            plan.steps.append(
                PlanStep(
                    f"comparison:{name}",
                    DROPPED,
                    min(on_leads, on_accounts),
                    f"probabilistic tier: comparison {name} dropped: no {side} hold it",
                    True,
                )
            )
        else:
            kept.append(name)
            plan.steps.append(
                PlanStep(
                    f"comparison:{name}",
                    RUN,
                    min(on_leads, on_accounts),
                    f"{name}: {on_leads} leads, {on_accounts} accounts hold it",
                    False,
                )
            )
    if not kept:
        plan.steps.append(
            PlanStep(
                "tier",
                SKIPPED,
                0,
                "probabilistic tier skipped: no comparison has evidence on both sides",
                True,
            )
        )
        return plan

    prior_pairs = sum(
        _blocked_pairs(con, "leads", "accounts", keys) for _, keys in prior_rules
    )
    if prior_pairs > 0:
        plan.steps.append(
            PlanStep(
                "prior", RUN, prior_pairs, f"prior from {prior_pairs} rule pairs", False
            )
        )
    else:
        plan.steps.append(
            PlanStep(
                "prior",
                SKIPPED,
                0,
                "probabilistic tier: prior estimation skipped: 0 pairs on the "
                "deterministic rules; one match per lead among the accounts assumed",
                True,
            )
        )
    plan.steps.append(
        PlanStep(
            "u", RUN, len(training_leads) * len(accounts), "u by random sampling", False
        )
    )
    for em_pass in em_passes:
        step = f"em:{em_pass.label}"
        if em_pass.only_if_skipped and plan.runs(f"em:{em_pass.only_if_skipped}"):
            continue
        if not set(kept) - {em_pass.blocks_comparison}:
            plan.steps.append(
                PlanStep(
                    step,
                    SKIPPED,
                    None,
                    f"probabilistic tier: EM pass on {em_pass.label} skipped: it "
                    f"blocks on {em_pass.blocks_comparison}, the only comparison "
                    "with evidence, and leaves nothing to estimate",
                    True,
                )
            )
            continue
        pairs = _blocked_pairs(con, "leads", "accounts", [em_pass.key])
        if pairs >= min_em_pairs:
            plan.steps.append(
                PlanStep(
                    step,
                    RUN,
                    pairs,
                    f"EM on {em_pass.label}: {pairs} blocked pairs",
                    False,
                )
            )
        else:
            plan.steps.append(
                PlanStep(
                    step,
                    SKIPPED,
                    pairs,
                    f"probabilistic tier: EM pass on {em_pass.label} skipped: "
                    f"{pairs} blocked pairs",
                    True,
                )
            )
    con.close()
    pair_model_learns = (
        labelled_leads is not None and labelled_leads >= min_labelled_leads
    )
    if not any(s.step.startswith("em:") and s.status == RUN for s in plan.steps):
        if not pair_model_learns:
            plan.steps.append(
                PlanStep(
                    "tier",
                    SKIPPED,
                    0,
                    "probabilistic tier skipped: no EM pass has enough blocked "
                    "pairs to estimate the m probabilities",
                    True,
                )
            )
            return plan
        plan.steps.append(
            PlanStep(
                "m",
                SKIPPED,
                0,
                "probabilistic tier: no EM pass can run: Splink's default m "
                "probabilities block and rank the candidates, the pair model "
                "learns the weights from the labelled leads",
                True,
            )
        )
    if labelled_leads is not None:
        if pair_model_learns:
            plan.steps.append(
                PlanStep(
                    "pair_model",
                    RUN,
                    labelled_leads,
                    f"pair model learns from {labelled_leads} labelled leads",
                    False,
                )
            )
        else:
            plan.steps.append(
                PlanStep(
                    "pair_model",
                    SKIPPED,
                    labelled_leads,
                    f"probabilistic tier: pair model skipped: {labelled_leads} "
                    f"labelled leads (deterministic matches), {min_labelled_leads} "
                    "needed; Splink's EM probability decides",
                    True,
                )
            )
    plan.steps.append(
        PlanStep(
            "tier", RUN, undecided_leads, f"{undecided_leads} undecided leads", False
        )
    )
    return plan
