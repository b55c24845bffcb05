"""Probabilistic lead-to-account matching with Splink (DuckDB backend).

The deterministic tier lives in SQL (``models/intermediate/matching``); this module
is the probabilistic tier for the leads it leaves unmatched or ambiguous. Both inputs
share one column layout (see ``MATCH_COLUMNS``) so that Splink can link them:

- ``record_id``: person_key for leads, account_key for accounts
- ``name_core``: company / account name, normalized, legal forms removed
- ``name_first_token`` / ``name_prefix`` / ``name_bookends`` / ``name_acronym``:
  blocking keys derived from ``name_core`` (see the ``matching_keys`` macro)
- ``name_squashed``: ``name_core`` without spaces
- ``email_domain``: the lead's business e-mail domain (free-mail removed); for an
  account its website domain, so "lead e-mail domain = account website" is an equality
- ``web_domain``: registered domain of the website (platform domains removed)
- ``domain_label``: the leading label of the domain ('siemens' of 'siemens.co.uk')
- ``country_code``, ``city``, ``phone``: ISO country, normalized city, phone digits

Parameters are estimated from the data (u by random sampling, m by EM on two blocking
passes, the prior from deterministic rules); nothing is hand-set except the initial
values EM starts from.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from b2b_enrich.matching_pairs import (
    FEATURES,
    PHONE_MIN_DIGITS,
    PairModelBag,
    add_context,
    explain,
    isin_strings,
    pair_features_sql,
    phone_key_sql,
    retyped_leads_sql,
    shift_to_prior,
    train_pair_model_bag,
)
from b2b_enrich.matching_plan import EmPass, TierPlan, plan_probabilistic_tier

log = logging.getLogger(__name__)

MATCH_COLUMNS = [
    "record_id",
    "name_core",
    "name_first_token",
    "name_prefix",
    "name_bookends",
    "name_acronym",
    # space-separated acronyms that take in the legal form (``matching_keys``)
    "name_form_acronyms",
    "name_squashed",
    "email_domain",
    "web_domain",
    "domain_label",
    "country_code",
    "city",
    "phone",
    # the legal systems of the name's legal form (int_company_name_legal_systems)
    "legal_systems",
]

RESULT_COLUMNS = [
    "person_key",
    "account_key",
    "match_probability",
    "match_weight",
    "runner_up_account_key",
    "runner_up_probability",
    "explanation",
]
# the pair model's per-lead choice adds: the probability of "none of them", which
# model scored the lead, and the top three candidates with probabilities and evidence
EXTRA_COLUMNS = ["none_probability", "scored_by", "candidates"]

_DOMAIN_AGREES = (
    "email_domain_l = email_domain_r or web_domain_l = web_domain_r "
    "or email_domain_l = web_domain_r or web_domain_l = email_domain_r"
)
_DOMAIN_MISSING = (
    "(email_domain_l is null and web_domain_l is null) "
    "or (email_domain_r is null and web_domain_r is null)"
)


@dataclass(frozen=True)
class LevelSpec:
    label: str
    sql: str
    tf_column: str | None = None


@dataclass(frozen=True)
class ComparisonSpec:
    """A comparison: its null condition, then levels from most to least similar."""

    name: str
    null_sql: str
    levels: tuple[LevelSpec, ...]
    # a record holds this comparison's evidence (alias x); the comparison is dropped
    # from the model when no lead or no account does
    evidence_sql: str = "true"

    def to_splink(self) -> dict:
        levels: list[dict] = [
            {
                "sql_condition": self.null_sql,
                "label_for_charts": "null",
                "is_null_level": True,
            }
        ]
        for level in self.levels:
            entry: dict = {"sql_condition": level.sql, "label_for_charts": level.label}
            if level.tf_column:
                entry["tf_adjustment_column"] = level.tf_column
                entry["tf_adjustment_weight"] = 1.0
            levels.append(entry)
        levels.append({"sql_condition": "else", "label_for_charts": "disagree"})
        return {"output_column_name": self.name, "comparison_levels": levels}

    def label_for_gamma(self, gamma: int) -> str:
        """Splink numbers levels n-1 (most similar) .. 0 (else), -1 for null."""
        if gamma < 0:
            return "null"
        if gamma == 0:
            return "disagree"
        return self.levels[len(self.levels) - gamma].label


def _jw(column: str, threshold: float) -> str:
    return f"jaro_winkler_similarity({column}_l, {column}_r) >= {threshold}"


_TOKENS_CONTAINED = (
    "list_has_all(string_split(name_core_l, ' '), string_split(name_core_r, ' ')) "
    "or list_has_all(string_split(name_core_r, ' '), string_split(name_core_l, ' '))"
)
_ACRONYM = (
    "((name_acronym_l = name_core_r or name_acronym_r = name_core_l) "
    "and length(name_acronym_l) >= 2) "
    # an acronym that takes in the legal form ('hdfc' for 'housing development
    # finance corporation limited', 'mhpl' for 'mayaashi healthcare private limited')
    "or list_contains(string_split(name_form_acronyms_r::varchar, ' '), name_core_l) "
    "or list_contains(string_split(name_form_acronyms_l::varchar, ' '), name_core_r)"
)


COMPARISONS: tuple[ComparisonSpec, ...] = (
    ComparisonSpec(
        "company_name",
        "name_core_l is null or name_core_r is null",
        (
            LevelSpec("exact", "name_core_l = name_core_r", tf_column="name_core"),
            LevelSpec("jaro-winkler >= 0.95", _jw("name_core", 0.95)),
            LevelSpec("one name's words all in the other", _TOKENS_CONTAINED),
            LevelSpec("jaro-winkler >= 0.88", _jw("name_core", 0.88)),
            LevelSpec("acronym of the other", _ACRONYM),
            LevelSpec("first word equal", "name_first_token_l = name_first_token_r"),
        ),
        evidence_sql="x.name_core is not null",
    ),
    ComparisonSpec(
        "company_domain",
        _DOMAIN_MISSING,
        (LevelSpec("e-mail or website domain equal", _DOMAIN_AGREES),),
        evidence_sql="coalesce(x.email_domain, x.web_domain) is not null",
    ),
    ComparisonSpec(
        "country",
        "country_code_l is null or country_code_r is null",
        (LevelSpec("equal", "country_code_l = country_code_r"),),
        evidence_sql="x.country_code is not null",
    ),
    ComparisonSpec(
        "city",
        "city_l is null or city_r is null",
        (
            LevelSpec("equal", "city_l = city_r"),
            LevelSpec("jaro-winkler >= 0.9", _jw("city", 0.9)),
        ),
        evidence_sql="x.city is not null",
    ),
    ComparisonSpec(
        "phone",
        "phone_l is null or phone_r is null "
        f"or length(phone_l) < {PHONE_MIN_DIGITS} "
        f"or length(phone_r) < {PHONE_MIN_DIGITS}",
        (
            LevelSpec(
                "last 9 digits equal",
                f"{phone_key_sql('phone_l')} = {phone_key_sql('phone_r')}",
            ),
            LevelSpec(
                "same exchange (first 6 of last 10 digits)",
                "left(right(phone_l, 10), 6) = left(right(phone_r, 10), 6)",
            ),
        ),
        evidence_sql=f"length(x.phone) >= {PHONE_MIN_DIGITS}",
    ),
)

_NAMES_CLOSE = "jaro_winkler_similarity(l.name_core, r.name_core) >= {}"

# Blocking for recall: equal domains; names sharing the first word, its outer letters
# (a typo inside it) or a 4-letter prefix in one country, as long as the whole names
# are not far apart (a shared first word such as 'global' or 'van' alone would pair a
# lead with hundreds of accounts that can never score high); acronyms; a domain
# spelling the other side's name. The name filters cut the pairs to score by ~40 % at
# 1M leads and lose under 0.3 % of the true pairs on the demo data.
PREDICTION_BLOCKING_RULES: tuple[str | dict, ...] = (
    "l.email_domain = r.email_domain",
    "l.web_domain = r.web_domain",
    "l.name_core = r.name_core",
    f"l.name_first_token = r.name_first_token and {_NAMES_CLOSE.format(0.8)}",
    f"l.name_bookends = r.name_bookends and {_NAMES_CLOSE.format(0.8)}",
    "l.name_prefix = r.name_prefix and l.country_code = r.country_code "
    f"and {_NAMES_CLOSE.format(0.7)}",
    "l.name_acronym = r.name_acronym and length(l.name_acronym) >= 3",
    # a short one-word name and the acronyms that take in the other's legal form
    {
        "blocking_rule": "l.name_acronym_keys = r.name_acronym_keys",
        "arrays_to_explode": ["name_acronym_keys"],
    },
    "l.domain_label = r.name_first_token",
    "l.name_first_token = r.domain_label",
    # the same phone number (a lead's switchboard or site number)
    f"{phone_key_sql('l.phone')} = {phone_key_sql('r.phone')} "
    f"and length(l.phone) >= {PHONE_MIN_DIGITS}",
    # a rare word anywhere in the name ('Cameron' and 'Chicago Public Schools Cameron,
    # Daniel R.'): see ``RARE_WORD_MAX_ACCOUNTS``
    {
        "blocking_rule": "l.name_rare_words = r.name_rare_words",
        "arrays_to_explode": ["name_rare_words"],
    },
    # one typing error anywhere in the name's first letters ('ccurtis holdings',
    # 'pixelibt', 'christentholding'): see ``TYPO_KEY_LENGTH``
    {
        "blocking_rule": "l.name_typo_keys = r.name_typo_keys "
        f"and {_NAMES_CLOSE.format(0.8)}",
        "arrays_to_explode": ["name_typo_keys"],
    },
)
# A word is rare enough to block on when at most this many account names hold it; a
# lead blocks on its ``RARE_WORDS_PER_LEAD`` rarest such words, an account on
# ``RARE_WORDS_PER_ACCOUNT``: at most 2 x 10 pairs per lead from this rule.
RARE_WORD_MAX_ACCOUNTS = 10
RARE_WORDS_PER_LEAD = 2
RARE_WORDS_PER_ACCOUNT = 4
# A name one typing error (a letter added, dropped, changed or two swapped) from
# another shares one of its typo keys with it: its first ``TYPO_KEY_LENGTH`` letters
# without spaces, and those with one letter deleted (symmetric deletion). Every
# account name of ``TYPO_KEY_MIN_LENGTH`` letters or more has them; a lead only when
# its first word is in no account name (a typo in it is why the rules on the first
# word, its prefix or outer letters miss), so that the leads of well-typed names add
# no pairs.
TYPO_KEY_LENGTH = 16
TYPO_KEY_MIN_LENGTH = 5
# the columns Splink sees: the matching layout and the name words and keys blocked on
LINK_COLUMNS = [
    *MATCH_COLUMNS,
    "name_rare_words",
    "name_typo_keys",
    "name_acronym_keys",
]

# Rules that admit almost no false positives, used only to estimate the prior
# probability that two random records match (Splink's direct estimation): equality
# keys ({t} is the table alias).
PRIOR_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("name and country", ("{t}.name_core", "{t}.country_code")),
    ("e-mail domain and first word", ("{t}.email_domain", "{t}.name_first_token")),
)
DETERMINISTIC_RULES: tuple[str, ...] = tuple(
    " and ".join(f"{k.format(t='l')} = {k.format(t='r')}" for k in keys)
    for _, keys in PRIOR_RULES
)

# Two EM passes: blocking on the name frees the domain level, blocking on the domain
# frees the name levels; each estimates what its rule does not fix. Without e-mail
# domains (a names-and-phones list) the phone takes the domain's place.
EM_PASSES: tuple[EmPass, ...] = (
    EmPass("company name first word", "{t}.name_first_token", "company_name"),
    EmPass("e-mail domain", "{t}.email_domain", "company_domain"),
    EmPass(
        "phone",
        phone_key_sql("{t}.phone"),
        "phone",
        only_if_skipped="e-mail domain",
    ),
)


def plan_tier(
    training_leads: pd.DataFrame,
    undecided_leads: int,
    accounts: pd.DataFrame,
    labelled_leads: int | None = None,
) -> TierPlan:
    """The steps of the probabilistic tier this export has evidence for."""
    return plan_probabilistic_tier(
        training_leads,
        undecided_leads,
        accounts,
        labelled_leads=labelled_leads,
        comparisons=[(spec.name, spec.evidence_sql) for spec in COMPARISONS],
        em_passes=EM_PASSES,
        prior_rules=PRIOR_RULES,
    )


def _settings(
    prior_recall_blocking_rules: Sequence[str | dict],
    comparisons: Sequence[ComparisonSpec] = COMPARISONS,
    prior: float | None = None,
) -> dict:
    from splink import SettingsCreator

    extra = {} if prior is None else {"probability_two_random_records_match": prior}
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="record_id",
        comparisons=[spec.to_splink() for spec in comparisons],
        blocking_rules_to_generate_predictions=list(prior_recall_blocking_rules),
        **extra,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,  # keeps gamma_* for the explanation
    )


def _check_columns(frame: pd.DataFrame, name: str) -> None:
    missing = [c for c in MATCH_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing matching columns {missing}")


def _connection(memory_limit: str, temp_directory: str | None):
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute(f"set memory_limit = '{memory_limit}'")
    con.execute("set preserve_insertion_order = false")
    if temp_directory:
        con.execute(f"set temp_directory = '{temp_directory}'")
    return con


#: training leads the tier samples (parameters are population rates: a large random
#: sample estimates them as well as all)
MAX_TRAINING_LEADS = 300_000
#: labelled leads the pair model learns from; the related persons fill at most half
MAX_LABELLED_LEADS = 10_000


def _sampled(relation, n: int, seed: int):
    """At most ``n`` rows of ``relation``, drawn in SQL by a seeded hash of record_id
    (the same rows on a rerun), so that only the sample is read into pandas."""
    return relation.order(f"hash(record_id, {int(seed)}), record_id").limit(int(n))


def probabilistic_tier_inputs(
    undecided_leads,
    accounts,
    candidate_leads,
    deterministic_matches,
    notes,
    related,
    seed: int = 42,
) -> dict:
    """The tier's inputs as ``link_leads_to_accounts`` keywords, from the DuckDB
    relations of ``int_matching_undecided_leads``, ``int_matching_accounts``,
    ``int_matching_candidate_leads`` (every candidate lead: the training leads),
    ``int_matching_deterministic_matches`` (the confident ones are labels),
    ``int_matching_probabilistic_notes`` (the training plan) and
    ``int_matching_related_leads`` (labels too, as the persons typed them).

    The training leads and the related persons are sampled here, in SQL, to the
    tier's caps (``MAX_TRAINING_LEADS``, half of ``MAX_LABELLED_LEADS``; by ``seed``):
    at 1M persons reading all 630k candidate leads and 340k related persons into
    pandas cost more than the tier's sampling saved."""
    columns = ", ".join(MATCH_COLUMNS)
    return {
        "leads": undecided_leads.project(columns).df(),
        "accounts": accounts.project(columns).df(),
        "training_leads": _sampled(
            candidate_leads.project(columns), MAX_TRAINING_LEADS, seed
        ).df(),
        "labels": deterministic_matches.filter("not is_ambiguous")
        .project("person_key, account_key")
        .df(),
        "plan": TierPlan.from_frame(notes.df()),
        "related_leads": _sampled(
            related.project(f"{columns}, account_key"), MAX_LABELLED_LEADS // 2, seed
        ).df(),
    }


