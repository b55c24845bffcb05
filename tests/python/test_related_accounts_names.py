"""Related accounts on names typed with errors: the SQL lineage built on a small export.

A small generated export gets extra account records of the kinds real legal-entity
exports carry: typos inside the name or inside the legal form ('PRIVTE LIMITED'),
legal forms spelt out ('Gesellschaft mit beschränkter Haftung') or opening the name
('PT', 'OOO'), names in Cyrillic or Greek letters beside their Latin spelling, a name
with and without its legal form, the connector '&' typed or dropped, and look-alikes
that must stay apart. The related-accounts models are built with dbt and the groups
checked.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from small_exports import RUN_DATE, add_records, build_and_query, small_export

from b2b_enrich.dbt_runner import run_dbt

pytestmark = pytest.mark.integration

# (key, name, website, country, city): pairs that must relate, then look-alikes
EXTRA_ACCOUNTS = [
    ("T-ZEBU-1", "ZEBU SHARE AND WEALTH MANAGEMENTS PRIVTE LIMITED", None, "IN", None),
    (
        "T-ZEBU-2",
        "Zebu Share and Wealth Managements Private Limited",
        None,
        "IN",
        "Mumbai",
    ),
    ("T-DRW-1", "DRW INDIA ETCHNOLOGY SERVICES PRIVATE LIMITED", None, "IN", None),
    ("T-DRW-2", "DRW India Technology Services Private Limited", None, "IN", None),
    ("T-ROMP-1", "Romparts Auto Softwrae Pty Ltd", "romparts.ro", "RO", None),
    ("T-ROMP-2", "ROMPARTS AUTO SRL", "www.romparts.ro", "RO", "Cluj-Napoca"),
    ("T-ADV-1", "Advisory Value", None, "ES", None),
    ("T-ADV-2", "ADVISORY VALUE SL", None, "ES", "Madrid"),
    (
        "T-SCH-1",
        "Scheuermann Handel Gesellschaft mit beschränkter Haftung",
        None,
        "DE",
        None,
    ),
    ("T-SCH-2", "Scheuermann Handel GmbH", None, "DE", None),
    ("T-LARA-1", "Lara  Carr Mobility", None, "US", None),
    ("T-LARA-2", "Lara & Carr Mobility Inc.", None, "US", None),
    ("T-VOX-1", "Voxhub Machinery Group", None, "US", "Denver"),
    ("T-VOX-2", "Voxhub Machinery Inc.", None, "US", "Denver"),
    ("T-HER-1", "Herman", None, "US", None),
    ("T-HER-2", "Herman Group LLC", "www.herman.com", "US", "Austin"),
    # a typo early in a word, which jaro-winkler punishes most
    ("T-BAL-1", "Baltic Lrarning", None, "GB", None),
    ("T-BAL-2", "Baltic Learning LLP", None, "GB", None),
    # one name is the other with a word added, in one country and no city
    ("T-BAR-1", "Barajas Capital International", None, "US", None),
    ("T-BAR-2", "Barajas Capital Inc.", None, "US", None),
    # a common word typed with an error, and the same phone (PHONES): only the whole
    # name's one-letter deletions put the two in one block
    ("T-NW-1", "Northwind GmbH", None, "DE", None),
    ("T-NW-2", "Nortwind", None, "DE", None),
    *[
        (f"T-NWX-{i}", f"Northwind {word}", None, "US", None)
        for i, word in enumerate(
            (
                "Foods",
                "Traders",
                "Mining",
                "Dental",
                "Studios",
                "Outfitters",
                "Robotics",
                "Ceramics",
                "Textiles",
                "Vineyards",
            )
        )
    ],
    # look-alikes: two brands that share a word, two qualified 'Campbell' companies in
    # two cities, a regional arm of a brand used by two unrelated companies
    ("T-ACME-1", "Acme Analytics Ltd", None, "GB", "London"),
    ("T-ACME-2", "Acme Logistics Ltd", None, "GB", "London"),
    ("T-CAMP-1", "Campbell Group Ltd", None, "GB", "London"),
    ("T-CAMP-2", "Campbell International Ltd", None, "GB", "Liverpool"),
    ("T-KEY-1", "Keyara Holdings GmbH", None, "DE", "Berlin"),
    ("T-KEY-2", "Keyara Ltd", None, "GB", "Manchester"),
    ("T-KEY-3", "Keyara Deutschland GmbH", None, "DE", "Berlin"),
    ("T-LIM-1", "Privte Limted", None, "GB", None),
    ("T-MEL-1", "Melrose Capital", None, "FR", None),
    ("T-MEL-2", "Melrose Capital Partners", None, "US", None),
    # one company typed in its own script and in Latin letters, with the legal form
    # first or last ('OOO', 'PT' open names in their legal systems) or left out
    ("T-GAZ-1", "ООО «Газпром нефть»", None, "RU", None),
    ("T-GAZ-2", "Gazprom Neft OOO", None, "RU", "Moscow"),
    ("T-OPAP-1", "ΟΠΑΠ Α.Ε.", None, "GR", None),
    ("T-OPAP-2", "OPAP S.A.", None, "GR", "Athens"),
    ("T-SAT-1", "PT Sumber Alfaria Trijaya Tbk", None, "ID", None),
    ("T-SAT-2", "Sumber Alfaria Trijaya", None, "ID", "Tangerang"),
    ("T-ORS-1", "Ørsted Vindkraft A/S", None, "DK", None),
    ("T-ORS-2", "Orsted Vindkraft", None, "DK", None),
    # the form first and a site annotated after the name
    ("T-KER-1", "PT Keramik Nusantara (Surabaya)", None, "ID", None),
    ("T-KER-2", "Keramik Nusantara", None, "ID", None),
    # names written without spaces, the legal form last, first or left out
    ("T-HIT-1", "株式会社日立製作所", None, "JP", None),
    ("T-HIT-2", "日立製作所", None, "JP", None),
    ("T-TEN-1", "深圳市腾讯计算机系统有限公司", None, "CN", None),
    ("T-TEN-2", "深圳市腾讯计算机系统公司", None, "CN", None),
]
PHONES = {"T-NW-1": "+49 30 81234567", "T-NW-2": "+49 (30) 8123-4567"}
RELATED = [
    ("T-ZEBU-1", "T-ZEBU-2"),
    ("T-DRW-1", "T-DRW-2"),
    ("T-ROMP-1", "T-ROMP-2"),
    ("T-ADV-1", "T-ADV-2"),
    ("T-SCH-1", "T-SCH-2"),
    ("T-LARA-1", "T-LARA-2"),
    ("T-VOX-1", "T-VOX-2"),
    ("T-HER-1", "T-HER-2"),
    ("T-BAL-1", "T-BAL-2"),
    ("T-BAR-1", "T-BAR-2"),
    ("T-NW-1", "T-NW-2"),
    ("T-GAZ-1", "T-GAZ-2"),
    ("T-OPAP-1", "T-OPAP-2"),
    ("T-SAT-1", "T-SAT-2"),
    ("T-ORS-1", "T-ORS-2"),
    ("T-KER-1", "T-KER-2"),
    ("T-HIT-1", "T-HIT-2"),
    ("T-TEN-1", "T-TEN-2"),
]
APART = [
    ("T-ACME-1", "T-ACME-2"),
    ("T-CAMP-1", "T-CAMP-2"),
    ("T-KEY-1", "T-KEY-2"),
    # a name with a word added, in another country
    ("T-MEL-1", "T-MEL-2"),
]


@pytest.fixture(scope="module")
def groups(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    raw = small_export(tmp_path_factory, "names_raw")
    extra = pd.DataFrame(
        EXTRA_ACCOUNTS,
        columns=["account_key", "account_name", "website", "country", "city"],
    ).assign(created_date="2024-01-01 00:00:00")
    extra["phone"] = extra["account_key"].map(PHONES)
    add_records(raw, "account_profiles", extra)
    return build_and_query(
        tmp_path_factory,
        raw,
        "+related_accounts",
        "select r.account_key, r.group_id, p.name_stem"
        " from related_accounts as r"
        " inner join int_related_account_profiles as p using (account_key)"
        " where r.account_key like 'T-%'",
    ).set_index("account_key")


@pytest.mark.parametrize(("a", "b"), RELATED)
def test_names_typed_with_errors_relate(groups: pd.DataFrame, a: str, b: str) -> None:
    assert groups.loc[a, "group_id"] == groups.loc[b, "group_id"], groups.loc[[a, b]]


@pytest.mark.parametrize(("a", "b"), APART)
def test_look_alikes_stay_apart(groups: pd.DataFrame, a: str, b: str) -> None:
    assert groups.loc[a, "group_id"] != groups.loc[b, "group_id"], groups.loc[[a, b]]


def test_mistyped_legal_forms_are_cut_from_the_stem(groups: pd.DataFrame) -> None:
    assert groups.loc["T-ZEBU-1", "name_stem"] == "zebu share and wealth managements"
    assert groups.loc["T-SCH-1", "name_stem"] == "scheuermann handel"
    # a name made of legal-form words keeps a word
    assert groups.loc["T-LIM-1", "name_stem"] != ""


def test_a_regional_arm_of_an_ambiguous_brand_joins_no_family(
    groups: pd.DataFrame,
) -> None:
    """'Keyara Holdings GmbH' (Berlin) and 'Keyara Ltd' (Manchester) are two families
    as far as names tell; 'Keyara Deutschland' in Berlin joins neither, not even on
    the shared city."""
    keyara = groups.loc[["T-KEY-1", "T-KEY-2", "T-KEY-3"], "group_id"]
    assert keyara["T-KEY-3"] not in set(keyara[["T-KEY-1", "T-KEY-2"]])


# A list of the companies of a few listed groups, names and countries only (no
# websites, phones, cities or parent links), beside unrelated companies whose names
# start with the same ordinary word, and two small hierarchies whose tops share a
# brand: (key, name, country, group, parent key)
GROUP_COMPANIES = [
    ("G-SIE-1", "Siemens AG", "DE", "siemens"),
    ("G-SIE-2", "Siemens Healthineers AG", "DE", "siemens"),
    ("G-SIE-3", "Siemens Mobility GmbH", "DE", "siemens"),
    ("G-SIE-4", "Siemens Energy Inc", "US", "siemens"),
    ("G-SIE-5", "Siemens Industry Inc.", "US", "siemens"),
    ("G-SIE-6", "Siemens Canada Limited", "CA", "siemens"),
    ("G-SIE-7", "Siemens Ltd", "GB", "siemens"),
    # the legal form first, as in Russia, Indonesia and Vietnam
    ("G-SIE-8", "OOO Siemens", "RU", "siemens"),
    ("G-SIE-9", "PT Siemens Indonesia", "ID", "siemens"),
    ("G-SIE-10", "Công ty TNHH Siemens", "VN", "siemens"),
    ("G-ALZ-1", "Allianz SE", "DE", "allianz"),
    ("G-ALZ-2", "Allianz Global Investors GmbH", "DE", "allianz"),
    ("G-ALZ-3", "Allianz Versicherungs-AG", "DE", "allianz"),
    ("G-ALZ-4", "Allianz Partners SAS", "FR", "allianz"),
    ("G-ALZ-5", "Allianz France", "FR", "allianz"),
    ("G-HEI-1", "Heineken N.V.", "NL", "heineken"),
    ("G-HEI-2", "Heineken Nederland B.V.", "NL", "heineken"),
    ("G-HEI-3", "Heineken Brouwerijen B.V.", "NL", "heineken"),
    ("G-HEI-4", "Heineken UK Limited", "GB", "heineken"),
    ("G-HEI-5", "Heineken Supply Chain B.V.", "NL", "heineken"),
    ("G-HEI-6", "Heineken Beer Systems B.V.", "NL", "heineken"),
    # a group named mostly by its regional arms: two stems ('pfizer', 'pfizer
    # ireland pharmaceuticals'), five names
    ("G-PFI-1", "Pfizer Inc.", "US", "pfizer"),
    ("G-PFI-2", "Pfizer Limited", "GB", "pfizer"),
    ("G-PFI-3", "Pfizer Deutschland GmbH", "DE", "pfizer"),
    ("G-PFI-4", "Pfizer Japan Inc.", "JP", "pfizer"),
    ("G-PFI-5", "Pfizer Canada ULC", "CA", "pfizer"),
    ("G-PFI-6", "Pfizer Ireland Pharmaceuticals", "IE", "pfizer"),
    ("G-PFI-8", "PT Pfizer Indonesia", "ID", "pfizer"),
    ("G-AME-1", "American Airlines Inc.", "US", "american airlines"),
    ("G-AME-2", "American Express Company", "US", "american express"),
    ("G-AME-3", "American Tower Corporation", "US", "american tower"),
    ("G-AME-4", "North American Van Lines Inc.", "US", "north american"),
    ("G-GEN-1", "General Electric Company", "US", "general electric"),
    ("G-GEN-2", "General Mills Inc.", "US", "general mills"),
    ("G-GEN-3", "General Motors LLC", "US", "general motors"),
    ("G-FIR-1", "First Solar Inc.", "US", "first solar"),
    ("G-FIR-2", "First Data Corporation", "US", "first data"),
    ("G-FIR-3", "First American Financial Corp", "US", "first american"),
    ("G-UNI-1", "United Rentals Inc.", "US", "united rentals"),
    ("G-UNI-2", "United Airlines Inc.", "US", "united airlines"),
    ("G-UNI-3", "United Parcel Service Inc.", "US", "united parcel"),
    ("G-OAK-1", "Oakridge Group Inc.", "US", "oakridge 1"),
    ("G-OAK-2", "Oakridge Group Corp.", "US", "oakridge 2"),
    ("G-OAK-3", "Oakridge Consulting LLC", "US", "oakridge 3"),
    ("G-OAK-4", "Wavemind Inc.", "US", "oakridge 1", "G-OAK-1"),
    ("G-OAK-5", "Silverbase Asset Management LLC", "US", "oakridge 2", "G-OAK-2"),
    ("G-OAK-6", "Oakridge Materials Inc.", "US", "oakridge 2", "G-OAK-2"),
    ("G-OAK-7", "Oakridge Logistics LLC", "US", "oakridge 1", "G-OAK-1"),
]


def _build_group_list(
    raw: Path, warehouse: Path, variables: str | None = None
) -> pd.DataFrame:
    args = ["run", "--select", "+related_accounts"]
    if variables:
        args += ["--vars", variables]
    run_dbt(args, raw_dir=raw, warehouse=warehouse, run_date=RUN_DATE)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql("select account_key, group_id from related_accounts").df()


@pytest.fixture(scope="module")
def group_list(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The related accounts of the group list, by the default rule ('any_country')
    and with var related_name_names_only_brand_siblings: same_country; a word counts
    as rare in at most two stems, as in a large table where 'oakridge' is common (so
    no rare-name rule ties the two Oakridge tops)."""
    raw = small_export(tmp_path_factory, "group_list_raw")
    listed = pd.DataFrame(
        [(*row[:3], row[4] if len(row) > 4 else None) for row in GROUP_COMPANIES],
        columns=["account_key", "account_name", "country", "parent_account_key"],
    ).assign(created_date="2024-01-01 00:00:00")
    add_records(raw, "account_profiles", listed, replace=True)
    warehouse = tmp_path_factory.mktemp("group_list_warehouse") / "b2b.duckdb"
    run_dbt(["seed"], raw_dir=raw, warehouse=warehouse, run_date=RUN_DATE)
    truth = pd.DataFrame(
        [(row[0], row[3]) for row in GROUP_COMPANIES], columns=["account_key", "group"]
    )
    return {
        mode: _build_group_list(raw, warehouse, variables).merge(
            truth, on="account_key"
        )
        for mode, variables in (
            (
                "same_country",
                "{related_name_rare_word_max_names: 2,"
                " related_name_names_only_brand_siblings: same_country}",
            ),
            ("any_country", "{related_name_rare_word_max_names: 2}"),
        )
    }


