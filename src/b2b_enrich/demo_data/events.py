"""Experience events of one chunk of persons: activity, conversions, opportunities.

The simulation is vectorised over all events of the chunk:

* each person has a hidden propensity; their activity rate grows with it and is
  heavy-tailed (log-normal); events cluster in bursts around random dates;
* the event mix shifts with propensity towards intent (pricing and demo pages,
  email clicks, form fills, webinars);
* every intent event may trigger a lead conversion a few days later, with a
  probability that grows with propensity; the first trigger wins. A small share
  of conversions come without any recorded intent (sales-sourced). So conversion
  is learnable from recent behaviour plus profile attributes, but noisy;
* most converted leads (and a few existing contacts) get an opportunity whose
  stage moves along Prospecting -> ... -> Contract -> Closed Won, or ends lost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import reference as ref
from ._vec import (
    GroupedChoice,
    concat,
    int_strings,
    nullify,
    permute_ids,
    take,
)

US_DAY = 86_400 * 1_000_000
US_HOUR = 3_600 * 1_000_000

PAGE_VIEW = "web.webpagedetails.pageViews"
EMAIL_OPENED = "directMarketing.emailOpened"
EMAIL_CLICKED = "directMarketing.emailClicked"
FORM_FILLED = "web.formFilledOut"
WEBINAR_REGISTRATION = "webinar.registration"
WEBINAR_ATTENDED = "webinar.attended"
NEW_LEAD = "leadOperation.newLead"
CONVERT_LEAD = "leadOperation.convertLead"
OPPORTUNITY_UPDATED = "opportunityEvent.opportunityUpdated"
EVENT_TYPES = (
    PAGE_VIEW,
    EMAIL_OPENED,
    EMAIL_CLICKED,
    FORM_FILLED,
    WEBINAR_REGISTRATION,
    WEBINAR_ATTENDED,
    NEW_LEAD,
    CONVERT_LEAD,
    OPPORTUNITY_UPDATED,
)
_N_BASE = 6  # the first six types are behaviour

EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("person_key", pa.string()),
        ("timestamp", pa.timestamp("us", tz="UTC")),
        ("event_type", pa.string()),
        ("web_page_url", pa.string()),
        ("converted_status", pa.string()),
        ("assign_to", pa.string()),
        ("opportunity_key", pa.string()),
        ("attribute_name", pa.string()),
        ("old_value", pa.string()),
        ("new_value", pa.string()),
    ]
)

# behaviour mix: weight = base + slope * propensity
_TYPE_BASE = np.array([0.52, 0.27, 0.035, 0.008, 0.010, 0.005])
_TYPE_SLOPE = np.array([0.0, 0.0, 0.12, 0.05, 0.04, 0.035])
# page categories (order of _PAGE_GROUPS): base + slope * propensity
_PAGE_GROUPS = (
    "home",
    "blog",
    "docs",
    "product",
    "pricing",
    "demo",
    "careers",
    "resources",
)
_PAGE_BASE = np.array([20, 28, 14, 16, 3, 0.8, 4, 8], dtype=np.float64)
_PAGE_SLOPE = np.array([0, 0, 0, 6, 30, 8, 0, 2], dtype=np.float64)
_PRICING, _DEMO = 4, 5
# conversion trigger strength per intent signal
_TRIGGER = {
    "pricing": 1.0,
    "demo": 2.2,
    EMAIL_CLICKED: 0.35,
    FORM_FILLED: 1.6,
    WEBINAR_REGISTRATION: 0.4,
    WEBINAR_ATTENDED: 1.2,
}
CONVERSION_SCALE = 0.065
SPONTANEOUS_RATE = 0.008  # conversions without recorded intent, per person-2-years
BUYING_BOOST = 6.0  # intent multiplier within buying-phase bursts
OPPORTUNITY_KEY_WIDTH = 9
EVENTS_PER_CHUNK_LIMIT = 10**8  # event ids: 'E' + chunk * limit + index
STAGE_ATTRIBUTE = "Stage"
CLOSED_LOST = "Closed Lost"


def _with_query(path: str, query: str) -> str:
    if not query:
        return path
    return path + ("&" + query[1:] if "?" in path else query)


def _url_choice() -> GroupedChoice:
    groups: list[list[tuple[str, float]]] = []
    for g in _PAGE_GROUPS:
        groups.append(
            [
                (ref.WEB_HOST + _with_query(path, utm), 1.0)
                for path in ref.WEB_PAGES[g]
                for utm in ref.UTM_TAILS
            ]
        )
    email_pages = [
        p
        for g in ("blog", "product", "resources", "pricing", "demo")
        for p in ref.WEB_PAGES[g]
    ]
    groups.append(
        [
            (
                ref.WEB_HOST
                + _with_query(p, "?utm_source=newsletter&utm_medium=email"),
                1.0,
            )
            for p in email_pages
        ]
    )
    form_pages = (
        ref.WEB_PAGES["demo"]
        + ref.WEB_PAGES["resources"]
        + ("/contact", "/newsletter/subscribe", "/webinars/register")
    )
    groups.append([(ref.WEB_HOST + p, 1.0) for p in form_pages])
    return GroupedChoice(groups)


_URLS = _url_choice()
_EMAIL_GROUP = len(_PAGE_GROUPS)
_FORM_GROUP = _EMAIL_GROUP + 1
_TYPE_NAMES = pa.array(EVENT_TYPES)
_REPS = pa.array(ref.SALES_REPS)
_STAGES = pa.array(list(ref.OPPORTUNITY_STAGES) + [CLOSED_LOST])


@dataclass
class _Events:
    """Columns of one group of events before assembly (indices, not strings)."""

    person: np.ndarray  # chunk-local person index
    ts: np.ndarray
    type_idx: np.ndarray
    url: np.ndarray | None = None  # index into _URLS.values, -1: null
    assign_to: np.ndarray | None = None  # index into _REPS, -1: null
    opp_id: np.ndarray | None = None  # opportunity number, -1: null
    old_stage: np.ndarray | None = None  # index into _STAGES, -1: null
    new_stage: np.ndarray | None = None


def _rowwise_choice(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a (rows, k) weight matrix."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return np.minimum((u[:, None] >= cum).sum(axis=1), weights.shape[1] - 1)


def _behaviour(
    rng: np.random.Generator,
    propensity: np.ndarray,
    active_start: np.ndarray,
    end_us: int,
    rate: float,
) -> tuple[_Events, np.ndarray]:
    """Page views, emails, forms and webinars; returns them and the page category."""
    n = len(propensity)
    span = (end_us - active_start).astype(np.float64)
    frac = span / (730 * US_DAY)
    activity = rng.lognormal(0.0, 1.0, n) * (0.4 + 3.0 * propensity)
    norm = float(np.mean(activity * frac)) or 1.0
    count = rng.poisson(rate * activity * frac / norm)
    count = np.minimum(count, 20_000)
    total = int(count.sum())
    person = np.repeat(np.arange(n), count)

    # bursts: each person's events gather around a few random dates
    bursts = 1 + rng.poisson(count / 6.0)
    burst_start = np.cumsum(bursts) - bursts
    burst_person = np.repeat(np.arange(n), bursts)
    centre = active_start[burst_person] + (
        rng.random(len(burst_person)) * span[burst_person]
    ).astype(np.int64)
    which = burst_start[person] + (rng.random(total) * bursts[person]).astype(np.int64)
    offset = (rng.exponential(1.5 * US_DAY, total)).astype(np.int64)
    p_span = np.maximum(span[person], 1).astype(np.int64)
    ts = active_start[person] + (centre[which] - active_start[person] + offset) % p_span

    # some bursts are buying phases (more likely for high propensity): intent-heavy
    buying = rng.random(len(burst_person)) < 0.03 + 0.35 * propensity[burst_person]
    boost = np.where(buying[which], BUYING_BOOST, 1.0)
    p = propensity[person]
    type_w = _TYPE_BASE + np.outer(p, _TYPE_SLOPE)
    type_w[:, 2:] *= boost[:, None]
    type_idx = _rowwise_choice(rng, type_w)
    page = np.full(total, -1, dtype=np.int64)
    views = type_idx == 0
    page_w = _PAGE_BASE + np.outer(p[views], _PAGE_SLOPE)
    page_w[:, [_PRICING, _DEMO]] *= boost[views, None]
    page[views] = _rowwise_choice(rng, page_w)
    url_group = np.where(
        views, page, np.where(type_idx == 2, _EMAIL_GROUP, _FORM_GROUP)
    )
    has_url = views | (type_idx == 2) | (type_idx == 3)
    url = np.where(has_url, _URLS.sample(rng, np.where(has_url, url_group, 0)), -1)
    return _Events(person, ts, type_idx, url=url), page


def _conversions(
    rng: np.random.Generator,
    ev: _Events,
    page: np.ndarray,
    propensity: np.ndarray,
    active_start: np.ndarray,
    end_us: int,
) -> np.ndarray:
    """Conversion time per person (``end_us`` or later: no conversion)."""
    n = len(propensity)
    strength = np.zeros(len(ev.ts))
    strength[page == _PRICING] = _TRIGGER["pricing"]
    strength[page == _DEMO] = _TRIGGER["demo"]
    for t, name in enumerate(EVENT_TYPES[:_N_BASE]):
        if name in _TRIGGER:
            strength[ev.type_idx == t] = _TRIGGER[name]
    cand = np.flatnonzero(strength > 0)
    p = propensity[ev.person[cand]]
    q = np.minimum(CONVERSION_SCALE * strength[cand] * p**1.3, 0.9)
    hit = cand[rng.random(len(cand)) < q]
    # sales follows up within a few weeks of the signal
    delay = (rng.gamma(2.0, 7 * US_DAY, len(hit)) + US_HOUR).astype(np.int64)
    conv = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(conv, ev.person[hit], ev.ts[hit] + delay)
    span = end_us - active_start
    spont = rng.random(n) < SPONTANEOUS_RATE * (0.3 + 3 * propensity) * span / (
        730 * US_DAY
    )
    spont_ts = active_start + (rng.random(n) * span).astype(np.int64)
    return np.where(spont, np.minimum(conv, spont_ts), conv)


def _opportunities(
    rng: np.random.Generator,
    person: np.ndarray,
    source: np.ndarray,
    start_ts: np.ndarray,
    propensity: np.ndarray,
    person_offset: int,
    window: tuple[int, int],
) -> _Events:
    """Stage changes of opportunities (``source`` 0: lead conversion, 1: sales)."""
    s_us, e_us = window
    m = len(person)
    n_stages = len(ref.OPPORTUNITY_STAGES)  # Prospecting .. Closed Won
    advance = np.minimum(0.74 + 0.3 * propensity[person], 0.97)
    ok = rng.random((m, n_stages - 1)) < advance[:, None]
    reached = np.cumprod(ok, axis=1).sum(axis=1)  # 0: Prospecting .. 5: Closed Won
    lost = (reached < n_stages - 1) & (rng.random(m) < 0.75)
    gaps = (rng.exponential(12 * US_DAY, (m, n_stages)) + US_DAY).astype(np.int64)
    gaps[:, 0] = 0
    times = start_ts[:, None] + np.cumsum(gaps, axis=1)  # time of reaching stage k
    stage = np.arange(n_stages)[None, :]
    valid = stage <= reached[:, None]
    old = np.broadcast_to(stage - 1, (m, n_stages))
    new = np.broadcast_to(stage, (m, n_stages))
    row = np.broadcast_to(np.arange(m)[:, None], (m, n_stages))
    # the lost step happens where the next stage would have been reached
    lost_time = times[np.arange(m), np.minimum(reached + 1, n_stages - 1)]
    o_row = np.concatenate([row[valid], np.flatnonzero(lost)])
    o_ts = np.concatenate([times[valid], lost_time[lost]])
    o_old = np.concatenate([old[valid], reached[lost]])
    o_new = np.concatenate([new[valid], np.full(int(lost.sum()), n_stages)])
    keep = (o_ts >= s_us) & (o_ts < e_us)
    o_row, o_ts, o_old, o_new = o_row[keep], o_ts[keep], o_old[keep], o_new[keep]
    opp_id = permute_ids(
        2 * (person_offset + person[o_row]) + source[o_row],
        10**OPPORTUNITY_KEY_WIDTH,
        salt=3,
    )
    return _Events(
        person[o_row],
        o_ts,
        np.full(len(o_ts), 8),
        opp_id=opp_id,
        old_stage=o_old,
        new_stage=o_new,
    )


def _assemble(
    groups: list[_Events],
    keys: pa.Array,
    rng: np.random.Generator,
    chunk_index: int,
) -> pa.Table:
    """One time-ordered table from the event groups (the first is behaviour)."""
    sizes = [len(g.ts) for g in groups]

    def column(attr: str) -> np.ndarray:
        return np.concatenate(
            [
                v
                if (v := getattr(g, attr)) is not None
                else np.full(k, -1, dtype=np.int64)
                for g, k in zip(groups, sizes, strict=True)
            ]
        )

    ts = column("ts") // 1000 * 1000  # millisecond precision, like web SDKs
    order = np.argsort(ts, kind="stable")
    ts = ts[order]
    person, type_idx = column("person")[order], column("type_idx")[order]
    url, rep, opp = (
        column("url")[order],
        column("assign_to")[order],
        column("opp_id")[order],
    )
    old_stage, new_stage = column("old_stage")[order], column("new_stage")[order]
    behaviour = (np.arange(len(ts)) < sizes[0])[order]
    total = len(ts)

    # broken references: behaviour without a person key or with an unknown one
    u = rng.random(total)
    unknown = behaviour & (u < 0.002)
    no_key = behaviour & (u >= 0.002) & (u < 0.004)
    person_key = take(keys, person, valid=~no_key)
    if unknown.any():
        ghost = concat("LEAD-9", int_strings(rng.integers(0, 10**8, total), 8))
        person_key = pc.if_else(pa.array(unknown), ghost, person_key)

    is_opp = type_idx == 8
    zeros = np.zeros(total, dtype=np.int64)
    opp_key = concat("OPP-", int_strings(np.maximum(opp, 0), OPPORTUNITY_KEY_WIDTH))
    # compact, time-ordered ids (<= 12 characters: DuckDB keeps them inline)
    if total >= EVENTS_PER_CHUNK_LIMIT:
        raise ValueError(f"too many events in one chunk: {total}")
    ids = concat(
        "E", int_strings(chunk_index * EVENTS_PER_CHUNK_LIMIT + np.arange(total), 11)
    )
    return pa.Table.from_arrays(
        [
            ids,
            person_key,
            pa.array(ts, type=pa.timestamp("us", tz="UTC")),
            _TYPE_NAMES.take(pa.array(type_idx)),
            take(_URLS.values, url),
            take(pa.array(["Converted"]), zeros, valid=type_idx == 7),
            take(_REPS, rep),
            nullify(opp_key, ~is_opp),
            take(pa.array([STAGE_ATTRIBUTE]), zeros, valid=is_opp),
            take(_STAGES, old_stage, valid=is_opp),
            take(_STAGES, new_stage, valid=is_opp),
        ],
        schema=EVENT_SCHEMA,
    )


def simulate_events(
    rng: np.random.Generator,
    keys: pa.Array,
    propensity: np.ndarray,
    created_us: np.ndarray,
    associated: np.ndarray,
    window: tuple[int, int],
    events_per_person: float,
    chunk_index: int,
    person_offset: int,
) -> tuple[pa.Table, np.ndarray]:
    """Events of one chunk of persons and whether each person converted."""
    s_us, e_us = window
    n = len(propensity)
    active_start = np.maximum(created_us, s_us)
    in_window = created_us >= s_us
    # ~1 lifecycle event per person on top of behaviour (new lead, conversion, opps)
    rate = max(events_per_person - 1.0, 0.5 * events_per_person)
    behaviour, page = _behaviour(rng, propensity, active_start, e_us, rate)

    conv_ts = _conversions(rng, behaviour, page, propensity, active_start, e_us)
    converted = conv_ts < e_us
    conv_people = np.flatnonzero(converted)
    conversions = _Events(
        conv_people,
        conv_ts[conv_people],
        np.full(len(conv_people), 7),
        assign_to=rng.integers(0, len(_REPS), len(conv_people)),
    )
    new_people = np.flatnonzero(in_window)
    new_leads = _Events(new_people, created_us[new_people], np.full(len(new_people), 6))

    from_conv = conv_people[
        rng.random(len(conv_people)) < 0.55 + 0.4 * propensity[conv_people]
    ]
    from_sales = np.flatnonzero(associated & (rng.random(n) < 0.06))
    lead_in = 200 * US_DAY
    opp_person = np.concatenate([from_conv, from_sales])
    opp_source = np.concatenate(
        [
            np.zeros(len(from_conv), dtype=np.int64),
            np.ones(len(from_sales), dtype=np.int64),
        ]
    )
    opp_start = np.concatenate(
        [
            conv_ts[from_conv]
            + (rng.exponential(4 * US_DAY, len(from_conv))).astype(np.int64),
            s_us
            - lead_in
            + (rng.random(len(from_sales)) * (e_us - s_us + lead_in)).astype(np.int64),
        ]
    )
    opportunities = _opportunities(
        rng, opp_person, opp_source, opp_start, propensity, person_offset, window
    )
    table = _assemble(
        [behaviour, new_leads, conversions, opportunities], keys, rng, chunk_index
    )
    return table, converted


# ---------------------------------------------------------------- short funnel

#: acquisition channels of the short-funnel variant: (utm_source, utm_medium,
#: campaigns, share of leads, effect on the conversion log-odds). Partner referrals
#: and paid LinkedIn convert best, content syndication and organic search least.
SHORT_FUNNEL_CHANNELS: tuple[tuple[str, str, tuple[str, ...], float, float], ...] = (
    ("google", "cpc", ("brand", "generic", "competitor"), 0.26, 0.3),
    ("linkedin", "paid", ("abm-q1", "abm-q3", "retargeting"), 0.18, 1.2),
    ("partner", "referral", ("reseller", "alliance"), 0.08, 2.2),
    ("newsletter", "email", ("monthly", "product-launch"), 0.12, -0.3),
    ("syndication", "content", ("whitepaper", "benchmark-report"), 0.16, -1.4),
    ("bing", "organic", ("",), 0.12, -0.7),
    ("g2", "review", ("",), 0.08, 1.4),
)
#: landing pages of the short-funnel leads (path, share)
SHORT_FUNNEL_LANDING = (
    ("/", 0.25),
    ("/product", 0.25),
    ("/blog/lead-scoring-101", 0.2),
    ("/resources/benchmark-report", 0.15),
    ("/pricing", 0.1),
    ("/demo", 0.05),
)
SHORT_FUNNEL_INTERCEPT = -2.2
#: conversions follow first contact after a gamma-distributed delay (mean ~45 days)
SHORT_FUNNEL_DELAY_DAYS = (2.0, 22.0)


def simulate_short_funnel(
    rng: np.random.Generator,
    keys: pa.Array,
    propensity: np.ndarray,
    created_us: np.ndarray,
    window: tuple[int, int],
    chunk_index: int,
) -> tuple[pa.Table, np.ndarray]:
    """Events of a short, sparse marketing funnel: two or three per lead.

    Every lead first contacted in the window gets a landing-page view whose URL
    carries the acquisition channel (``utm_source`` / ``utm_medium`` /
    ``utm_campaign``) and a new-lead event a minute later; some come back once (a
    pricing or demo page more likely for high propensity). Conversion depends on the
    channel (``SHORT_FUNNEL_CHANNELS``) and the hidden propensity, and happens weeks
    after first contact. Leads created before the window have no events.
    """
    s_us, e_us = window
    n = len(propensity)
    lead = np.flatnonzero((created_us >= s_us) & (created_us < e_us))
    m = len(lead)
    shares = np.array([c[3] for c in SHORT_FUNNEL_CHANNELS])
    channel = rng.choice(len(SHORT_FUNNEL_CHANNELS), m, p=shares / shares.sum())
    campaign = np.array(
        [
            SHORT_FUNNEL_CHANNELS[c][2][k % len(SHORT_FUNNEL_CHANNELS[c][2])]
            for c, k in zip(channel, rng.integers(0, 6, m), strict=True)
        ],
        dtype=object,
    )
    paths = [p for p, _ in SHORT_FUNNEL_LANDING]
    landing_share = np.array([w for _, w in SHORT_FUNNEL_LANDING])
    landing = rng.choice(len(paths), m, p=landing_share / landing_share.sum())
    landing_urls = [
        ref.WEB_HOST
        + paths[landing[i]]
        + f"?utm_source={SHORT_FUNNEL_CHANNELS[channel[i]][0]}"
        + f"&utm_medium={SHORT_FUNNEL_CHANNELS[channel[i]][1]}"
        + (f"&utm_campaign={campaign[i]}" if campaign[i] else "")
        for i in range(m)
    ]
    p = np.clip(propensity[lead], 1e-4, 1 - 1e-4)
    effect = np.array([c[4] for c in SHORT_FUNNEL_CHANNELS])[channel]
    # a second visit: more likely, and more often on pricing / demo, with propensity
    returns = rng.random(m) < 0.25 + 0.5 * p
    intent = returns & (rng.random(m) < 0.2 + 0.6 * p)
    logit = (
        SHORT_FUNNEL_INTERCEPT
        + effect
        + 0.4 * (np.log(p) - np.log1p(-p))
        + 0.7 * intent
    )
    converts = rng.random(m) < 1.0 / (1.0 + np.exp(-logit))
    shape, scale = SHORT_FUNNEL_DELAY_DAYS
    conv_ts = created_us[lead] + (rng.gamma(shape, scale * US_DAY, m) + US_HOUR).astype(
        np.int64
    )
    converts &= conv_ts < e_us
    return_ts = created_us[lead] + (rng.random(m) * 30 * US_DAY).astype(np.int64)
    returns &= return_ts < e_us
    return_paths = np.where(
        intent,
        np.where(rng.random(m) < 0.6, "/pricing", "/demo"),
        np.where(rng.random(m) < 0.5, "/blog/abm-playbook", "/customers"),
    )
    view_ts = created_us[lead] - (rng.random(m) * 60 * 1_000_000).astype(np.int64)
    person = np.concatenate([lead, lead, lead[returns], lead[converts]])
    ts = np.concatenate(
        [view_ts, created_us[lead], return_ts[returns], conv_ts[converts]]
    )
    kind = np.concatenate(
        [
            np.zeros(m, dtype=np.int64),
            np.full(m, 6),
            np.zeros(int(returns.sum()), dtype=np.int64),
            np.full(int(converts.sum()), 7),
        ]
    )
    urls = np.concatenate(
        [
            np.array(landing_urls, dtype=object),
            np.full(m, None, dtype=object),
            np.array([ref.WEB_HOST + q for q in return_paths[returns]], dtype=object),
            np.full(int(converts.sum()), None, dtype=object),
        ]
    )
    ts = ts // 1000 * 1000
    order = np.argsort(ts, kind="stable")
    person, ts, kind, urls = person[order], ts[order], kind[order], urls[order]
    total = len(ts)
    ids = concat(
        "E", int_strings(chunk_index * EVENTS_PER_CHUNK_LIMIT + np.arange(total), 11)
    )
    zeros = np.zeros(total, dtype=np.int64)
    is_conv = kind == 7
    table = pa.Table.from_arrays(
        [
            ids,
            take(keys, person),
            pa.array(ts, type=pa.timestamp("us", tz="UTC")),
            _TYPE_NAMES.take(pa.array(kind)),
            pa.array(urls, pa.string()),
            take(pa.array(["Converted"]), zeros, valid=is_conv),
            take(_REPS, rng.integers(0, len(_REPS), total), valid=is_conv),
            pa.nulls(total, pa.string()),
            pa.nulls(total, pa.string()),
            pa.nulls(total, pa.string()),
            pa.nulls(total, pa.string()),
        ],
        schema=EVENT_SCHEMA,
    )
    converted = np.zeros(n, dtype=bool)
    converted[lead[converts]] = True
    return table, converted
