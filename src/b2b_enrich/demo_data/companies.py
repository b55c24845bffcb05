"""Real-world companies, their corporate families and the account table built on them.

The world holds two kinds of companies: those that have (one or more) rows in the
account table and those that do not (the employers of leads that must stay
unmatched). Work that runs once per company is plain Python over ~100k items;
everything per person or event lives in :mod:`.persons` / :mod:`.events`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import reference as ref
from ._forms import hyphen_slug, phones, short_name, slug, typo, website_forms
from ._vec import (
    GroupedChoice,
    concat,
    format_timestamps,
    int_strings,
    lower_where,
    nullify,
    permute_ids,
    take,
    upper_where,
    weighted_choice,
    where,
)

_COUNTRY_WEIGHTS = [c.weight for c in ref.COUNTRIES]
_INDUSTRY_WEIGHTS = [i.weight for i in ref.INDUSTRIES]
_US_DAY = 86_400 * 1_000_000

CITIES = GroupedChoice(
    [
        [(city, 1.0 / (rank + 1) ** 0.7) for rank, city in enumerate(c.cities)]
        for c in ref.COUNTRIES
    ]
)
LEGAL_FORMS = GroupedChoice(
    [[(lf.canonical, lf.weight) for lf in c.legal_forms] for c in ref.COUNTRIES]
)
_LEGAL_VARIANTS: list[tuple[str, ...]] = [
    lf.variants for c in ref.COUNTRIES for lf in c.legal_forms
]
_TLDS = GroupedChoice([list(c.tlds) for c in ref.COUNTRIES])
#: company-size fit (logit): peaks at ~500 employees, quadratic fall-off in log size
ICP_LOG10_EMPLOYEES = 2.7
ICP_SIZE_PEAK = 0.95
ICP_SIZE_WIDTH = 0.3
ICP_SIZE_FLOOR = -1.05


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class Companies:
    """All real-world companies, indexed 0..n-1 (account-table companies first)."""

    company_id: pa.Array
    in_table: np.ndarray
    country: np.ndarray
    industry: np.ndarray
    brand: list[str]
    base: list[str]
    legal: np.ndarray  # global index into LEGAL_FORMS.values
    name: list[str]  # as registered: base + legal form
    host: list[str | None]  # own domain or platform URL; None: no website
    domain: list[str | None]  # own email/web domain; None for platform/no website
    is_platform: np.ndarray
    alt_domain: list[str | None]  # a family member's different domain
    parent: np.ndarray  # -1: none
    root: np.ndarray  # ultimate parent (self for standalone)
    employees: np.ndarray
    revenue: np.ndarray
    city: np.ndarray  # global index into CITIES.values
    latent: np.ndarray  # company part of the propensity logit
    propensity: np.ndarray
    name_variants: pa.Array  # 8 * n typed variants, variant-major
    primary_key: pa.Array | None = None  # account key per company (null: not in table)
    duplicate_key: pa.Array | None = None  # second account key (null: none)

    @property
    def n(self) -> int:
        """Number of companies."""
        return len(self.in_table)


@dataclass
class _Names:
    brand: list[str]
    desc: list[str]
    base: list[str]


def _draw_names(
    rng: np.random.Generator, country: np.ndarray, industry: np.ndarray
) -> _Names:
    """Company base names (no legal form) in the style of each country."""
    n = len(country)
    pattern = weighted_choice(rng, n, [30, 28, 10, 8, 6, 9, 9])
    u = rng.random((n, 6))
    heads = ref.BRAND_HEADS
    tails = ref.BRAND_TAILS
    brand: list[str] = []
    desc: list[str] = []
    base: list[str] = []
    for i in range(n):
        c = ref.COUNTRIES[country[i]]
        ind = ref.INDUSTRIES[industry[i]]
        words = ind.words.get(c.lang) if u[i, 0] < 0.55 else None
        words = words or ind.words["en"]
        d = words[int(u[i, 1] * len(words))]
        _, _, last, lw = ref.person_name_pools(c.locale)
        ln = last[int(u[i, 2] * len(last))]
        p = pattern[i]
        if p == 0:  # 'Müller Logistik'
            b, name = ln, f"{ln} {d}"
        elif p == 1:  # 'Novalink Analytics'
            b = heads[int(u[i, 3] * len(heads))] + tails[int(u[i, 4] * len(tails))]
            name = f"{b} {d}"
        elif p == 2:  # 'Zentrix'
            b = heads[int(u[i, 3] * len(heads))] + tails[int(u[i, 4] * len(tails))]
            d, name = "", b
        elif p == 3:  # 'Schmidt & Weber'
            ln2 = last[int(u[i, 3] * len(last))]
            b = f"{ln} & {ln2}" if ln2 != ln else ln
            name = f"{b} {d}" if u[i, 4] < 0.5 else b
            d = d if u[i, 4] < 0.5 else ""
        elif p == 4:  # 'ABC Consulting'
            b = "".join(chr(65 + int(x * 26)) for x in u[i, 3:6])
            name = f"{b} {d}"
        elif p == 5:  # 'Pacific Freight'
            b = ref.PLACE_WORDS[int(u[i, 3] * len(ref.PLACE_WORDS))]
            name = f"{b} {d}"
        else:  # 'Société Dupont', 'Gebrüder Weber'
            frames = ref.NAME_FRAMES.get(c.lang, ref.NAME_FRAMES["en"])
            b = ln
            name = frames[int(u[i, 3] * len(frames))].format(ln)
            d = ""
        brand.append(b)
        desc.append(d)
        base.append(name)
    return _Names(brand, desc, base)


def _other_descriptor(rng: np.random.Generator, industry: int, current: str) -> str:
    words = [w for w in ref.INDUSTRIES[industry].words["en"] if w != current]
    return words[int(rng.integers(0, len(words)))]


def _other_country(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    """A different country for each row."""
    shift = rng.integers(1, len(ref.COUNTRIES), len(country))
    other = weighted_choice(rng, len(country), _COUNTRY_WEIGHTS)
    return np.where(other != country, other, (country + shift) % len(ref.COUNTRIES))


def _families(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Parent and root index of ``n`` account-table companies grouped in families.

    About a quarter of top-level companies are parents with 1-5 subsidiaries; a few
    subsidiaries hang under another subsidiary (grandparent chains).
    """
    is_parent = rng.random(n) < 0.25
    subs = np.where(is_parent, 1 + weighted_choice(rng, n, [40, 25, 15, 10, 10]), 0)
    size = 1 + subs
    cum = np.cumsum(size)
    k = int(np.searchsorted(cum, n)) + 1
    size = size[:k].copy()
    size[-1] -= int(cum[k - 1] - n)
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    root = np.repeat(start, size)
    idx = np.arange(n)
    parent = np.where(root == idx, -1, root)
    # grandparent chains: the last subsidiary reports to the first one
    chain = (size >= 3) & (rng.random(k) < 0.2)
    last_sub = start[chain] + size[chain] - 1
    parent[last_sub] = start[chain] + 1
    return parent, root


