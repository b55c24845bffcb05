"""How people write things: websites, phone numbers, typos, name variants."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import reference as ref
from ._vec import choose, concat, int_strings, upper_where, weighted_choice, where

_FORM_PREFIX = pa.array([p for p, _, _ in ref.WEBSITE_FORMS])
_FORM_SUFFIX = pa.array([s for _, s, _ in ref.WEBSITE_FORMS])
_FORM_WEIGHTS = [w for _, _, w in ref.WEBSITE_FORMS]

_CALLING = pa.array([c.calling_code for c in ref.COUNTRIES])
_NANP = np.array([c.nanp for c in ref.COUNTRIES])


def website_forms(
    rng: np.random.Generator, hosts: pa.Array, is_platform: np.ndarray
) -> pa.Array:
    """Write each host ('acme.com' or a platform URL) the way a CRM user would.

    Own domains get a random prefix/suffix form ('https://www.acme.com',
    'acme.com', ' https://acme.com/contact?x=1 ', 'ACME.COM' ...); platform URLs
    ('acme.wixsite.com/acme') only get a scheme, as people paste them.
    """
    n = len(hosts)
    form = weighted_choice(rng, n, _FORM_WEIGHTS)
    prefix = _FORM_PREFIX.take(pa.array(form))
    suffix = _FORM_SUFFIX.take(pa.array(form))
    own = concat(prefix, hosts, suffix)
    platform_prefix = pa.array(["https://", "", "http://"]).take(
        pa.array(weighted_choice(rng, n, [5, 4, 1]))
    )
    platform = concat(platform_prefix, hosts)
    out = where(is_platform, platform, own)
    return upper_where(out, rng.random(n) < 0.03)


def phones(rng: np.random.Generator, country: np.ndarray) -> pa.Array:
    """Phone numbers in national and international formats for each country."""
    n = len(country)
    cc = _CALLING.take(pa.array(country))
    # North America: (AAA) BBB-CCCC
    area = int_strings(rng.integers(201, 990, n))
    exch = int_strings(rng.integers(200, 1000, n))
    line = int_strings(rng.integers(0, 10_000, n), 4)
    nanp = choose(
        weighted_choice(rng, n, [5, 3, 3, 1, 1]),
        [
            concat("(", area, ") ", exch, "-", line),
            concat(area, "-", exch, "-", line),
            concat("+1 ", area, " ", exch, " ", line),
            concat("+1 (", area, ") ", exch, "-", line),
            concat(area, exch, line),
        ],
    )
    # elsewhere: +49 30 1234567
    city = int_strings(rng.integers(1, 100, n))
    digits = rng.integers(6, 9, n)
    sub = int_strings(rng.integers(10**5, 10**8, n) % (10**digits), 6)
    intl = choose(
        weighted_choice(rng, n, [5, 3, 2, 1, 1]),
        [
            concat("+", cc, " ", city, " ", sub),
            concat("0", city, " ", sub),
            concat("+", cc, " (0)", city, " ", sub),
            concat("00", cc, " ", city, "-", sub),
            concat("+", cc, city, sub),
        ],
    )
    return where(_NANP[country], nanp, intl)


_TYPO_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def typo(text: str, rng: np.random.Generator) -> str:
    """One random character edit (substitute, delete, insert, transpose)."""
    if len(text) < 4:
        return text + text[-1:]
    pos = int(rng.integers(1, len(text) - 1))
    kind = int(rng.integers(0, 4))
    char = _TYPO_ALPHABET[int(rng.integers(0, 26))]
    if kind == 0:
        return text[:pos] + char + text[pos + 1 :]
    if kind == 1:
        return text[:pos] + text[pos + 1 :]
    if kind == 2:
        return text[:pos] + char + text[pos:]
    return text[: pos - 1] + text[pos] + text[pos - 1] + text[pos + 1 :]


_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9]+")


def short_name(base: str, brand: str) -> str:
    """What people abbreviate a company to: an acronym or the brand alone."""
    words = [
        w for w in _WORD.findall(base) if w.lower() not in {"de", "et", "of", "the"}
    ]
    if len(words) >= 3:
        return "".join(w[0].upper() for w in words)
    if brand and brand != base:
        return brand
    if len(words) == 2:
        return words[0] if len(words[0]) > 3 else "".join(w[0].upper() for w in words)
    return base


def slug(text: str) -> str:
    """Domain label from a name: ascii, lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", ref.to_ascii(text).lower().replace("&", "and"))


def hyphen_slug(text: str) -> str:
    """Hyphenated domain label ('acme-analytics')."""
    words = re.findall(r"[a-z0-9]+", ref.to_ascii(text).lower().replace("&", " and "))
    return "-".join(words)


def lower_upper_noise(
    rng: np.random.Generator, values: pa.Array, p_lower: float, p_upper: float
) -> pa.Array:
    """Lower-case some rows and upper-case others."""
    u = rng.random(len(values))
    out = where(u < p_lower, pc.utf8_lower(values), values) if p_lower else values
    return upper_where(out, (u >= p_lower) & (u < p_lower + p_upper))