#: the models ``probabilistic_tier_inputs`` reads, in its order
TIER_INPUT_MODELS = (
    "int_matching_undecided_leads",
    "int_matching_accounts",
    "int_matching_candidate_leads",
    "int_matching_deterministic_matches",
    "int_matching_probabilistic_notes",
    "int_matching_related_leads",
)


def warehouse_tier_inputs(con, seed: int = 42) -> dict:
    """``probabilistic_tier_inputs`` from a built warehouse (a DuckDB connection):
    for rerunning the tier outside dbt (evaluation, benchmarks)."""
    return probabilistic_tier_inputs(
        *(con.table(name) for name in TIER_INPUT_MODELS), seed=seed
    )


def link_leads_to_accounts(
    leads: pd.DataFrame,
    accounts: pd.DataFrame,
    *,
    training_leads: pd.DataFrame | None = None,
    seed: int = 42,
    memory_limit: str = "4GB",
    temp_directory: str | None = None,
    u_max_pairs: float = 1e6,
    em_max_pairs: float = 1e6,
    max_training_leads: int = MAX_TRAINING_LEADS,
    min_pair_probability: float = 0.001,
    candidate_min_probability: float = 1e-5,
    plan: TierPlan | None = None,
    labels: pd.DataFrame | None = None,
    max_labelled_leads: int = MAX_LABELLED_LEADS,
    top_candidates: int = 6,
    explain_from: float = 0.0,
    related_leads: pd.DataFrame | None = None,
    bag_size: int = 3,
) -> pd.DataFrame:
    """Score every blocked (lead, account) pair with a Splink model trained on the data.

    Args:
        leads: the leads to match (``MATCH_COLUMNS``), one row per person.
        accounts: all accounts (``MATCH_COLUMNS``), one row per account.
        training_leads: leads to estimate parameters on (default ``leads``); pass all
            candidate leads so the model sees the matches the deterministic tier found.
        seed: seed of the random sampling for u and of the training sample.
        em_max_pairs: cap on the blocked pairs each EM pass trains on.
        max_training_leads: training uses a random sample of at most this many leads.
        min_pair_probability: pairs below it are dropped as Splink scores them.
        candidate_min_probability: the same floor when the pair model scores the
            candidates (lower: the look-alikes Splink deems unlikely are the negatives
            the model learns "none" from).
        plan: the training steps the export has evidence for (``plan_tier``; computed
            here when not given). A comparison without evidence is left out of the
            model, an EM pass without blocked pairs is skipped, and when nothing can
            be trained the tier returns no scores (the deterministic matches stand).
        labels: the deterministic tier's confident matches (person_key, account_key)
            among ``training_leads``; with them (and the plan's ``pair_model`` step)
            a pair model learns from this export (``b2b_enrich.matching_pairs``) and
            chooses per lead, with "none" as an answer; without, Splink's probability.
        max_labelled_leads: the pair model learns from a random sample of at most
            this many labelled leads.
        top_candidates: each lead's best accounts by Splink that the pair model scores.
        related_leads: persons the CRM already relates to one account
            (``MATCH_COLUMNS`` + ``account_key``): labelled leads as the export's
            people really typed their company (typos, department and site words,
            the brand alone), learned from as typed beside the retyped ones; they
            fill at most half of ``max_labelled_leads`` (sampled).
        bag_size: pair models averaged, each on its own draw of the guards (var
            ``match_pair_model_bag_size``).
        explain_from: a lead's candidates carry the pair model's evidence only
            when its best reaches this probability (the review threshold: below it
            the lead is neither matched nor reviewed, no one reads the evidence, and
            the explanation is the costliest step at scale).

    Returns:
        One row per lead that has any blocked account: ``person_key``,
        ``account_key`` (the most probable), ``match_probability``, ``match_weight``,
        ``runner_up_account_key``, ``runner_up_probability`` and ``explanation`` (the
        comparison levels and their weights in bits).
    """
    from splink import DuckDBAPI, Linker

    if int(bag_size) < 1:
        raise ValueError(
            f"var match_pair_model_bag_size must be at least 1, got {bag_size}"
        )
    _check_columns(leads, "leads")
    _check_columns(accounts, "accounts")
    # inputs in a fixed order (DuckDB returns rows in none): sampling, training and
    # tie-breaks then give the same result on a rerun
    leads = leads.sort_values("record_id", kind="mergesort").reset_index(drop=True)
    accounts = accounts.sort_values("record_id", kind="mergesort").reset_index(
        drop=True
    )
    training_leads = (
        leads
        if training_leads is None
        else training_leads.sort_values("record_id", kind="mergesort").reset_index(
            drop=True
        )
    )
    if labels is not None:
        labels = labels.sort_values("person_key", kind="mergesort")
    if plan is None:
        plan = plan_tier(
            training_leads,
            len(leads),
            accounts,
            None if labels is None else int(labels["person_key"].nunique()),
        )
    if leads.empty or accounts.empty or not plan.tier_runs:
        for step in plan.steps:
            if step.status != "run":
                log.info(step.reason)
        return empty_result()
    if len(training_leads) > max_training_leads:
        # parameters are population rates: a large random sample estimates them as well
        training_leads = training_leads.sample(n=max_training_leads, random_state=seed)
    comparisons = tuple(
        spec for spec in COMPARISONS if plan.runs(f"comparison:{spec.name}")
    )
    # without pairs on the deterministic rules: one match per lead among the accounts
    prior = None if plan.runs("prior") else 1.0 / max(len(accounts), 2)

    db_api = DuckDBAPI(connection=_connection(memory_limit, temp_directory))
    con = db_api._con  # Splink's own connection
    con.register("match_accounts", accounts[MATCH_COLUMNS])
    _idf_table(con, "match_accounts", "match_idf")
    accounts = _with_name_keys(
        con, accounts, "match_idf", RARE_WORDS_PER_ACCOUNT, every_typo_key=True
    )
    same_training = training_leads is leads
    leads = _with_name_keys(con, leads, "match_idf", RARE_WORDS_PER_LEAD)
    # the trainer estimates on its own rules (the prior's, EM's) and random pairs,
    # never on the blocking words and keys: its leads carry them empty
    training_leads = (
        leads
        if same_training
        else training_leads[MATCH_COLUMNS].assign(
            name_rare_words=None, name_typo_keys=None, name_acronym_keys=None
        )
    )

    lead_tables: dict[str, str] = {}

    def linker_for(lead_frame: pd.DataFrame, settings: dict, name: str) -> Linker:
        registered = db_api.register(
            lead_frame[LINK_COLUMNS], dataset_display_name=name
        )
        lead_tables[name] = registered.physical_name
        return Linker(
            [
                registered,
                db_api.register(
                    accounts[LINK_COLUMNS], dataset_display_name=f"accounts_{name}"
                ),
            ],
            settings,
        )

    trainer = linker_for(
        training_leads,
        _settings(PREDICTION_BLOCKING_RULES, comparisons, prior),
        "leads",
    )
    # DuckDB's seeded sampling and its parallel sums repeat only on one thread: the
    # training (on samples capped by u_max_pairs / em_max_pairs) runs on one, so
    # reruns train the same model; prediction runs on all
    threads = db_api._con.sql("select current_setting('threads')").fetchall()[0][0]
    db_api._con.execute("set threads = 1")
    if plan.runs("prior"):
        trainer.training.estimate_probability_two_random_records_match(
            list(DETERMINISTIC_RULES), recall=0.7
        )
    trainer.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    for em_pass in EM_PASSES:
        if plan.runs(f"em:{em_pass.label}"):
            trainer.training.estimate_parameters_using_expectation_maximisation(
                em_pass.rule(),
                estimate_without_term_frequencies=True,
                max_pairs=em_max_pairs,
            )
    model = bounded_m_probabilities(trainer.misc.save_model_to_json())
    db_api._con.execute(f"set threads = {int(threads)}")

    linker = linker_for(leads, model, "leads_to_match")
    lead_table = lead_tables["leads_to_match"]
    use_pairs = labels is not None and plan.runs("pair_model")
    top = _top_candidates(
        con,
        linker,
        lead_table,
        "undecided",
        candidate_min_probability if use_pairs else min_pair_probability,
        top_candidates,
    )
    lead_ids = set(leads["record_id"])
    if not use_pairs:
        top_two = con.sql(
            f"select * exclude (person_key, account_key, candidate_rank) "
            f"from {top} where candidate_rank <= 2"
        ).df()
        log.info("splink kept the best pairs of %s leads", len(leads))
        return _splink_result(best_account_per_lead(top_two, lead_ids))

    # the persons the export relates to one account, as typed, take up to half of the
    # labelled leads; the deterministic tier's confident matches the rest
    related = (
        related_leads.sort_values("record_id", kind="mergesort")
        if related_leads is not None
        else pd.DataFrame(columns=[*MATCH_COLUMNS, "account_key"])
    )
    if len(related) > max_labelled_leads // 2:
        related = related.sample(n=max_labelled_leads // 2, random_state=seed)
    labels = _with_phone_labels(
        con, training_leads, labels, "match_accounts", "match_idf"
    )
    labelled = training_leads[
        isin_strings(training_leads["record_id"], labels["person_key"])
    ]
    if len(labelled) > max_labelled_leads - len(related):
        labelled = labelled.sample(
            n=max_labelled_leads - len(related), random_state=seed
        )
    con.register("match_leads", leads[MATCH_COLUMNS])
    con.register("match_labelled", labelled[MATCH_COLUMNS])
    # the labelled leads retyped as undecided leads type (typos, words dropped or run
    # together, acronyms, extra words), blocked and scored by Splink as retyped, so
    # the model learns more than exact names and domains
    retyped_sql = retyped_leads_sql("match_labelled", "match_idf")
    retyped = con.sql(f"select {', '.join(MATCH_COLUMNS)} from ({retyped_sql})").df()
    training_labels = labels[["person_key", "account_key"]]
    if not related.empty:
        retyped = pd.concat([retyped, related[MATCH_COLUMNS]], ignore_index=True)
        training_labels = pd.concat(
            [
                training_labels,
                related[["record_id", "account_key"]].rename(
                    columns={"record_id": "person_key"}
                ),
            ],
            ignore_index=True,
        )
    retyped = _with_name_keys(con, retyped, "match_idf", RARE_WORDS_PER_LEAD)
    label_linker = linker_for(retyped, model, "labelled_leads")
    label_top = _top_candidates(
        con,
        label_linker,
        lead_tables["labelled_leads"],
        "labelled",
        candidate_min_probability,
        top_candidates,
    )
    con.register("match_labelled_retyped", retyped)
    train_features = con.sql(
        pair_features_sql(
            label_top, "match_labelled_retyped", "match_accounts", "match_idf"
        )
        + " order by person_key, account_key"
    ).df()
    # a labelled lead's company may be in the table twice: its duplicate records
    # are right answers too, not look-alikes the model should learn to refuse
    training_labels = _with_duplicate_records(
        training_labels, _duplicate_candidates(con, label_top, "match_accounts")
    )
    # the leads whose right account the training removes are absent companies: their
    # words weigh as if that account were not in the table
    con.register("match_training_labels", training_labels)
    absent_features = con.sql(
        pair_features_sql(
            label_top,
            "match_labelled_retyped",
            "match_accounts",
            "match_idf",
            absent="match_training_labels",
        )
    ).df()
    pair_model = train_pair_model_bag(
        add_context(train_features),
        training_labels,
        seed=seed,
        size=int(bag_size),
        absent_features=absent_features,
    )
    if pair_model is None:
        top_two = con.sql(
            f"select * exclude (person_key, account_key, candidate_rank) "
            f"from {top} where candidate_rank <= 2"
        ).df()
        return _splink_result(best_account_per_lead(top_two, lead_ids))
    features = add_context(
        con.sql(
            pair_features_sql(top, "match_leads", "match_accounts", "match_idf")
        ).df()
    )
    if features.empty:
        # no lead to score has a candidate: nothing for the model to choose from
        log.info("no undecided lead has a candidate account")
        return empty_result()
    # the Splink columns the explanation reads (its levels and weights), not the
    # 48 columns of the 6 x 150k candidates at 1M persons
    splink_columns = [
        column
        for column in con.sql(f"select * from {top} limit 0").columns
        if column in ("person_key", "account_key", "match_weight")
        or column.startswith(("gamma_", "mw_"))
    ]
    splink_pairs = con.sql(f"select {', '.join(splink_columns)} from {top}").df()
    return choose_per_lead(
        pair_model,
        features,
        splink_pairs,
        explain_from,
        duplicates=_duplicate_candidates(con, top, "match_accounts"),
    )


def _with_phone_labels(
    con, training_leads: pd.DataFrame, labels: pd.DataFrame, accounts: str, counts: str
) -> pd.DataFrame:
    """``labels`` and the export's confident cases by phone: a training lead not
    labelled yet whose phone (last 9 digits) exactly one account holds, and which
    shares a rare word (``RARE_WORD_MAX_ACCOUNTS``) with that account's name. The
    labels by name teach the pair model little about phones (exact names retyped are
    told apart by their names first); these leads, typed as the export's people
    typed them, show what a shared phone is worth where the name is weak."""
    con.register("phone_label_leads", training_leads[MATCH_COLUMNS])
    con.register("phone_label_known", labels[["person_key"]])
    phone_labels = con.sql(
        f"""
        with accounts as (
            select record_id, {phone_key_sql("phone")} as phone_key, name_core
            from {accounts} where length(phone) >= {PHONE_MIN_DIGITS}
        ),
        one_account as (
            select phone_key from accounts group by phone_key having count(*) = 1
        ),
        leads as (
            select record_id, {phone_key_sql("phone")} as phone_key, name_core
            from phone_label_leads as l
            where length(phone) >= {PHONE_MIN_DIGITS}
                and not exists (
                    select 1 from phone_label_known as k
                    where k.person_key = l.record_id
                )
        ),
        pairs as (
            select l.record_id as person_key, a.record_id as account_key,
                unnest(list_intersect(
                    string_split(l.name_core, ' '), string_split(a.name_core, ' ')
                )) as token
            from leads as l
            inner join accounts as a on a.phone_key = l.phone_key
            inner join one_account as o on o.phone_key = a.phone_key
        )
        select distinct p.person_key, p.account_key
        from pairs as p
        inner join {counts} as c on c.token = p.token
        where {_rare_word_sql("c")}
        order by all
        """
    ).df()
    con.unregister("phone_label_leads")
    con.unregister("phone_label_known")
    if phone_labels.empty:
        return labels
    log.info("%s leads labelled by a phone one account holds", len(phone_labels))
    return pd.concat(
        [labels[["person_key", "account_key"]], phone_labels], ignore_index=True
    ).sort_values(["person_key", "account_key"], kind="mergesort")


def _duplicate_candidates(con, pairs: str, accounts: str) -> pd.DataFrame:
    """Per lead and candidate account, the lead's other candidates that are duplicate
    records of the same company: the same name (legal form and spaces aside), and
    country and web domain equal or missing on one side ('Navarro Services Llc' /
    'Navarro Services LLC' in the US). A lead typed like such a company splits its
    probability between the records, and together they are its answer."""
    return con.sql(
        f"""
        with candidates as (
            select p.person_key, p.account_key, a.name_squashed, a.country_code,
                a.web_domain
            from {pairs} as p
            inner join {accounts} as a on a.record_id = p.account_key
            where a.name_squashed is not null
        )
        select c.person_key, c.account_key, d.account_key as duplicate_account_key
        from candidates as c
        inner join candidates as d
            on d.person_key = c.person_key
            and d.name_squashed = c.name_squashed
            and d.account_key <> c.account_key
        where coalesce(d.country_code = c.country_code, true)
            and coalesce(d.web_domain = c.web_domain, true)
        order by all
        """
    ).df()


def _with_duplicate_records(
    pairs: pd.DataFrame, duplicates: pd.DataFrame
) -> pd.DataFrame:
    """``pairs`` (person_key, account_key) and, per pair, the lead's candidates that
    are duplicate records of that account (``_duplicate_candidates``)."""
    return pd.concat(
        [
            pairs,
            pairs.merge(duplicates, on=["person_key", "account_key"])[
                ["person_key", "duplicate_account_key"]
            ].rename(columns={"duplicate_account_key": "account_key"}),
        ],
        ignore_index=True,
    )


# leads per Splink prediction chunk: the scored pairs of a chunk (about 24 per lead,
# 44 columns) stay within the tier's memory limit instead of spilling
PREDICT_CHUNK_LEADS = 50_000


#: the least share of true matches an EM-trained level of M_FLOOR_COMPARISONS may
#: hold (see ``bounded_m_probabilities``)
M_PROBABILITY_FLOOR = 0.005
#: the comparisons whose disagreement never rules a match out (people work away from
#: the head office and type other numbers); name and domain levels are EM's to decide
M_FLOOR_COMPARISONS = ("country", "city", "phone")


def bounded_m_probabilities(model: dict, floor: float = M_PROBABILITY_FLOOR) -> dict:
    """The Splink model with every trained m probability of the M_FLOOR_COMPARISONS
    levels at least ``floor``, each such comparison's levels scaled back to a total
    of 1; the other comparisons as they are.

    EM on a blocked sample can drive a level's m to ~1e-16 when no blocked match
    shows it: on a names-only list, blocked on the first word, 'country disagrees'
    then weighed -52 bits, so a lead typed with its exact name but another work
    country had its account scored at 0 and never reached the pair model."""
    bounded = copy.deepcopy(model)
    for comparison in bounded["comparisons"]:
        if comparison["output_column_name"] not in M_FLOOR_COMPARISONS:
            continue
        levels = [
            level
            for level in comparison["comparison_levels"]
            if not level.get("is_null_level") and level.get("m_probability") is not None
        ]
        if not levels:
            continue
        for level in levels:
            level["m_probability"] = max(float(level["m_probability"]), floor)
        total = sum(level["m_probability"] for level in levels)
        for level in levels:
            level["m_probability"] /= total
    return bounded


def _top_candidates(
    con, linker, lead_table: str, name: str, min_pair_probability: float, k: int
) -> str:
    """Splink's scored pairs reduced to each lead's k best accounts, inside DuckDB
    (at scale the scored pairs are millions of rows and never reach pandas).
    Returns the table's name; person_key / account_key / candidate_rank added.

    Splink scores the pairs in chunks of at most ``PREDICT_CHUNK_LEADS`` leads (its
    own chunking by record); each chunk is reduced to its k best per lead and
    dropped, and the chunks' bests are ranked again (a lead's k best are among its
    chunks' k best). The ranking runs on the ids and probability only, the kept
    pairs joined back to Splink's wide rows: at 1M persons the 3.5M scored pairs of
    44 columns exceeded the memory limit and spilled while being sorted."""
    leads = con.sql(f"select count(*) from {lead_table}").fetchall()[0][0]
    chunks = max(1, -(-leads // PREDICT_CHUNK_LEADS))
    table = f"top_candidates_{name}"
    for chunk in range(1, chunks + 1):
        if chunks == 1:
            scored = linker.inference.predict(
                threshold_match_probability=min_pair_probability
            )
        else:
            scored = linker.inference.predict_chunk(
                right_chunk=(chunk, chunks),
                threshold_match_probability=min_pair_probability,
                warning_mode="auto" if chunk == 1 else "never",
            )
        kept = _keep_best(con, scored.physical_name, lead_table, k)
        con.execute(
            f"create or replace table {table} as {kept}"
            if chunk == 1
            else f"insert into {table} by name {kept}"
        )
        scored.drop_table_from_database_and_remove_from_cache()
    if chunks > 1:
        # lead-side chunks hold all of a lead's pairs; ranked again all the same
        best = _keep_best(con, table, lead_table, k)
        con.execute(f"create or replace table {table} as {best}")
    return table


def _keep_best(con, scored: str, lead_table: str, k: int) -> str:
    """SQL of the k best accounts per lead among ``scored`` (Splink's columns,
    record_id_l / record_id_r / match_probability), by probability then account key,
    with person_key, account_key, splink_weight_wo_domain and candidate_rank."""
    columns = con.sql(f"select * from {scored} limit 0").columns
    domain_weight = (
        "coalesce(s.mw_company_domain, 0)" if "mw_company_domain" in columns else "0"
    )
    own = ("person_key", "account_key", "splink_weight_wo_domain", "candidate_rank")
    splink = ", ".join(f"s.{c}" for c in columns if c not in own)
    return f"""
        with pairs as (
            select record_id_l, record_id_r, match_probability,
                record_id_l in (select record_id from {lead_table}) as lead_left
            from {scored}
        ),
        keyed as (
            select record_id_l, record_id_r, match_probability,
                case when lead_left then record_id_l else record_id_r end
                    as person_key,
                case when lead_left then record_id_r else record_id_l end
                    as account_key
            from pairs
        ),
        ranked as (
            select record_id_l, record_id_r, person_key, account_key,
                row_number() over (
                    partition by person_key order by match_probability desc, account_key
                ) as candidate_rank
            from keyed
            qualify candidate_rank <= {int(k)}
        )
        select {splink}, r.person_key, r.account_key,
            s.match_weight - {domain_weight} as splink_weight_wo_domain,
            r.candidate_rank
        from ranked as r
        inner join {scored} as s
            on s.record_id_l = r.record_id_l and s.record_id_r = r.record_id_r
        """


def _rare_word_sql(counts: str) -> str:
    """SQL: the word of ``counts`` (the word counts' alias: token, accounts) is rare
    enough to block and label on (``RARE_WORD_MAX_ACCOUNTS``, three letters or more)."""
    return (
        f"{counts}.accounts <= {RARE_WORD_MAX_ACCOUNTS} and length({counts}.token) >= 3"
    )


def _with_name_keys(
    con,
    frame: pd.DataFrame,
    counts: str,
    per_record: int,
    every_typo_key: bool = False,
) -> pd.DataFrame:
    """``frame`` with the name's blocking words and keys:

    - ``name_rare_words``: the record's rarest name words (fewest account names
      holding them, then the word) among those at most ``RARE_WORD_MAX_ACCOUNTS``
      account names hold, at most ``per_record`` of them (null when none); words
      unseen among the accounts cannot block and are skipped;
    - ``name_typo_keys``: the typo keys (``TYPO_KEY_LENGTH``), for every record with
      ``every_typo_key`` (the accounts; a key more than ``RARE_WORD_MAX_ACCOUNTS`` of
      them share is dropped), else only where the first word is in no account
      name."""
    con.register("name_key_input", frame[MATCH_COLUMNS])
    typo_condition = (
        "true"
        if every_typo_key
        else f"not exists (select 1 from {counts} as c "
        "where c.token = split_part(f.name_core, ' ', 1))"
    )
    # a key that many accounts share ('chicagopublicsch') pairs a lead
    # with all of them: like the rare words, only keys of few accounts block
    typo_key_filter = (
        f"qualify count(*) over (partition by typo_key) <= {RARE_WORD_MAX_ACCOUNTS}"
        if every_typo_key
        else ""
    )
    out = con.sql(
        f"""
        with words as (
            select distinct record_id, unnest(string_split(name_core, ' ')) as token
            from name_key_input where name_core is not null
        ),
        rare as (
            select w.record_id,
                list(w.token order by c.accounts, w.token)[1:{int(per_record)}]
                    as name_rare_words
            from words as w
            inner join {counts} as c on c.token = w.token
            where {_rare_word_sql("c")}
            group by w.record_id
        ),
        typo_stems as (
            select f.record_id, left(f.name_squashed, {TYPO_KEY_LENGTH}) as stem
            from name_key_input as f
            where length(f.name_squashed) >= {TYPO_KEY_MIN_LENGTH}
                and {typo_condition}
        ),
        typo_keys as (
            select distinct record_id, unnest(list_append(
                list_transform(
                    range(1, length(stem) + 1),
                    lambda i: substr(stem, 1, i - 1) || substr(stem, i + 1)
                ),
                stem
            )) as typo_key
            from typo_stems
        ),
        kept_typo_keys as (
            select record_id, typo_key from typo_keys {typo_key_filter}
        ),
        typo as (
            select record_id, list_sort(list(typo_key)) as name_typo_keys
            from kept_typo_keys
            group by record_id
        )
        select f.*, r.name_rare_words, t.name_typo_keys,
            -- a one-word name of 3-6 letters may be an acronym, and the acronyms
            -- that take in the legal form are: keys of either side
            nullif(list_sort(list_filter(list_distinct(list_concat(
                case when length(f.name_core) between 3 and 6
                    and not contains(f.name_core, ' ') then [f.name_core] end,
                string_split(f.name_form_acronyms::varchar, ' ')
            )), lambda a: length(a) >= 3)), []) as name_acronym_keys
        from name_key_input as f
        left join rare as r on r.record_id = f.record_id
        left join typo as t on t.record_id = f.record_id
        order by f.record_id
        """
    ).df()
    con.unregister("name_key_input")
    return out


def _idf_table(con, accounts: str, name: str) -> None:
    """Inverse document frequency of each word over the export's own account names
    (``idf``), and how many account names hold it (``accounts``)."""
    con.execute(
        f"""
        create or replace table {name} as
        with words as (
            select distinct record_id, unnest(string_split(name_core, ' ')) as token
            from {accounts} where name_core is not null
        ),
        n as (select count(distinct record_id) as n from words)
        select token, ln((n.n + 1) / (count(*) + 1)) + 1 as idf, count(*) as accounts
        from words cross join n
        where token <> ''
        group by token, n.n
        """
    )


def choose_per_lead(
    pair_model: PairModelBag,
    features: pd.DataFrame,
    splink_pairs: pd.DataFrame,
    explain_from: float = 0.0,
    duplicates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The lead's best account by the pair model's calibrated probability (ties by
    account key), its runner-up, "none" and the top three candidates with evidence.

    ``duplicates`` (person_key, account_key, duplicate_account_key; see
    ``_duplicate_candidates``) names a candidate's duplicate records among the lead's
    candidates: their probabilities add up to the company's, the lead's match
    probability is its company's, the record kept the likeliest of them and the
    runner-up the best candidate that is none of them."""
    scored, prior = shift_to_prior(
        pair_model.predict(features), pair_model.train_prior, rates=pair_model.rates
    )
    log.info(
        "leads with their account among the candidates: %.3f in training, "
        "%.3f estimated on the leads scored",
        pair_model.train_prior,
        prior,
    )
    scored = scored.merge(
        features[["person_key", "account_key", *FEATURES]],
        on=["person_key", "account_key"],
    )
    if duplicates is None:
        duplicates = pd.DataFrame(
            columns=["person_key", "account_key", "duplicate_account_key"]
        )
    duplicate_p = (
        duplicates.merge(
            scored[["person_key", "account_key", "pair_probability"]].rename(
                columns={"account_key": "duplicate_account_key"}
            ),
            on=["person_key", "duplicate_account_key"],
        )
        .groupby(["person_key", "account_key"], sort=False)["pair_probability"]
        .sum()
        .rename("duplicate_probability")
    )
    scored = scored.merge(duplicate_p, on=["person_key", "account_key"], how="left")
    scored["company_probability"] = scored["pair_probability"] + scored[
        "duplicate_probability"
    ].fillna(0)
    scored = scored.sort_values(
        ["person_key", "company_probability", "pair_probability", "account_key"],
        ascending=[True, False, False, True],
        kind="mergesort",
    ).reset_index(drop=True)
    scored["rank"] = scored.groupby("person_key").cumcount()
    top3 = scored[scored["rank"] < 3].copy()
    # the contributions behind the evidence are the costliest step at scale: only
    # the candidates of leads a person will see (matched or sent to review) get them
    best_p = top3.groupby("person_key")["company_probability"].transform("max")
    shown = best_p >= explain_from
    top3["evidence"] = "not explained: the best candidate is below review"
    if shown.any():
        top3.loc[shown, "evidence"] = explain(
            pair_model.contributions(top3[shown]), top3[shown]
        )
    splink = splink_pairs.set_index(["person_key", "account_key"])
    best = top3[top3["rank"] == 0].copy()
    best_splink = splink.loc[
        pd.MultiIndex.from_frame(best[["person_key", "account_key"]])
    ].reset_index()
    best["match_weight"] = best_splink["match_weight"].to_numpy()
    splink_text = explain_pairs(best_splink).to_numpy()
    company_records = _with_duplicate_records(
        best[["person_key", "account_key"]], duplicates
    ).assign(same_company=True)
    same_company = (
        scored[["person_key", "account_key"]]
        .merge(company_records, on=["person_key", "account_key"], how="left")[
            "same_company"
        ]
        .fillna(False)
        .astype(bool)
        .to_numpy()
    )
    runner = scored[~same_company].drop_duplicates("person_key").set_index("person_key")
    best["runner_up_account_key"] = best["person_key"].map(runner["account_key"])
    best["runner_up_probability"] = best["person_key"].map(
        runner["company_probability"].round(6)
    )
    duplicate_records = (
        scored[same_company & (scored["rank"] > 0)]
        .groupby("person_key", sort=False)["account_key"]
        .agg(", ".join)
    )
    total = scored.groupby("person_key")["pair_probability"].sum()
    best["none_probability"] = (1 - best["person_key"].map(total)).clip(0, 1).round(6)
    best["match_probability"] = best["company_probability"].clip(upper=1).round(6)
    duplicate_text = best["person_key"].map(duplicate_records)
    best["explanation"] = (
        f"pair model (learned from {pair_model.labelled_leads} labelled leads) p="
        + best["match_probability"].map("{:.3f}".format)
        + duplicate_text.map(
            lambda keys: "" if pd.isna(keys) else f" (with duplicate records {keys})"
        )
        + ": "
        + best["evidence"]
        + " | splink: "
        + splink_text
    )
    best["scored_by"] = "pair_model"
    best["candidates"] = best["person_key"].map(_candidate_lists(top3))
    return best[RESULT_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)


def _candidate_lists(top3: pd.DataFrame) -> pd.Series:
    """Per lead, its top candidates as a list of {account_key, probability, evidence}
    in rank order (built set-based in DuckDB)."""
    import duckdb

    frame = top3[["person_key", "account_key", "pair_probability", "evidence", "rank"]]
    con = duckdb.connect(":memory:")
    con.register("top3", frame)
    lists = con.sql(
        """
        select person_key, list({
            'account_key': account_key,
            'probability': round(pair_probability, 4),
            'evidence': evidence
        } order by rank) as candidates
        from top3 group by person_key
        """
    ).df()
    con.close()
    return lists.set_index("person_key")["candidates"]


def _splink_result(best: pd.DataFrame) -> pd.DataFrame:
    """Splink's choice in the full result layout (no "none" probability; the best
    and runner-up as the candidates)."""
    out = best.copy()
    out["none_probability"] = np.nan
    out["scored_by"] = "splink"
    out["candidates"] = [
        [{"account_key": a, "probability": round(float(p), 4), "evidence": e}]
        + (
            []
            if pd.isna(ra)
            else [
                {"account_key": ra, "probability": round(float(rp), 4), "evidence": ""}
            ]
        )
        for a, p, e, ra, rp in zip(
            out["account_key"],
            out["match_probability"],
            out["explanation"],
            out["runner_up_account_key"],
            out["runner_up_probability"],
            strict=True,
        )
    ]
    return out[RESULT_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)


def empty_result() -> pd.DataFrame:
    """The result layout with no rows, typed (so the table's columns are too)."""
    return pd.DataFrame(
        {
            "person_key": pd.Series(dtype="string"),
            "account_key": pd.Series(dtype="string"),
            "match_probability": pd.Series(dtype="float64"),
            "match_weight": pd.Series(dtype="float64"),
            "runner_up_account_key": pd.Series(dtype="string"),
            "runner_up_probability": pd.Series(dtype="float64"),
            "explanation": pd.Series(dtype="string"),
            "none_probability": pd.Series(dtype="float64"),
            "scored_by": pd.Series(dtype="string"),
            "candidates": pd.Series(dtype="object"),
        }
    )[RESULT_COLUMNS + EXTRA_COLUMNS]


def to_arrow(result: pd.DataFrame):
    """The result as an Arrow table with an explicit schema (an empty result and the
    list of candidate structs keep their types in the warehouse)."""
    import pyarrow as pa

    candidate = pa.struct(
        [
            ("account_key", pa.string()),
            ("probability", pa.float64()),
            ("evidence", pa.string()),
        ]
    )
    schema = pa.schema(
        [
            ("person_key", pa.string()),
            ("account_key", pa.string()),
            ("match_probability", pa.float64()),
            ("match_weight", pa.float64()),
            ("runner_up_account_key", pa.string()),
            ("runner_up_probability", pa.float64()),
            ("explanation", pa.string()),
            ("none_probability", pa.float64()),
            ("scored_by", pa.string()),
            ("candidates", pa.list_(candidate)),
        ]
    )
    frame = result[RESULT_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def explain_pairs(pairs: pd.DataFrame) -> pd.Series:
    """Readable evidence per scored pair: each comparison's level and weight in bits.

    E.g. ``company_name: exact (+9.1); company_domain: ... (+11.8); country: equal
    (+1.2)``; comparisons with a null level are left out. Vectorised over the frame.
    """
    texts = pd.Series("", index=pairs.index, dtype="object")
    for spec in COMPARISONS:
        if f"gamma_{spec.name}" not in pairs.columns:
            continue  # dropped from the model: the export has no such evidence
        gamma = pairs[f"gamma_{spec.name}"].astype(int)
        weight = pairs[f"mw_{spec.name}"].astype(float)
        tf_column = f"mw_tf_adj_{spec.name}"
        if tf_column in pairs.columns:
            weight = weight + pairs[tf_column].astype(float).fillna(0.0)
        labels = gamma.map({g: spec.label_for_gamma(g) for g in gamma.unique()})
        part = spec.name + ": " + labels + " (" + weight.map("{:+.1f}".format) + ")"
        part = part.where(gamma >= 0, "")
        separator = ((texts != "") & (part != "")).map({True: "; ", False: ""})
        texts = texts + separator + part
    return texts


def best_account_per_lead(pairs: pd.DataFrame, lead_ids: set[str]) -> pd.DataFrame:
    """Reduce scored pairs to the most probable account per lead, with its runner-up.

    ``pairs`` is Splink's prediction frame; the lead may sit on either side. Ties in
    probability are broken by account key so the result is deterministic.
    """
    if pairs.empty:
        return empty_result()
    lead_on_left = pairs["record_id_l"].isin(lead_ids)
    frame = pairs.copy()
    frame["person_key"] = frame["record_id_l"].where(lead_on_left, frame["record_id_r"])
    frame["account_key"] = frame["record_id_r"].where(
        lead_on_left, frame["record_id_l"]
    )
    frame = frame.sort_values(
        ["person_key", "match_probability", "account_key"],
        ascending=[True, False, True],
    )
    frame["rank"] = frame.groupby("person_key").cumcount()
    best = frame[frame["rank"] == 0].copy()
    runner_up = frame[frame["rank"] == 1].set_index("person_key")
    best["runner_up_account_key"] = best["person_key"].map(runner_up["account_key"])
    best["runner_up_probability"] = best["person_key"].map(
        runner_up["match_probability"]
    )
    best["explanation"] = explain_pairs(best)
    return best[RESULT_COLUMNS].reset_index(drop=True)