def _unique_domains(
    order: np.ndarray,
    candidates: list[list[str]],
    tlds: list[str],
    country: np.ndarray,
) -> list[str]:
    """First free 'label.tld' per company, taking companies in ``order``."""
    used: set[str] = set()
    out = [""] * len(candidates)
    for i in order:
        tld = tlds[i]
        for label in candidates[i]:
            if not label:
                continue
            dom = f"{label}.{tld}"
            if dom not in used:
                break
        else:
            code = ref.COUNTRIES[country[i]].code.lower()
            label = candidates[i][-1] or "company"
            dom = f"{label}-{code}.{tld}"
            k = 2
            while dom in used:
                dom = f"{label}{k}.{tld}"
                k += 1
        used.add(dom)
        out[i] = dom
    return out


def _name_variants(
    rng: np.random.Generator,
    base: list[str],
    brand: list[str],
    name: list[str],
    legal: np.ndarray,
) -> pa.Array:
    """Typed variants of each company name, variant-major.

    0 as registered, 1 no legal form, 2 legal form spelled differently, 3 lower case,
    4 upper case, 5 one-character typo, 6 abbreviation/brand, 7 extra words.
    """
    n = len(base)
    u = rng.random((n, 2))
    alt_legal = []
    for i in range(n):
        variants = _LEGAL_VARIANTS[legal[i]]
        alt = variants[int(u[i, 0] * len(variants))]
        sep = "" if alt.startswith(",") else " "
        alt_legal.append(f"{base[i]}{sep}{alt}")
    lower = [(name[i] if u[i, 1] < 0.5 else base[i]).lower() for i in range(n)]
    upper = [b.upper() for b in base]
    typos = [typo(b, rng) for b in base]
    shorts = [short_name(base[i], brand[i]) for i in range(n)]
    tails = ref.EXTRA_NAME_TAILS
    tail_idx = rng.integers(0, len(tails), n)
    extra = [
        (name[i] if tail_idx[i] % 2 else base[i]) + tails[tail_idx[i]] for i in range(n)
    ]
    cols = [name, base, alt_legal, lower, upper, typos, shorts, extra]
    return pa.array([s for col in cols for s in col], type=pa.string())


