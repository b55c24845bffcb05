"""Person profiles (leads and contacts) for one chunk, fully vectorised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import reference as ref
from ._forms import lower_upper_noise, phones, slug, website_forms
from ._vec import (
    GroupedChoice,
    choose,
    concat,
    format_timestamps,
    int_strings,
    nullify,
    permute_ids,
    take,
    weighted_choice,
    where,
)
from .companies import CITIES, Companies, sigmoid

US_DAY = 86_400 * 1_000_000

PERSON_SCHEMA = pa.schema(
    [
        ("person_key", pa.string()),
        ("source_account_key", pa.string()),
        ("first_name", pa.string()),
        ("last_name", pa.string()),
        ("work_email", pa.string()),
        ("work_phone", pa.string()),
        ("job_title", pa.string()),
        ("company_name", pa.string()),
        ("company_website", pa.string()),
        ("work_country", pa.string()),
        ("work_city", pa.string()),
        ("created_date", pa.string()),
    ]
)
RELATION_SCHEMA = pa.schema(
    [
        ("person_key", pa.string()),
        ("account_key", pa.string()),
        ("relationship_source", pa.string()),
    ]
)
PERSON_TRUTH_SCHEMA = pa.schema(
    [
        ("person_key", pa.string()),
        ("true_company_id", pa.string()),
        ("true_account_key", pa.string()),
        ("propensity", pa.float64()),
        # how the lead typed its company's name (NAME_TYPINGS; 'not typed': no name)
        ("company_name_typed_as", pa.string()),
        ("converted_lead", pa.bool_()),
    ]
)
# the typed variants of a company's name (companies._name_variants), in their order
NAME_TYPINGS = (
    "as registered",
    "without legal form",
    "legal form spelt differently",
    "lower case",
    "upper case",
    "typo",
    "abbreviation or brand",
    "extra words",
)

ASSOCIATED_SHARE = 0.35
NON_MATCH_SHARE_OF_LEADS = 0.12
NO_COMPANY_SHARE_OF_NON_MATCH = 0.15
PERSON_KEY_PREFIX = "LEAD-"
PERSON_KEY_WIDTH = 9
BAD_DATES = ("n/a", "31/31/2024", "", "unknown", "2024-13-45 25:61:00", "00/00/0000")


def _pools() -> dict[str, object]:
    """Sampling tables built once per process."""
    firsts, lasts = [], []
    for c in ref.COUNTRIES:
        f, fw, la, lw = ref.person_name_pools(c.locale)
        firsts.append(list(zip(f, fw, strict=True)))
        lasts.append(list(zip(la, lw, strict=True)))
    first = GroupedChoice(firsts)
    last = GroupedChoice(lasts)
    titles = ref.job_titles()
    n_func = len(ref.FUNCTIONS)
    groups: list[list[tuple[str, float]]] = [
        [] for _ in range(len(ref.SENIORITIES) * n_func)
    ]
    for si, fi, t in titles:
        groups[si * n_func + fi].append((t, 1.0))
    free_mail: list[list[tuple[str, float]]] = []
    g_total = sum(w for _, w in ref.FREE_MAIL_GLOBAL)
    o_total = sum(w for _, w in ref.FREE_MAIL_OTHER)
    for c in ref.COUNTRIES:
        local = ref.FREE_MAIL_LOCAL.get(c.code, ())
        l_total = sum(w for _, w in local) or 1.0
        free_mail.append(
            [(d, 0.6 * w / g_total) for d, w in ref.FREE_MAIL_GLOBAL]
            + [(d, 0.38 * w / l_total) for d, w in local]
            + [(d, 0.02 * w / o_total) for d, w in ref.FREE_MAIL_OTHER]
        )
    return {
        "first": first,
        "last": last,
        "first_ascii": pa.array([slug(v) for v in first.values.to_pylist()]),
        "last_ascii": pa.array([slug(v) for v in last.values.to_pylist()]),
        "titles": GroupedChoice(groups),
        "written": GroupedChoice([list(c.written) for c in ref.COUNTRIES]),
        "free_mail": GroupedChoice(free_mail),
    }


_POOLS: dict[str, object] | None = None


def pools() -> dict[str, object]:
    """Lazily built sampling tables (names, titles, country forms, free mail)."""
    global _POOLS
    if _POOLS is None:
        _POOLS = _pools()
    return _POOLS


@dataclass
class CompanySampler:
    """Cumulative weights to draw employers, bigger companies more often."""

    table_idx: np.ndarray
    table_cum: np.ndarray
    ext_idx: np.ndarray
    ext_cum: np.ndarray

    @classmethod
    def build(cls, companies: Companies) -> CompanySampler:
        """Weights proportional to employees ** 0.5."""
        w = np.sqrt(companies.employees.astype(np.float64))
        t = np.flatnonzero(companies.in_table)
        e = np.flatnonzero(~companies.in_table)

        def cum(idx: np.ndarray) -> np.ndarray:
            c = np.cumsum(w[idx])
            return c / c[-1] if len(c) else c

        return cls(t, cum(t), e, cum(e))

    def draw(self, rng: np.random.Generator, n: int, external: bool) -> np.ndarray:
        """Company indices for ``n`` persons."""
        idx, cum = (
            (self.ext_idx, self.ext_cum)
            if external
            else (self.table_idx, self.table_cum)
        )
        if len(idx) == 0:
            return np.full(n, -1, dtype=np.int64)
        pos = np.minimum(
            np.searchsorted(cum, rng.random(n), side="right"), len(idx) - 1
        )
        return idx[pos]


@dataclass
class PersonChunk:
    """One chunk of persons: output tables and what the event simulation needs."""

    profiles: pa.Table
    relations: pa.Table
    truth: pa.Table  # without converted_lead (added after the events)
    keys: pa.Array  # person_key of the simulated persons (no breaker rows)
    propensity: np.ndarray
    created_us: np.ndarray
    associated: np.ndarray


def person_keys(index: np.ndarray) -> pa.Array:
    """Person keys for global person indices (unique, not in index order)."""
    num = permute_ids(index, 10 ** (PERSON_KEY_WIDTH - 1), salt=7)
    return concat(PERSON_KEY_PREFIX, int_strings(num, PERSON_KEY_WIDTH - 1))


def _emails(
    rng: np.random.Generator,
    first_a: pa.Array,
    last_a: pa.Array,
    domain: pa.Array,
    free: np.ndarray,
) -> pa.Array:
    """'jane.doe@acme.com', 'jdoe@...', 'j.doe@...', with case/space noise."""
    n = len(first_a)
    fi = pc.utf8_slice_codeunits(first_a, 0, 1)
    li = pc.utf8_slice_codeunits(last_a, 0, 1)
    digits = int_strings(rng.integers(1, 100, n))
    pattern = np.where(
        free,
        weighted_choice(rng, n, [30, 8, 6, 8, 8, 4, 3, 33]),
        weighted_choice(rng, n, [45, 17, 12, 8, 6, 6, 4, 2]),
    )
    local = choose(
        pattern,
        [
            concat(first_a, ".", last_a),
            concat(fi, last_a),
            concat(fi, ".", last_a),
            first_a,
            concat(first_a, "_", last_a),
            concat(first_a, li),
            concat(last_a, ".", first_a),
            concat(first_a, ".", last_a, digits),
        ],
    )
    email = concat(local, "@", domain)
    u = rng.random(n)
    email = where(u < 0.03, pc.utf8_upper(email), email)
    return where((u >= 0.03) & (u < 0.05), concat(" ", email, " "), email)


def person_chunk(
    rng: np.random.Generator,
    companies: Companies,
    sampler: CompanySampler,
    start: int,
    n: int,
    window: tuple[int, int],
    old_contact_share: float = 0.25,
) -> PersonChunk:
    """Generate persons ``start .. start + n - 1`` (global indices); a share
    ``old_contact_share`` of them was created before the window."""
    p = pools()
    co = companies
    s_us, e_us = window
    keys = person_keys(np.arange(start, start + n))

    # who works where
    associated = rng.random(n) < ASSOCIATED_SHARE
    non_match = ~associated & (rng.random(n) < NON_MATCH_SHARE_OF_LEADS)
    no_company = non_match & (rng.random(n) < NO_COMPANY_SHARE_OF_NON_MATCH)
    comp = np.where(non_match, sampler.draw(rng, n, True), sampler.draw(rng, n, False))
    comp = np.where(no_company, -1, comp)
    has_co = comp >= 0
    c0 = np.maximum(comp, 0)
    root = np.where(has_co, co.root[c0], -1)

    # the CRM association: source_account_key and/or a relation row
    dup_key = take(co.duplicate_key, c0, valid=has_co)
    has_dup = pc.is_valid(dup_key).to_numpy(zero_copy_only=False)
    assoc_key = where(
        has_dup & (rng.random(n) < 0.15),
        dup_key,
        take(co.primary_key, c0, valid=has_co),
    )
    form = weighted_choice(rng, n, [35, 35, 30])  # source key, relation, both
    source_key = nullify(assoc_key, ~associated | (form == 1))
    rel_mask = associated & (form >= 1)
    rel_src = pa.array(["salesforce", "marketo", "hubspot"]).take(
        pa.array(weighted_choice(rng, int(rel_mask.sum()), [80, 15, 5]))
    )
    relations = pa.Table.from_arrays(
        [
            keys.filter(pa.array(rel_mask)),
            assoc_key.filter(pa.array(rel_mask)),
            rel_src,
        ],
        schema=RELATION_SCHEMA,
    )

    # names, from the company's country most of the time
    country = np.where(
        has_co,
        co.country[c0],
        weighted_choice(rng, n, [c.weight for c in ref.COUNTRIES]),
    )
    name_country = np.where(
        rng.random(n) < 0.85,
        country,
        weighted_choice(rng, n, [c.weight for c in ref.COUNTRIES]),
    )
    fidx = p["first"].sample(rng, name_country)
    lidx = p["last"].sample(rng, name_country)
    first_name = p["first"].values.take(pa.array(fidx))
    last_name = p["last"].values.take(pa.array(lidx))
    first_a = p["first_ascii"].take(pa.array(fidx))
    last_a = p["last_ascii"].take(pa.array(lidx))

    # work email: company domain, a family member's domain, free mail, or none
    domain = take(pa.array(co.domain, type=pa.string()), c0, valid=has_co)
    alt = take(pa.array(co.alt_domain, type=pa.string()), c0, valid=has_co)
    alt = pc.coalesce(alt, domain)
    freemail = p["free_mail"].take(rng, country)
    kind = weighted_choice(rng, n, [48, 10, 25, 17])
    kind = np.where(~has_co, np.where(rng.random(n) < 0.6, 2, 3), kind)
    mail_domain = choose(kind, [domain, alt, freemail, pa.nulls(n, pa.string())])
    mail_domain = pc.coalesce(mail_domain, where(kind < 2, freemail, mail_domain))
    work_email = _emails(rng, first_a, last_a, mail_domain, kind == 2)

    # company name as typed: a variant of the employer's (or its parent's) name
    name_co = np.where((co.parent[c0] >= 0) & (rng.random(n) < 0.06), root, c0)
    variant = weighted_choice(rng, n, [30, 24, 8, 7, 3, 7, 12, 9])
    company_name = take(co.name_variants, variant * co.n + name_co, valid=has_co)
    company_name = nullify(company_name, rng.random(n) < 0.12)

    web_co = np.where((co.parent[c0] >= 0) & (rng.random(n) < 0.2), root, c0)
    host = take(pa.array(co.host, type=pa.string()), web_co, valid=has_co)
    website = website_forms(rng, host, co.is_platform[web_co])
    website = nullify(website, rng.random(n) >= 0.22)

    # sparse profiles: only an email, only a company name, or only a website
    sparse = has_co & (rng.random(n) < 0.06)
    keep = rng.integers(0, 3, n)
    work_email = nullify(work_email, sparse & (keep != 0))
    company_name = nullify(company_name, sparse & (keep != 1))
    website = where(
        sparse & (keep == 2), pc.coalesce(website, concat("www.", domain)), website
    )
    website = nullify(website, sparse & (keep != 2))

    # job title
    seniority = weighted_choice(rng, n, [s for _, s, _ in ref.SENIORITIES])
    function = weighted_choice(rng, n, [f for _, f, _ in ref.FUNCTIONS])
    title = p["titles"].take(rng, seniority * len(ref.FUNCTIONS) + function)
    title = lower_upper_noise(rng, title, 0.03, 0.01)
    title = nullify(title, rng.random(n) < 0.1)

    # where they work, as typed
    work_country_idx = np.where(
        rng.random(n) < 0.9,
        country,
        weighted_choice(rng, n, [c.weight for c in ref.COUNTRIES]),
    )
    work_country = p["written"].take(rng, work_country_idx)
    work_country = nullify(work_country, rng.random(n) < 0.15)
    city_idx = np.where(
        has_co & (work_country_idx == country) & (rng.random(n) < 0.7),
        co.city[c0],
        CITIES.sample(rng, work_country_idx),
    )
    work_city = lower_upper_noise(
        rng, CITIES.values.take(pa.array(city_idx)), 0.03, 0.01
    )
    work_city = nullify(work_city, rng.random(n) < 0.12)
    work_phone = nullify(phones(rng, work_country_idx), rng.random(n) >= 0.4)

    first_name = nullify(
        lower_upper_noise(rng, first_name, 0.02, 0.01), rng.random(n) < 0.03
    )
    last_name = nullify(
        lower_upper_noise(rng, last_name, 0.02, 0.02), rng.random(n) < 0.02
    )

    # created: mostly within the two years, some older contacts
    span = e_us - s_us
    old = rng.random(n) < old_contact_share
    created_us = np.where(
        old,
        s_us - (rng.random(n) * 3 * 365 * US_DAY).astype(np.int64),
        s_us + (rng.random(n) * span).astype(np.int64),
    )
    created = format_timestamps(created_us)
    bad = rng.random(n) < 0.002
    created = where(
        bad,
        pa.array(BAD_DATES).take(pa.array(rng.integers(0, len(BAD_DATES), n))),
        created,
    )

    # hidden propensity
    sen_eff = np.array([e for _, _, e in ref.SENIORITIES])[seniority]
    fun_eff = np.array([e for _, _, e in ref.FUNCTIONS])[function]
    co_latent = np.where(has_co, co.latent[c0], rng.normal(-0.8, 0.5, n))
    authority = np.array([ref.BUYING_AUTHORITY[f] for f, _, _ in ref.FUNCTIONS])
    # seniority weighs by the function's part in the buying committee (interaction)
    logit = (
        -3.0
        + authority[function] * sen_eff
        + fun_eff
        + 0.9 * co_latent
        + rng.normal(0, 0.8, n)
    )
    propensity = sigmoid(logit)

    profiles = pa.Table.from_arrays(
        [
            keys,
            source_key,
            first_name,
            last_name,
            work_email,
            work_phone,
            title,
            company_name,
            website,
            work_country,
            work_city,
            created,
        ],
        schema=PERSON_SCHEMA,
    )
    in_table = has_co & co.in_table[c0]
    true_company = take(co.company_id, c0, valid=in_table)
    true_account = where(
        associated, assoc_key, take(co.primary_key, c0, valid=in_table)
    )
    typed_as = np.where(
        name_co != c0, "parent's name", np.array(NAME_TYPINGS, dtype=object)[variant]
    )
    typed_as = pc.if_else(pc.is_null(company_name), "not typed", pa.array(typed_as))
    truth = pa.Table.from_arrays(
        [keys, true_company, true_account, pa.array(propensity), typed_as],
        names=[f.name for f in PERSON_TRUTH_SCHEMA][:5],
    )

    # contract breakers: repeated keys and rows without a key
    n_dup = rng.binomial(n, 0.002)
    n_null = rng.binomial(n, 0.002)
    dup_rows = profiles.take(pa.array(rng.integers(0, n, n_dup)))
    dup_rows = dup_rows.set_column(
        4, "work_email", pa.nulls(n_dup, pa.string())
    ).set_column(
        11,
        "created_date",
        format_timestamps(e_us - (rng.random(n_dup) * 30 * US_DAY).astype(np.int64)),
    )
    null_rows = profiles.take(pa.array(rng.integers(0, n, n_null))).set_column(
        0, "person_key", pa.nulls(n_null, pa.string())
    )
    profiles = pa.concat_tables([profiles, dup_rows, null_rows])
    profiles = profiles.take(pa.array(rng.permutation(profiles.num_rows)))

    return PersonChunk(
        profiles, relations, truth, keys, propensity, created_us, associated
    )


__all__ = [
    "PERSON_SCHEMA",
    "NAME_TYPINGS",
    "PERSON_TRUTH_SCHEMA",
    "RELATION_SCHEMA",
    "CompanySampler",
    "PersonChunk",
    "person_chunk",
    "person_keys",
]
