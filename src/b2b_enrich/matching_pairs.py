"""A pair model that learns lead-to-account matching from the export it is given.

Splink's unsupervised EM fits the demo but not exports unlike it. The deterministic
tier's confident matches are labels the data gives for free: each labelled lead's
blocked candidates are pairs whose answer is known (its account right, the others
wrong). A LightGBM classifier learns from them over name, phone, city, country and
domain evidence plus Splink's own comparison levels, so the weights fit each export.

Guards against learning only the easy cases (labelled leads have a domain or an
exact name, undecided leads rarely do):
- the pair never sees an exact-name or domain shortcut alone: for half of the
  labelled leads the domain evidence is masked (as on most undecided leads);
- for half of the labelled leads the right account is removed from the candidates, so
  the model also learns "none of these" (absent companies, look-alikes); their words
  weigh as if that account were not in the table (``pair_features_sql``'s
  ``absent``): with it still counted, a look-alike's shared word was never as rare as
  an absent company's look-alike's is, and the model learnt that a word one account
  alone holds is that account's;
- a labelled lead that still has its right account as the one candidate of its exact
  name is left out: the deterministic tier decides such leads, so none of the leads to
  score looks like it (with them the model under-rates typed variants of a name);
- probabilities are calibrated out of fold (two folds by lead, a logistic fit on the
  log-odds: two parameters, stable on a few hundred labels, and the ranking within the
  model's scores is kept) and measured on held-out labelled pairs whose evidence
  resembles the undecided leads' (no domain, no exact name): ``PairModel.holdout``.
  Pairs calibrated one by one leave a lead's total, the probability that one of its
  candidates is right, too sure between the tails (out of fold on the demo a total
  of 0.75 was right 69 % of the time, 0.55 right 47 %): a second Platt fit on the
  leads' out-of-fold totals rescales each lead's candidates to it
  (``fit_lead_calibration``), their shares of the lead kept;
- the training leads have their account among the candidates in a share set by the
  guard above, the undecided leads in a share of their own (absent companies are
  many in one export, few in another): that share is estimated on the undecided leads
  themselves and the probabilities moved to it (``shift_to_prior``), so that "p = 0.8"
  means 80 % right on this export's leads. The estimate corrects the share of leads
  the model calls matched by its out-of-fold hit and false-alarm rates (black-box
  shift estimation, Lipton et al. 2018), which a model surer of itself on the
  export's leads than on its labels inflates less than EM over the prior (Saerens et
  al. 2002; the fallback where the rates do not separate): on the demo 0.73 against
  0.79 by EM, 0.69 true.

The guards are random draws: where labels are few, three models on three draws
(``PairModelBag``) average their probabilities in log-odds, so that a few hundred
labelled leads give the same answer whatever the seed (one model's F1 moved by up to
0.07 between seeds on ``chicago_ece``, the bag's by 0.04).

Per lead the candidates compete: with calibrated pair probabilities p_i the
probability of candidate i is o_i / (1 + sum_j o_j), o = p / (1 - p), and the rest is
the probability of "none of them".

Rare words weigh more: token weights are inverse document frequencies over the
export's own account names ("group", "services" weigh little).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

# evidence of a (lead, account) pair, computed in SQL by ``pair_features_sql``
NAME_FEATURES = [
    "name_jw",
    "squashed_jw",
    "squashed_edit",
    "token_jaccard",
    "idf_jaccard",
    "idf_cover_lead",
    "idf_cover_account",
    "soft_cover_lead",
    "soft_cover_account",
    "max_shared_idf",
    "acronym",
    "squashed_contains",
    "legal_form_conflict",
]
OTHER_FEATURES = ["country_equal", "city_equal", "city_jw", "phone_equal", "phone_near"]
DOMAIN_FEATURES = ["domain_equal", "domain_label_jw"]
SPLINK_FEATURES = ["splink_weight_wo_domain"]
# the features the words' rarity weighs (``pair_features_sql``'s ``absent``)
RARITY_FEATURES = [
    "idf_jaccard",
    "idf_cover_lead",
    "idf_cover_account",
    "max_shared_idf",
]
# the pair among the lead's candidates (recomputed when a candidate is removed)
CONTEXT_FEATURES = [
    "candidates",
    "idf_jaccard_margin",
    "name_jw_margin",
    "splink_margin",
]
FEATURES = (
    NAME_FEATURES
    + OTHER_FEATURES
    + DOMAIN_FEATURES
    + SPLINK_FEATURES
    + CONTEXT_FEATURES
)
LABELS = {
    "name_jw": "name jaro-winkler",
    "squashed_jw": "name without spaces jaro-winkler",
    "squashed_edit": "name edit similarity",
    "token_jaccard": "shared words",
    "idf_jaccard": "shared words weighted by rarity",
    "idf_cover_lead": "lead's rare words in the account name",
    "idf_cover_account": "account's rare words in the lead name",
    "soft_cover_lead": "lead's words (typos allowed) in the account name",
    "soft_cover_account": "account's words (typos allowed) in the lead name",
    "max_shared_idf": "rarest shared word",
    "acronym": "acronym",
    "squashed_contains": "one name inside the other",
    "legal_form_conflict": "legal forms of different legal systems",
    "country_equal": "country",
    "city_equal": "city",
    "city_jw": "city similarity",
    "phone_equal": "phone",
    "phone_near": "phone exchange",
    "domain_equal": "e-mail / website domain",
    "domain_label_jw": "domain spells the name",
    "splink_weight_wo_domain": "splink weight (without domain)",
    "candidates": "number of candidates",
    "idf_jaccard_margin": "lead over next candidate (rare words)",
    "name_jw_margin": "lead over next candidate (jaro-winkler)",
    "splink_margin": "lead over next candidate (splink)",
}


#: a phone is evidence from this many digits on; two agree on their last 9 digits
#: (``phone_key_sql``), whatever country or trunk prefix either carries
PHONE_MIN_DIGITS = 7


def phone_key_sql(column: str) -> str:
    """SQL of the part of phone ``column`` two phones are compared on."""
    return f"right({column}, 9)"


def pair_features_sql(
    pairs: str, leads: str, accounts: str, idf: str, absent: str | None = None
) -> str:
    """SQL of the pair evidence for ``pairs`` (person_key, account_key, splink columns).

    ``idf`` holds (token, idf) over the account names; a token unseen there gets the
    highest weight (it is as rare as a word can be). With ``absent`` (person_key,
    account_key), each lead's words weigh as if those accounts were not in the table
    (``idf`` then needs ``accounts``, the number of names holding the word): a lead
    whose right account is removed to teach "none" is an absent company, whose
    look-alike's shared word is rarer than with its own account still counted.
    """
    weight = "coalesce(any_value(i.idf), any_value(m.m))"
    absent_ctes, absent_join = "", ""
    if absent is not None:
        absent_ctes = f"""
    absent_words as (
        select ab.person_key,
            unnest(list_distinct(string_split(a.name_core, ' '))) as token
        from (select distinct person_key, account_key from {absent}) as ab
        inner join {accounts} as a on a.record_id = ab.account_key
        where a.name_core is not null
    ),
    absent_counts as (
        select person_key, token, count(*) as n from absent_words group by all
    ),"""
        absent_join = (
            "left join absent_counts as d"
            " on d.person_key = k.person_key and d.token = k.token"
        )
        # idf = ln((n + 1) / (c + 1)) + 1: c names fewer by d add ln((c + 1) / (c - d
        # + 1)); a word no other name holds is as rare as a word can be
        weight = (
            "least(coalesce(any_value(i.idf) + ln((any_value(i.accounts) + 1)"
            " / greatest(any_value(i.accounts) - coalesce(any_value(d.n), 0) + 1, 1)),"
            " any_value(m.m)), any_value(m.m))"
        )
    return f"""
    with p as (
        select pr.person_key, pr.account_key, pr.splink_weight_wo_domain,
            l.name_core as name_l, a.name_core as name_r,
            l.name_squashed as sq_l, a.name_squashed as sq_r,
            l.name_acronym as acr_l, a.name_acronym as acr_r,
            string_split(l.name_form_acronyms::varchar, ' ') as facr_l,
            string_split(a.name_form_acronyms::varchar, ' ') as facr_r,
            coalesce(l.email_domain, l.web_domain) as dom_l,
            l.email_domain as email_l, l.web_domain as web_l, a.web_domain as web_r,
            l.domain_label as label_l,
            l.country_code as country_l, a.country_code as country_r,
            l.city as city_l, a.city as city_r, l.phone as phone_l, a.phone as phone_r,
            string_split(l.legal_systems::varchar, ' ') as systems_l,
            string_split(a.legal_systems::varchar, ' ') as systems_r,
            list_distinct(
                list_filter(string_split(l.name_core, ' '), lambda t: t <> ''))
                as tok_l,
            list_distinct(
                list_filter(string_split(a.name_core, ' '), lambda t: t <> ''))
                as tok_r
        from {pairs} as pr
        inner join {leads} as l on l.record_id = pr.person_key
        inner join {accounts} as a on a.record_id = pr.account_key
    ),
    max_idf as (select coalesce(max(idf), 1.0) as m from {idf}),{absent_ctes}
    toks as (
        select person_key, account_key, unnest(tok_l) as token, 'l' as side from p
        union all
        select person_key, account_key, unnest(tok_r) as token, 'r' as side from p
    ),
    weighted as (
        select k.person_key, k.account_key, k.token,
            bool_or(k.side = 'l') as in_l, bool_or(k.side = 'r') as in_r,
            {weight} as w
        from toks as k
        cross join max_idf as m
        left join {idf} as i on i.token = k.token
        {absent_join}
        group by all
    ),
    overlap as (
        select person_key, account_key,
            sum(w) filter (where in_l and in_r) as shared_w,
            sum(w) as union_w,
            sum(w) filter (where in_l) as lead_w,
            sum(w) filter (where in_r) as account_w,
            max(w) filter (where in_l and in_r) as max_shared_w,
            count(*) filter (where in_l and in_r) as shared_n,
            count(*) as union_n
        from weighted
        group by all
    )
    select
        p.person_key, p.account_key,
        jaro_winkler_similarity(p.name_l, p.name_r) as name_jw,
        jaro_winkler_similarity(p.sq_l, p.sq_r) as squashed_jw,
        1 - damerau_levenshtein(p.sq_l, p.sq_r)
            / greatest(length(p.sq_l), length(p.sq_r), 1) as squashed_edit,
        coalesce(o.shared_n, 0) / nullif(o.union_n, 0) as token_jaccard,
        coalesce(o.shared_w, 0) / nullif(o.union_w, 0) as idf_jaccard,
        coalesce(o.shared_w, 0) / nullif(o.lead_w, 0) as idf_cover_lead,
        coalesce(o.shared_w, 0) / nullif(o.account_w, 0) as idf_cover_account,
        list_avg(list_transform(p.tok_l, lambda x: (list_max(list_transform(p.tok_r,
            lambda y: jaro_winkler_similarity(x, y))) >= 0.9)::int)) as soft_cover_lead,
        list_avg(list_transform(p.tok_r, lambda x: (list_max(list_transform(p.tok_l,
            lambda y: jaro_winkler_similarity(x, y))) >= 0.9)::int))
            as soft_cover_account,
        coalesce(o.max_shared_w, 0) as max_shared_idf,
        case when p.name_l is null or p.name_r is null then null
            else (((p.acr_l = p.name_r or p.acr_r = p.name_l
                or p.acr_l = p.sq_r or p.acr_r = p.sq_l)
                and length(coalesce(p.acr_l, p.acr_r)) >= 2)
                or coalesce(list_contains(p.facr_r, p.name_l), false)
                or coalesce(list_contains(p.facr_l, p.name_r), false)
                )::int end as acronym,
        case when p.sq_l is null or p.sq_r is null then null
            else (length(p.sq_l) >= 4 and length(p.sq_r) >= 4
                and (contains(p.sq_l, p.sq_r) or contains(p.sq_r, p.sq_l)))::int
            end as squashed_contains,
        -- forms of no common legal system: two legal entities ('... SAS' and
        -- '... Sp. z o.o.', a group's French and Polish companies)
        (not list_has_any(p.systems_l, p.systems_r))::int as legal_form_conflict,
        (p.country_l = p.country_r)::int as country_equal,
        (p.city_l = p.city_r)::int as city_equal,
        jaro_winkler_similarity(p.city_l, p.city_r) as city_jw,
        case when length(p.phone_l) >= {PHONE_MIN_DIGITS}
                and length(p.phone_r) >= {PHONE_MIN_DIGITS}
            then ({phone_key_sql("p.phone_l")} = {phone_key_sql("p.phone_r")})::int
            end as phone_equal,
        case when length(p.phone_l) >= {PHONE_MIN_DIGITS}
                and length(p.phone_r) >= {PHONE_MIN_DIGITS}
            then (left(right(p.phone_l, 10), 6) = left(right(p.phone_r, 10), 6))::int
            end as phone_near,
        -- "in (email, web)" would be null, not false, when the lead has one of the
        -- two: a lead's own domain that is not the account's is evidence too
        case when p.dom_l is null or p.web_r is null then null
            else (coalesce(p.web_r = p.email_l, false)
                or coalesce(p.web_r = p.web_l, false))::int end as domain_equal,
        jaro_winkler_similarity(p.label_l, p.sq_r) as domain_label_jw,
        p.splink_weight_wo_domain
    from p
    left join overlap as o
        on o.person_key = p.person_key and o.account_key = p.account_key
    """


# How the labelled leads' names are retyped for training (share of labelled leads out
# of 22 hash buckets): the deterministic tier labels leads whose name is exact or whose
# domain decided, the undecided leads typed their company some other way. Each
# labelled lead is retyped in one way, decided by a hash of its key (reruns agree).
RETYPINGS = (
    (6, "as typed"),
    (2, "two letters swapped"),
    (2, "a letter dropped"),
    (2, "last word dropped"),
    (2, "first word dropped"),
    (2, "acronym"),
    (2, "words run together"),
    (2, "a word of another lead's name added (site, division, branch)"),
    (2, "the rarest word alone (the brand or site), names of three words or more"),
)


def retyped_leads_sql(leads: str, idf: str | None = None) -> str:
    """SQL of ``leads`` with each name retyped as a person might have typed it
    (``RETYPINGS``), the derived name keys recomputed. Set-based, deterministic.
    With ``idf`` (token, idf: the export's word rarities) a name of three words or more
    may also be typed as its rarest word alone, the brand or site a person writes
    ("cameron" for "chicago public schools cameron daniel r"). (Words reordered, the
    first moved to the end, lowered F1 on all three development sets: not a
    retyping.)"""
    rarest = (
        "null"
        if idf is None
        else f"""(
                select i.token from (select unnest(string_split(name_core, ' '))
                    as token) as w
                join {idf} as i on i.token = w.token
                where length(i.token) >= 4
                order by i.idf desc, i.token limit 1
            )"""
    )
    return f"""
    with base as (
        select *,
            name_core as typed_name_core,
            string_split(name_core, ' ') as words,
            {rarest} as rarest_word,
            (hash(record_id || '|retype') % 22)::bigint as bucket,
            (hash(record_id || '|position') % 1000003)::bigint as position_seed,
            -- another lead's last word: suffixes as common as the export's own words
            lead(list_extract(string_split(name_core, ' '), -1), 7) over (
                order by hash(record_id || '|suffix'), record_id
            ) as other_word
        from {leads}
    ),
    retyped as (
        select * exclude (name_core, name_squashed, name_acronym, words, bucket,
                position_seed, other_word, rarest_word),
            case
                when name_core is null or length(name_core) < 5 then name_core
                when bucket < 6 then name_core
                when bucket < 8 and other_word is not null
                    then name_core || ' ' || other_word
                when bucket < 10
                then left(name_core, 1 + position_seed % (length(name_core) - 2))
                    || substr(name_core, 3 + position_seed % (length(name_core) - 2), 1)
                    || substr(name_core, 2 + position_seed % (length(name_core) - 2), 1)
                    || substr(name_core, 4 + position_seed % (length(name_core) - 2))
                when bucket < 12
                then left(name_core, 1 + position_seed % (length(name_core) - 1))
                    || substr(name_core, 3 + position_seed % (length(name_core) - 1))
                when bucket < 14 and len(words) >= 2
                    then array_to_string(list_slice(words, 1, len(words) - 1), ' ')
                when bucket < 16 and len(words) >= 2
                    then array_to_string(list_slice(words, 2, len(words)), ' ')
                -- half of them with the legal form's initials, where the name has one
                when bucket < 18 and len(words) >= 2
                    then coalesce(
                        case when bucket = 17 then list_extract(
                            string_split(name_form_acronyms::varchar, ' '), -1) end,
                        array_to_string(
                            list_transform(words, lambda w: left(w, 1)), ''))
                when bucket < 20 and len(words) >= 2 then replace(name_core, ' ', '')
                when bucket < 22 and len(words) >= 3 and rarest_word is not null
                    then rarest_word
                else name_core
            end as name_core
        from base
    )
    select * exclude (name_first_token, name_prefix, name_bookends,
            name_form_acronyms, typed_name_core),
        {_name_keys_sql("name_core")},
        -- the form's acronyms are the name's as typed, not a retyped name's
        case when name_core = typed_name_core then name_form_acronyms end
            as name_form_acronyms
    from retyped
    """


_STOPWORDS = "('and', 'of', 'the', 'de', 'du', 'der', 'la', 'le', 'y', 'et', 'und')"


def _name_keys_sql(name: str) -> str:
    """The derived name keys of the matching layout (as the ``matching_keys`` macro)."""
    first = f"split_part({name}, ' ', 1)"
    words = f"list_filter(string_split({name}, ' '), lambda t: t not in {_STOPWORDS})"
    return f"""
        nullif({first}, '') as name_first_token,
        left({name}, 4) as name_prefix,
        case when length({first}) >= 5 then left({first}, 2) || right({first}, 2)
            end as name_bookends,
        case
            when len({words}) >= 2
            then array_to_string(list_transform({words}, lambda t: left(t, 1)), '')
            when length({name}) between 2 and 5 and not contains({name}, ' ')
            then {name}
        end as name_acronym,
        replace({name}, ' ', '') as name_squashed"""


def add_context(frame: pd.DataFrame) -> pd.DataFrame:
    """Per-lead context: the number of candidates and each pair's margin over the best
    other candidate (the runner-up for the best pair). Vectorised by groups."""
    out = frame.copy()
    groups = out.groupby("person_key", sort=False)
    out["candidates"] = groups["account_key"].transform("size").astype(float)
    for column, target in (
        ("idf_jaccard", "idf_jaccard_margin"),
        ("name_jw", "name_jw_margin"),
        ("splink_weight_wo_domain", "splink_margin"),
    ):
        values = out[column].astype(float).fillna(-1.0)
        first = values.groupby(out["person_key"], sort=False).transform("max")
        # second best: the max after removing one occurrence of the max
        ranks = values.groupby(out["person_key"], sort=False).rank(
            method="first", ascending=False
        )
        second = (
            values.where(ranks == 2)
            .groupby(out["person_key"], sort=False)
            .transform("max")
        )
        best_other = np.where(ranks == 1, second, first)
        out[target] = values - pd.Series(best_other, index=out.index).fillna(-1.0)
    return out


def feature_matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """The model's inputs, rounded: DuckDB's parallel sums differ in the last bits from
    run to run, and a split on such a bit would make reruns disagree."""
    return frame[FEATURES].astype(float).round(6)


def lead_probabilities(pair_probability: pd.Series, person_key: pd.Series) -> pd.Series:
    """Each candidate's probability among its lead's candidates and "none":
    o_i / (1 + sum_j o_j) with o = p / (1 - p)."""
    p = pair_probability.clip(1e-6, 1 - 1e-6)
    odds = p / (1 - p)
    total = odds.groupby(person_key, sort=False).transform("sum")
    return odds / (1 + total)


class LogitCalibration:
    """Platt scaling: a logistic regression on the log-odds of a probability."""

    def __init__(self) -> None:
        from sklearn.linear_model import LogisticRegression

        self.model = LogisticRegression(C=1e6)

    @staticmethod
    def _log_odds(p: np.ndarray) -> np.ndarray:
        p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p)).reshape(-1, 1)

    def fit(self, p: np.ndarray, y: np.ndarray) -> LogitCalibration:
        self.model.fit(self._log_odds(p), y)
        return self

    def predict(self, p: np.ndarray) -> np.ndarray:
        return self.model.predict_proba(self._log_odds(p))[:, 1]


def lead_totals(pair_probability: np.ndarray, person_key: pd.Series) -> pd.Series:
    """Per pair its lead's total: the probability that a candidate is right."""
    p = pd.Series(np.asarray(pair_probability, dtype=float), index=person_key.index)
    return p.groupby(person_key, sort=False).transform("sum").clip(upper=1 - 1e-6)


def fit_lead_calibration(
    pair_probability: np.ndarray, person_key: pd.Series, label: pd.Series
) -> LogitCalibration:
    """Platt scaling of the leads' totals (``lead_totals``) against whether the lead's
    account is among its candidates."""
    per_lead = pd.DataFrame(
        {
            "total": lead_totals(pair_probability, person_key).to_numpy(),
            "right": label.to_numpy(),
            "lead": person_key.to_numpy(),
        }
    ).groupby("lead", sort=False)
    return LogitCalibration().fit(
        per_lead["total"].first().to_numpy(), per_lead["right"].max().to_numpy()
    )


def calibrate_lead_totals(
    pair_probability: np.ndarray, person_key: pd.Series, calibration: LogitCalibration
) -> np.ndarray:
    """The pair probabilities scaled so that each lead's total is ``calibration``'s."""
    p = np.asarray(pair_probability, dtype=float)
    total = lead_totals(p, person_key).to_numpy()
    wanted = calibration.predict(total)
    return np.where(total > 0, p * wanted / np.maximum(total, 1e-12), 0.0)


MIN_RATE_SEPARATION = 0.3
#: a lead whose candidates add up to this much the model calls matched (the rates)
CALLED_AT = 0.5


def shift_to_prior(
    scored: pd.DataFrame,
    train_prior: float,
    *,
    iterations: int = 100,
    rates: tuple[float, float] | None = None,
) -> tuple[pd.DataFrame, float]:
    """Move the pair probabilities from the training leads' share of leads with their
    account among the candidates (``train_prior``) to the scored leads' own share.

    With ``rates`` (the model's out-of-fold share of training leads whose candidates
    add up to 0.5 or more, among those whose account is a candidate and among those
    whose is not; ``PairModel.rates``) the share is the scored leads' share at 0.5 or
    more corrected by them, (q - false) / (hits - false). Without, or when the two
    rates lie less than 0.3 apart, by EM: the mean over leads of the probability that
    one of the candidates is right, under the odds of that share. Returns the moved
    frame and the estimated share (bounded to [0.02, 0.98])."""
    if scored.empty:
        return scored, train_prior
    prior = min(max(train_prior, 0.02), 0.98)
    train_odds = prior / (1 - prior)
    p = scored["pair_probability"].clip(0, 1)
    any_right = p.groupby(scored["person_key"], sort=False).transform("sum")
    any_right = any_right.clip(upper=1 - 1e-6)
    per_lead = any_right.groupby(scored["person_key"], sort=False).first()
    if rates is not None and rates[0] - rates[1] >= MIN_RATE_SEPARATION:
        hits, false_alarms = rates
        called = float((per_lead >= CALLED_AT).mean())
        prior = (called - false_alarms) / (hits - false_alarms)
        prior = min(max(prior, 0.02), 0.98)
    else:
        for _ in range(iterations):
            ratio = prior / (1 - prior) / train_odds
            estimate = (ratio * per_lead / (ratio * per_lead + 1 - per_lead)).mean()
            estimate = min(max(float(estimate), 0.02), 0.98)
            converged = abs(estimate - prior) < 1e-6
            prior = estimate
            if converged:
                break
    ratio = prior / (1 - prior) / train_odds
    out = scored.copy()
    out["pair_probability"] = (ratio * p / (ratio * any_right + 1 - any_right)).round(6)
    return out, prior


@dataclass
class PairModel:
    booster: object
    calibration: object  # LogitCalibration on out-of-fold lead probabilities
    labelled_leads: int
    labelled_pairs: int
    # share of the training leads whose right account is among their candidates
    train_prior: float = 0.5
    holdout: dict = field(default_factory=dict)
    # out of fold: the share of training leads whose candidates add up to >= 0.5,
    # among those with their account a candidate and among those without
    rates: tuple[float, float] | None = None
    # LogitCalibration of a lead's total (the probability that one candidate is right)
    lead_calibration: object | None = None

    def predict(self, features: pd.DataFrame) -> pd.DataFrame:
        """Calibrated probability per pair among its lead's candidates."""
        x = feature_matrix(features)
        raw = pd.Series(
            self.booster.predict(x, num_threads=_PREDICT_THREADS), index=features.index
        )
        among = lead_probabilities(raw, features["person_key"])
        out = features[["person_key", "account_key"]].copy()
        calibrated = self.calibration.predict(among.to_numpy())
        if self.lead_calibration is not None:
            calibrated = calibrate_lead_totals(
                calibrated, features["person_key"], self.lead_calibration
            )
        out["pair_probability"] = calibrated
        return out

    def contributions(self, features: pd.DataFrame) -> np.ndarray:
        """Per-feature contributions (log-odds) of each pair, for the explanation."""
        x = feature_matrix(features).to_numpy(dtype=np.float64)
        return tree_contributions(self.booster, x, threads=_PREDICT_THREADS)


def _tree_splits(booster) -> list[dict[int, np.ndarray]] | None:
    """Per tree, the sorted thresholds of each feature it splits on; None when a split
    is not a numerical "<=" (categorical), which the grouping does not cover."""
    trees = []
    for info in booster.dump_model()["tree_info"]:
        splits: dict[int, set[float]] = {}
        stack = [info["tree_structure"]]
        while stack:
            node = stack.pop()
            if "split_feature" not in node:
                continue
            if node["decision_type"] != "<=":
                return None
            splits.setdefault(node["split_feature"], set()).add(
                float(node["threshold"])
            )
            stack += [node["left_child"], node["right_child"]]
        trees.append({f: np.array(sorted(t)) for f, t in splits.items()})
    return trees


def _interval_codes(values: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Each value's interval among sorted thresholds (a split sends ``x <= t`` left,
    so values with as many thresholds below them take the same branches), 2 and up;
    0 for NaN and 1 for zero (either may be LightGBM's "missing")."""
    code = np.searchsorted(thresholds, values, side="left") + 2
    code[values == 0] = 1
    code[np.isnan(values)] = 0
    return code


def tree_contributions(booster, x: np.ndarray, threads: int = 1) -> np.ndarray:
    """LightGBM's per-feature SHAP contributions (``pred_contrib`` without the
    expected value), computed tree by tree on one row per group of rows that take
    the same branches at every split of the tree.

    TreeSHAP of a row in a tree depends only on the branch the row takes at each of
    the tree's splits: within a tree the rows fall into a few thousand such groups
    (1.8k per tree for 137k pairs at 1M persons), so each tree is explained on one
    row per group and the result spread to the group, about 8x less CPU than
    ``pred_contrib`` on every row. The sums per feature run tree by tree rather than
    leaf by leaf: equal to ``pred_contrib`` to 1e-13."""
    trees = _tree_splits(booster)
    if trees is None:
        contrib = booster.predict(x, pred_contrib=True, num_threads=threads)
        return contrib[:, :-1]
    # each value's interval among the model's thresholds of its feature, once; each
    # tree's own intervals are looked up from it
    model_thresholds: dict[int, np.ndarray] = {}
    for splits in trees:
        for f, t in splits.items():
            model_thresholds[f] = np.union1d(model_thresholds.get(f, t), t)
    model_codes = {f: _interval_codes(x[:, f], t) for f, t in model_thresholds.items()}
    out = np.zeros((len(x), x.shape[1]))
    for index, splits in enumerate(trees):
        if not splits or len(x) == 0:
            continue  # a single leaf: no feature contributes
        group = np.zeros(len(x), dtype=np.int64)
        size = 1
        for f in sorted(splits):
            t = splits[f]
            lookup = np.concatenate(
                (
                    [0, 1],
                    np.searchsorted(t, model_thresholds[f], side="left") + 2,
                    [len(t) + 2],
                )
            )
            group = group * (len(t) + 3) + lookup[model_codes[f]]
            size *= len(t) + 3
        if size >= 2**62:  # too many intervals to number: every row its own group
            group = np.arange(len(x))
        _, first, inverse = np.unique(group, return_index=True, return_inverse=True)
        part = booster.predict(
            x[first],
            pred_contrib=True,
            start_iteration=index,
            num_iteration=1,
            num_threads=threads,
        )
        columns = sorted(splits)
        out[:, columns] += part[inverse.reshape(-1)][:, columns]
    return out


@dataclass
class PairModelBag:
    """Pair models trained on independent draws of the guards (which leads have their
    domain masked, which lose their right account, the calibration folds), their
    probabilities averaged in log-odds. One draw over a few hundred labelled leads
    moves F1 by a few points from seed to seed; the bag keeps what draws agree on."""

    members: list[PairModel]

    @property
    def labelled_leads(self) -> int:
        return self.members[0].labelled_leads

    @property
    def train_prior(self) -> float:
        return float(np.mean([member.train_prior for member in self.members]))

    @property
    def rates(self) -> tuple[float, float] | None:
        """The members' mean hit and false-alarm rates (``PairModel.rates``)."""
        if any(member.rates is None for member in self.members):
            return None
        return tuple(
            float(np.mean([member.rates[k] for member in self.members])) for k in (0, 1)
        )

    def predict(self, features: pd.DataFrame) -> pd.DataFrame:
        """Calibrated probability per pair: the members' mean log-odds."""
        predictions = [member.predict(features) for member in self.members]
        log_odds = np.mean(
            [
                LogitCalibration._log_odds(prediction["pair_probability"])
                for prediction in predictions
            ],
            axis=0,
        ).ravel()
        out = predictions[0]
        out["pair_probability"] = 1 / (1 + np.exp(-log_odds))
        return out

    def contributions(self, features: pd.DataFrame) -> np.ndarray:
        """The members' mean per-feature contributions (log-odds)."""
        return np.mean(
            [member.contributions(features) for member in self.members], axis=0
        )


# training runs on one thread (reruns train the same trees); a prediction is per row,
# the same on any number of threads, and the contributions behind the explanations
# are most of the tier's time at scale
_PREDICT_THREADS = os.cpu_count() or 1


def _lgb_params(seed: int) -> dict:
    return {
        "objective": "binary",
        "learning_rate": 0.1,
        "num_leaves": 15,
        "min_data_in_leaf": 20,
        "feature_fraction": 0.9,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "seed": seed,
        "deterministic": True,
        "force_row_wise": True,
        "num_threads": 1,
        "verbose": -1,
    }


def training_frame(
    features: pd.DataFrame,
    labels: pd.DataFrame,
    seed: int,
    absent_features: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Labelled pairs with the guards: domain evidence masked on half the leads, the
    right account removed on another random half (the answer becomes "none"), and
    the leads the deterministic tier would have matched by name left out.

    ``labels`` (person_key, account_key) may give a lead more than one right account:
    the duplicate records of its company, which are no counter-examples.
    ``absent_features`` (person_key, account_key, ``RARITY_FEATURES``) weigh the
    words as if the lead's right accounts were not in the table; a lead whose right
    account is removed takes them, so that its look-alikes share words as rare as an
    absent company's look-alikes do."""
    right = labels[["person_key", "account_key"]].drop_duplicates().assign(label=1)
    # merges, not isin: pandas' isin on strings loops over the keys in Python (at 1M
    # persons 480k labels)
    frame = features.merge(
        right[["person_key"]].drop_duplicates(), on="person_key"
    ).merge(right, on=["person_key", "account_key"], how="left")
    # DuckDB returns rows in no fixed order: sort so that reruns train the same model
    frame = frame.sort_values(["person_key", "account_key"], kind="mergesort")
    frame = frame.reset_index(drop=True)
    frame["label"] = frame["label"].fillna(0).astype(int)
    rng = np.random.default_rng(seed)
    leads = frame["person_key"].drop_duplicates().sort_values().to_numpy()
    mask_domain = set(leads[rng.random(len(leads)) < 0.5])
    remove_right = set(leads[rng.random(len(leads)) < 0.5])
    masked = frame["person_key"].isin(mask_domain)
    for column in DOMAIN_FEATURES:
        frame.loc[masked, column] = np.nan
    frame = frame[~(frame["person_key"].isin(remove_right) & (frame["label"] == 1))]
    if absent_features is not None:
        removed = frame["person_key"].isin(remove_right)
        absent = frame.loc[removed, ["person_key", "account_key"]].merge(
            absent_features[["person_key", "account_key", *RARITY_FEATURES]],
            on=["person_key", "account_key"],
            how="left",
        )
        for column in RARITY_FEATURES:
            frame.loc[removed, column] = absent[column].to_numpy()
    frame = frame[~frame["person_key"].isin(_decided_by_name(frame))]
    return add_context(frame.drop(columns=CONTEXT_FEATURES, errors="ignore"))


def _decided_by_name(frame: pd.DataFrame) -> set:
    """Training leads the deterministic tier would have matched by name: the right
    account still a candidate with the lead's name exactly (countries not in
    conflict, legal forms of a common system unless the countries agree) and no
    other candidate so named. The leads to score are those the tier
    left open, whose right accounts never have such a name; these leads' positives
    would teach the model that exact names are what a right candidate looks like,
    and with it under-rate the undecided leads' typed variants. (Their look-alikes,
    once the right account is removed, stay: absent companies look like that.)"""
    # (legal forms of no common system link only where both sides give one country)
    exact = (
        (frame["name_jw"] == 1)
        & (frame["country_equal"].fillna(1) != 0)
        & ~((frame["legal_form_conflict"] == 1) & frame["country_equal"].isna())
    )
    # no other company so named (the company's duplicate records are right too)
    exact_wrong = (
        (exact & (frame["label"] == 0))
        .groupby(frame["person_key"], sort=False)
        .transform("sum")
    )
    decided = exact & (frame["label"] == 1) & (exact_wrong == 0)
    return set(frame.loc[decided, "person_key"])


def train_pair_model(
    features: pd.DataFrame,
    labels: pd.DataFrame,
    *,
    seed: int = 42,
    rounds: int = 100,
    min_labelled_leads: int = 30,
    absent_features: pd.DataFrame | None = None,
) -> PairModel | None:
    """Train the pair model on the labelled leads' candidate pairs, or None (with the
    reason logged) when the labels are too few to learn from."""
    import lightgbm as lgb

    frame = training_frame(features, labels, seed, absent_features)
    lead_count = frame["person_key"].nunique()
    positives = int(frame["label"].sum())
    if lead_count < min_labelled_leads or positives < 10 or positives == len(frame):
        log.info(
            "pair model not trained: %s labelled leads, %s right pairs of %s",
            lead_count,
            positives,
            len(frame),
        )
        return None
    leads = np.sort(frame["person_key"].unique())
    fold_of = pd.Series(
        np.random.default_rng(seed + 1).integers(0, 2, len(leads)), index=leads
    )
    fold = frame["person_key"].map(fold_of).to_numpy()
    oof = np.zeros(len(frame))
    params = _lgb_params(seed)
    for k in (0, 1):
        train, test = fold != k, fold == k
        if frame["label"][train].nunique() < 2 or not test.any():
            continue
        booster = lgb.train(
            params,
            lgb.Dataset(feature_matrix(frame.loc[train]), frame["label"][train]),
            num_boost_round=rounds,
        )
        raw = pd.Series(
            booster.predict(feature_matrix(frame.loc[test])),
            index=frame.index[test],
        )
        oof[test] = lead_probabilities(raw, frame.loc[test, "person_key"]).to_numpy()
    calibration = LogitCalibration().fit(oof, frame["label"].to_numpy())
    booster = lgb.train(
        params,
        lgb.Dataset(feature_matrix(frame), frame["label"]),
        num_boost_round=rounds,
    )
    train_prior = float(frame.groupby("person_key")["label"].max().mean())
    # the pairs' calibration leaves a lead's total (that one candidate is right)
    # too sure of itself between the tails, where the leads to decide lie: a second
    # fit, per lead on the out-of-fold totals, rescales each lead's candidates
    pair_calibrated = calibration.predict(oof)
    lead_calibration = fit_lead_calibration(
        pair_calibrated, frame["person_key"], frame["label"]
    )
    calibrated_oof = calibrate_lead_totals(
        pair_calibrated, frame["person_key"], lead_calibration
    )
    model = PairModel(
        booster,
        calibration,
        lead_count,
        len(frame),
        train_prior,
        lead_calibration=lead_calibration,
    )
    model.holdout = _holdout_figures(frame, calibrated_oof)
    model.rates = _called_rates(frame, calibrated_oof)
    log.info("pair model: %s (train prior %.3f)", model.holdout, train_prior)
    return model


BAG_BELOW_LABELLED_LEADS = 5_000


def isin_strings(values: pd.Series, keys: pd.Series) -> pd.Series:
    """``values.isin(keys)`` for string keys without pandas' per-key Python loop (6 s
    for the 630k training leads against 480k labels at 1M persons, 0.2 s here)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = pc.is_in(
        pa.array(values, type=pa.string()), value_set=pa.array(keys, type=pa.string())
    )
    return pd.Series(mask.to_numpy(zero_copy_only=False), index=values.index)


def train_pair_model_bag(
    features: pd.DataFrame,
    labels: pd.DataFrame,
    *,
    seed: int = 42,
    size: int = 3,
    **kwargs,
) -> PairModelBag | None:
    """``size`` pair models on draws of the guards seeded ``seed``, ``seed + 1000``,
    ..., or None (the reason logged) when the labels are too few to learn from. From
    ``BAG_BELOW_LABELLED_LEADS`` labelled leads with candidates on (the leads the
    models learn from, not every label given: at 1M persons 480k labels, 10k of them
    sampled), one model: with that many the draws agree anyway (demo F1 0.915-0.917
    over five seeds with one model), and each more model costs as much as the
    first's training and explanations."""
    learned_from = features.loc[
        isin_strings(features["person_key"], labels["person_key"]), "person_key"
    ].nunique()
    if learned_from >= BAG_BELOW_LABELLED_LEADS:
        size = 1
    members = []
    for k in range(size):
        member = train_pair_model(features, labels, seed=seed + 1000 * k, **kwargs)
        if member is None:
            return None
        members.append(member)
    return PairModelBag(members)


def _called_rates(frame: pd.DataFrame, calibrated: np.ndarray) -> tuple[float, float]:
    """Share of labelled leads whose candidates' calibrated out-of-fold probabilities
    add up to ``CALLED_AT`` or more: among the leads with their account a candidate
    (hits) and among those without (false alarms); 0.0 for a kind with no lead."""
    any_right = (
        pd.Series(calibrated, index=frame.index).groupby(frame["person_key"]).sum()
    )
    called = any_right >= CALLED_AT
    has_right = frame.groupby("person_key")["label"].max()
    hits = called[has_right == 1]
    false_alarms = called[has_right == 0]
    return (
        float(hits.mean()) if len(hits) else 0.0,
        float(false_alarms.mean()) if len(false_alarms) else 0.0,
    )


def _holdout_figures(frame: pd.DataFrame, calibrated: np.ndarray) -> dict:
    """Out-of-fold precision of the best candidate per lead at 0.9, on all labelled
    leads and on those that look like the undecided ones (no domain evidence, no
    exact name)."""
    scored = frame[["person_key", "label", "domain_equal", "name_jw"]].copy()
    scored["p"] = calibrated
    best = scored.sort_values(["person_key", "p"], ascending=[True, False])
    best = best.drop_duplicates("person_key")
    hard = best[best["domain_equal"].isna() & (best["name_jw"] < 1)]

    def figures(part: pd.DataFrame) -> dict:
        kept = part[part["p"] >= 0.9]
        return {
            "leads": len(part),
            "kept_at_0.9": len(kept),
            "precision_at_0.9": round(float(kept["label"].mean()), 4)
            if len(kept)
            else None,
        }

    return {"all": figures(best), "like_undecided": figures(hard)}


def explain(
    contributions: np.ndarray, features: pd.DataFrame, top: int = 4
) -> pd.Series:
    """The evidence that weighed most per pair (vectorised over the rows), e.g.
    ``shared words weighted by rarity 0.83 (+2.1); city 1 (+0.7)``: the feature, its
    value and its contribution in log-odds."""
    if len(features) == 0:
        return pd.Series([], index=features.index, dtype="object")
    # the model's rounded inputs, and no "-0": a margin of two equal sums is +-1e-17
    # from one run to the next (DuckDB's parallel sums), which must not show
    values = feature_matrix(features).to_numpy() + 0.0
    order = np.argsort(-np.abs(contributions), axis=1, kind="stable")[:, :top]
    rows = np.arange(len(features))
    labels = np.array([LABELS[name] for name in FEATURES], dtype=object)
    text = pd.Series("", index=features.index, dtype="object")
    for k in range(min(top, len(FEATURES))):
        column = order[:, k]
        value = pd.Series(values[rows, column], index=features.index)
        shown = (value.round(2) + 0.0).map("{:g}".format).where(value.notna(), "n/a")
        weight = pd.Series(contributions[rows, column], index=features.index)
        part = labels[column] + " " + shown + " (" + weight.map("{:+.1f}".format) + ")"
        text = part if k == 0 else text + "; " + part
    return text