def build_companies(
    rng: np.random.Generator, n_table: int, n_external: int
) -> Companies:
    """Draw ``n_table`` account-table companies (in families) and ``n_external`` others.

    External companies are the employers of leads that have no account; about 30% of
    them have look-alike names of account-table companies.
    """
    n = n_table + n_external
    in_table = np.arange(n) < n_table
    parent = np.full(n, -1, dtype=np.int64)
    root = np.arange(n, dtype=np.int64)
    parent[:n_table], root[:n_table] = _families(rng, n_table)
    is_sub = parent >= 0
    is_parent_co = np.zeros(n, dtype=bool)
    is_parent_co[parent[is_sub]] = True

    country = weighted_choice(rng, n, _COUNTRY_WEIGHTS)
    industry = weighted_choice(rng, n, _INDUSTRY_WEIGHTS)
    names = _draw_names(rng, country, industry)
    brand, desc, base = names.brand, names.desc, names.base

    # subsidiaries: regional entity, division, or acquired company (own name)
    sub_kind = np.where(is_sub, weighted_choice(rng, n, [45, 20, 35]), -1)
    regional_country = np.where(
        rng.random(n) < 0.2, country[root], _other_country(rng, country[root])
    )
    country = np.where(sub_kind == 0, regional_country, country)
    country = np.where(sub_kind == 1, country[root], country)
    # regional entities and divisions share the parent's industry, acquisitions half
    same_industry = is_sub & ((sub_kind != 2) | (rng.random(n) < 0.5))
    industry = np.where(same_industry, industry[root], industry)
    sub_word = rng.integers(0, len(ref.SUBSIDIARY_WORDS), n)
    holding = is_parent_co & (rng.random(n) < 0.3)
    holding_word = rng.integers(0, len(ref.HOLDING_WORDS), n)
    look = rng.random(n)
    look_src = rng.integers(0, max(n_table, 1), n)
    top = ~is_sub
    # two entities of one family never carry the same name (they would be duplicates)
    family_names: set[tuple[int, str]] = set()
    for i in range(n):
        r = root[i]
        if sub_kind[i] == 0:
            words = ref.COUNTRIES[country[i]].region_words
            region = words[int(look[i] * len(words))]
            brand[i], desc[i] = brand[r], region
            base[i] = f"{brand[r]} {region}"
        if sub_kind[i] == 1 or (sub_kind[i] == 0 and (r, base[i]) in family_names):
            n_words = len(ref.SUBSIDIARY_WORDS)
            for k in range(n_words):
                word = ref.SUBSIDIARY_WORDS[(sub_word[i] + k) % n_words]
                if (r, f"{brand[r]} {word}") not in family_names:
                    break
            brand[i], desc[i] = brand[r], word
            base[i] = f"{brand[r]} {desc[i]}"
        if is_sub[i]:
            family_names.add((r, base[i]))
        elif holding[i]:
            base[i] = f"{brand[i]} {ref.HOLDING_WORDS[holding_word[i]]}"
            desc[i] = ref.HOLDING_WORDS[holding_word[i]]
    # look-alikes: same brand with another word, or the same name in another country
    share = np.where(in_table, 0.07, 0.30)
    lookalike = top & ~is_parent_co & (rng.random(n) < share) & (n_table > 0)
    same_name = lookalike & (rng.random(n) < 0.45)
    src = np.where(lookalike, look_src, -1)
    src_ok = lookalike & (src != np.arange(n)) & ~is_sub[np.maximum(src, 0)]
    other_country = _other_country(rng, country[np.maximum(src, 0)])
    for i in np.flatnonzero(src_ok):
        s = src[i]
        brand[i] = brand[s]
        if same_name[i]:
            base[i], desc[i] = base[s], desc[s]
            industry[i] = industry[s]
            country[i] = other_country[i]
        else:
            desc[i] = _other_descriptor(rng, industry[i], desc[s])
            base[i] = f"{brand[s]} {desc[i]}"

    legal = LEGAL_FORMS.sample(rng, country)
    legal_str = LEGAL_FORMS.values.to_pylist()
    name = [f"{base[i]} {legal_str[legal[i]]}" for i in range(n)]

    # size: parents are big, subsidiaries medium, standalone companies small
    mu = np.where(is_parent_co, np.log(2500), np.where(is_sub, np.log(300), np.log(60)))
    employees = np.clip(np.round(rng.lognormal(mu, 1.4)), 1, 400_000).astype(np.int64)
    revenue = np.round(employees * rng.lognormal(np.log(170_000), 0.6, n), -3)

    # websites: own domain, platform site (small companies), or none
    web_kind = np.where(
        (employees < 50) & top & ~is_parent_co & (rng.random(n) < 0.08), 1, 0
    )
    web_kind = np.where(top & ~is_parent_co & (rng.random(n) < 0.03), 2, web_kind)
    share_parent = is_sub & (rng.random(n) < np.where(sub_kind == 2, 0.3, 0.55))
    tlds = _TLDS.take(rng, country).to_pylist()
    cand_u = rng.random(n)
    candidates: list[list[str]] = []
    for i in range(n):
        b, full = slug(brand[i]), slug(base[i])
        code = ref.COUNTRIES[country[i]].code.lower()
        opts = [
            b if len(b) >= 4 and cand_u[i] < 0.6 else "",
            full,
            hyphen_slug(base[i]),
            f"{b}group" if b else "",
            f"{b or full}{code}",
            f"get{b or full}",
        ]
        if sub_kind[i] == 0:
            opts.insert(0, b)
        candidates.append(opts)
    owners = np.flatnonzero(~share_parent & (web_kind == 0))
    # account-table companies claim the plain domains first, in random order
    order = np.concatenate(
        [
            rng.permutation(owners[in_table[owners]]),
            rng.permutation(owners[~in_table[owners]]),
        ]
    )
    domains = _unique_domains(order, candidates, tlds, country)
    domain: list[str | None] = [None] * n
    host: list[str | None] = [None] * n
    for i in order:
        domain[i] = host[i] = domains[i]
    # subsidiaries sharing the ultimate parent's domain (roots always own theirs)
    for i in np.flatnonzero(share_parent):
        domain[i] = host[i] = domain[root[i]]
    plat_tpl = rng.integers(0, len(ref.PLATFORM_SITES), n)
    for i in np.flatnonzero(web_kind == 1):
        s = slug(base[i])
        host[i] = ref.PLATFORM_SITES[plat_tpl[i]].replace("{}", s)
    is_platform = web_kind == 1

    alt_domain: list[str | None] = [None] * n
    for i in np.flatnonzero(is_sub):
        r = root[i]
        if domain[r] and domain[r] != domain[i]:
            alt_domain[i] = domain[r]
            if alt_domain[r] is None and domain[i]:
                alt_domain[r] = domain[i]

    city = CITIES.sample(rng, country)
    ind_effect = np.array([ind.effect for ind in ref.INDUSTRIES])[industry]
    # fit with the demo product's ideal customer profile: a mid-market size band
    # (tiny firms lack budget, the largest buy through long procurement), not a
    # straight line in log size
    size_gap = np.log10(employees) - ICP_LOG10_EMPLOYEES
    size_fit = np.maximum(ICP_SIZE_PEAK - ICP_SIZE_WIDTH * size_gap**2, ICP_SIZE_FLOOR)
    own = ind_effect + size_fit + rng.normal(0, 0.7, n)
    latent = np.where(is_sub, 0.5 * own + 0.5 * own[root], own)
    propensity = sigmoid(latent - 1.2)

    variants = _name_variants(rng, base, brand, name, legal)
    ids = int_strings(np.arange(1, n + 1), 7)
    company_id = concat("C", ids)
    return Companies(
        company_id=company_id,
        in_table=in_table,
        country=country,
        industry=industry,
        brand=brand,
        base=base,
        legal=legal,
        name=name,
        host=host,
        domain=domain,
        is_platform=is_platform,
        alt_domain=alt_domain,
        parent=parent,
        root=root,
        employees=employees,
        revenue=revenue,
        city=city,
        latent=latent,
        propensity=propensity,
        name_variants=variants,
    )