def _groups_of(frame: pd.DataFrame, keys: list[str]) -> set[str]:
    return set(frame.set_index("account_key").loc[keys, "group_id"])


def test_a_group_brand_relates_its_companies_in_one_country(
    group_list: dict[str, pd.DataFrame],
) -> None:
    """'Siemens' leads many names of the list (it is not rare), yet it is a brand:
    the group's companies in one country form one group."""
    frame = group_list["same_country"]
    for keys in (
        ["G-SIE-1", "G-SIE-2", "G-SIE-3"],
        ["G-SIE-4", "G-SIE-5"],
        ["G-ALZ-1", "G-ALZ-2", "G-ALZ-3"],
        ["G-ALZ-4", "G-ALZ-5"],
        ["G-HEI-1", "G-HEI-2", "G-HEI-3", "G-HEI-5", "G-HEI-6"],
    ):
        assert len(_groups_of(frame, keys)) == 1, frame[frame.account_key.isin(keys)]
    # with same_country not across countries
    assert _groups_of(frame, ["G-SIE-1"]) != _groups_of(frame, ["G-SIE-4"])


def test_any_country_relates_a_group_across_countries(
    group_list: dict[str, pd.DataFrame],
) -> None:
    """The default: a group's companies in five countries form one group."""
    frame = group_list["any_country"]
    for brand in ("siemens", "allianz", "heineken", "pfizer"):
        members = frame[frame["group"] == brand]
        assert members["group_id"].nunique() == 1, members


@pytest.mark.parametrize("mode", ["same_country", "any_country"])
def test_ordinary_first_words_and_other_groups_stay_apart(
    group_list: dict[str, pd.DataFrame], mode: str
) -> None:
    """'American Airlines' / 'American Express', 'General Electric' / 'General Mills',
    'First Solar' / 'First Data', 'United Rentals' / 'United Airlines' share an
    ordinary first word, not a brand; two hierarchy tops on one brand ('Oakridge
    Group Inc.', 'Oakridge Group Corp.') are placed by their hierarchies, not by the
    brand; no group mixes two groups of the list."""
    frame = group_list[mode]
    mixed = frame.groupby("group_id")["group"].nunique()
    assert (mixed == 1).all(), frame[frame.group_id.isin(mixed[mixed > 1].index)]