def _key_width(n: int) -> int:
    return max(7, len(str(2 * n)) + 1)


def _country_written(rng: np.random.Generator, country: np.ndarray) -> pa.Array:
    """Account country: mostly ISO alpha-2, sometimes a name or alpha-3."""
    alpha2 = pa.array([c.code for c in ref.COUNTRIES]).take(pa.array(country))
    alpha3 = pa.array([c.alpha3 for c in ref.COUNTRIES]).take(pa.array(country))
    named = pa.array([c.written[0][0] for c in ref.COUNTRIES]).take(pa.array(country))
    form = weighted_choice(rng, len(country), [88, 5, 3, 2, 2])
    out = pc.choose(
        pa.array(form.astype(np.int8)),
        alpha2,
        named,
        alpha3,
        pc.utf8_lower(alpha2),
        alpha2,
    )
    return nullify(out, form == 4)


@dataclass
class AccountTables:
    """The account table and its truth (account -> company, family, propensity)."""

    accounts: pa.Table
    truth: pa.Table


ACCOUNT_SCHEMA = pa.schema(
    [
        ("account_key", pa.string()),
        ("account_name", pa.string()),
        ("website", pa.string()),
        ("parent_account_key", pa.string()),
        ("industry", pa.string()),
        ("number_of_employees", pa.int64()),
        ("annual_revenue", pa.float64()),
        ("country", pa.string()),
        ("city", pa.string()),
        ("phone", pa.string()),
        ("created_date", pa.string()),
    ]
)
ACCOUNT_TRUTH_SCHEMA = pa.schema(
    [
        ("account_key", pa.string()),
        ("company_id", pa.string()),
        ("family_id", pa.string()),
        ("propensity", pa.float64()),
    ]
)


def build_accounts(
    rng: np.random.Generator,
    companies: Companies,
    n_duplicates: int,
    n_null_keys: int,
    n_duplicate_keys: int,
    end_us: int,
) -> AccountTables:
    """Account rows for every account-table company, plus duplicates and bad rows.

    Sets ``companies.primary_key`` / ``companies.duplicate_key``.
    """
    co = companies
    table_idx = np.flatnonzero(co.in_table)
    n_tab = len(table_idx)
    width = _key_width(n_tab + n_duplicates)
    modulus = 10**width
    prim_num = permute_ids(np.arange(n_tab), modulus, salt=11)
    prim_key = concat("SF-", int_strings(prim_num, width))
    primary_key = take(
        prim_key, np.searchsorted(table_idx, np.arange(co.n)), valid=co.in_table
    )
    dup_co = np.sort(
        rng.choice(table_idx, size=min(n_duplicates, n_tab), replace=False)
    )
    dup_key = concat(
        "MK-", int_strings(permute_ids(np.arange(len(dup_co)), modulus, 23), width)
    )
    dup_of = np.full(co.n, -1, dtype=np.int64)
    dup_of[dup_co] = np.arange(len(dup_co))
    duplicate_key = take(dup_key, dup_of)
    co.primary_key, co.duplicate_key = primary_key, duplicate_key

    rows = np.concatenate([table_idx, dup_co])  # company per account row
    is_dup = np.arange(len(rows)) >= n_tab
    m = len(rows)
    keys = pa.concat_arrays([prim_key, dup_key])

    # names: registered form for primaries, a variation for duplicates
    var = np.where(
        is_dup,
        weighted_choice(rng, m, [0, 30, 20, 10, 8, 14, 10, 8]),
        weighted_choice(rng, m, [88, 5, 3, 1, 1.5, 0.7, 0, 0.8]),
    )
    account_name = co.name_variants.take(pa.array(var * co.n + rows))

    host = pa.array(co.host, type=pa.string()).take(pa.array(rows))
    website = website_forms(rng, host, co.is_platform[rows])
    website = nullify(website, rng.random(m) < np.where(is_dup, 0.45, 0.12))

    # parent link: to the parent's account, sometimes missing or dangling
    par = co.parent[rows]
    has_par = par >= 0
    link = weighted_choice(rng, m, [80, 15, 2, 3])
    par_key = take(primary_key, np.maximum(par, 0), valid=has_par)
    par_dup = take(duplicate_key, np.maximum(par, 0), valid=has_par)
    parent_has_dup = pc.is_valid(par_dup).to_numpy(zero_copy_only=False)
    par_key = where((link == 3) & parent_has_dup, par_dup, par_key)
    dangling = concat(
        "SF-", int_strings(permute_ids(n_tab + np.arange(m), modulus, salt=11), width)
    )
    par_key = where(link == 2, dangling, par_key)
    par_key = nullify(
        par_key, (link == 1) | (is_dup & (rng.random(m) < 0.5)) | ~has_par
    )

    industry_idx = np.where(
        is_dup & (rng.random(m) < 0.1),
        weighted_choice(rng, m, _INDUSTRY_WEIGHTS),
        co.industry[rows],
    )
    industry = pa.array([i.label for i in ref.INDUSTRIES]).take(pa.array(industry_idx))
    industry = nullify(industry, rng.random(m) < np.where(is_dup, 0.25, 0.07))

    employees = co.employees[rows].astype(np.float64)
    employees = np.where(
        is_dup, np.round(employees * rng.lognormal(0, 0.3, m)), employees
    )
    employees_arr = pa.array(
        np.maximum(employees, 1).astype(np.int64),
        mask=rng.random(m) < np.where(is_dup, 0.4, 0.15),
    )
    revenue = pa.array(
        co.revenue[rows], mask=rng.random(m) < np.where(is_dup, 0.6, 0.3)
    )

    country = _country_written(rng, co.country[rows])
    city_idx = np.where(
        is_dup & (rng.random(m) < 0.25),
        CITIES.sample(rng, co.country[rows]),
        co.city[rows],
    )
    city = CITIES.values.take(pa.array(city_idx))
    city = lower_where(city, rng.random(m) < 0.02)
    city = nullify(city, rng.random(m) < np.where(is_dup, 0.15, 0.05))
    phone = nullify(
        phones(rng, co.country[rows]), rng.random(m) < np.where(is_dup, 0.5, 0.15)
    )
    created_us = end_us - (rng.random(m) * 8 * 365 * _US_DAY).astype(np.int64)
    created = format_timestamps(created_us)

    table = pa.Table.from_arrays(
        [
            keys,
            account_name,
            website,
            par_key,
            industry,
            employees_arr,
            revenue,
            country,
            city,
            phone,
            created,
        ],
        schema=ACCOUNT_SCHEMA,
    )
    truth = pa.Table.from_arrays(
        [
            keys,
            co.company_id.take(pa.array(rows)),
            co.company_id.take(pa.array(co.root[rows])),
            pa.array(co.propensity[rows]),
        ],
        schema=ACCOUNT_TRUTH_SCHEMA,
    )

    # contract breakers: rows without a key and rows repeating another row's key
    bad_null = rng.integers(0, m, n_null_keys)
    bad_dup = rng.integers(0, m, n_duplicate_keys)
    null_rows = table.take(pa.array(bad_null)).set_column(
        0, "account_key", pa.nulls(n_null_keys, pa.string())
    )
    dup_rows = table.take(pa.array(bad_dup))
    dup_rows = dup_rows.set_column(
        1,
        "account_name",
        upper_where(
            dup_rows.column(1).combine_chunks(), np.ones(n_duplicate_keys, dtype=bool)
        ),
    )
    table = pa.concat_tables([table, null_rows, dup_rows])
    table = table.take(pa.array(rng.permutation(table.num_rows)))
    truth = truth.take(pa.array(rng.permutation(truth.num_rows)))
    return AccountTables(table, truth)
