"""Leads typed in Latin letters match accounts written in their own script, and back.

Exports from many countries hold the same company as 'ООО «Северсталь Логистика»' in
the CRM and 'Severstal Logistika' in a lead list, or with the legal form opening the
name in one and missing in the other ('PT Bank Mandiri (Persero) Tbk' / 'Bank
Mandiri', '株式会社日立製作所' / '日立製作所'). Legal forms also say which legal
system a company is registered in: 'Rice Wireless AB' and 'Rice Wireless Inc.' are two
companies unless the lead says it is in the account's country. A small generated
export gets such accounts and leads; the matching models are built with dbt and the
matches checked.
"""

from __future__ import annotations

import pandas as pd
import pytest
from small_exports import add_records, build_and_query, small_export

pytestmark = pytest.mark.integration

# (key, name, country)
ACCOUNTS = [
    ("T-SEV", "ООО «Северсталь Логистика»", "RU"),
    ("T-BMRI", "PT Bank Mandiri (Persero) Tbk", "ID"),
    ("T-MYT", "Mytilinaios Energy S.A.", "GR"),
    ("T-ORS", "Ørsted Vindkraft A/S", "DK"),
    ("T-KYIV", "ТОВ «Київстар Бізнес»", "UA"),
    ("T-HIT", "株式会社日立製作所", "JP"),
    ("T-RICE", "Rice Wireless AB", "SE"),
    ("T-ANA", "Anadolu Gıda Sanayi ve Ticaret Ltd. Şti.", "TR"),
    ("T-GMS", "Gulf Marine Services W.L.L.", "QA"),
    ("T-GIS", "Grupo Industrial Saltillo, S.A.B. de C.V.", "MX"),
    ("T-AGP", "Agroindustrias del Pacífico S.A.C.", "PE"),
    ("T-DIS", "Distribuidora Andina Cía. Ltda.", "EC"),
    ("T-OFF", "Officine Meccaniche Brenta S.r.l.s.", "IT"),
]
# (key, company typed, country, the account it belongs to or None)
LEADS = [
    ("L-SEV", "Severstal Logistika", "RU", "T-SEV"),
    ("L-BMRI", "Bank Mandiri", "ID", "T-BMRI"),
    ("L-MYT", "ΜΥΤΙΛΗΝΑΙΟΣ ENERGY Α.Ε.", "GR", "T-MYT"),
    ("L-ORS", "Orsted Vindkraft", "DK", "T-ORS"),
    ("L-KYIV", "TOV Kiivstar Biznes", "UA", "T-KYIV"),
    ("L-HIT", "日立製作所", "JP", "T-HIT"),
    # a form of the account's own legal system, and another one in its country
    ("L-RICE-AKTIEBOLAG", "Rice Wireless Aktiebolag", None, "T-RICE"),
    ("L-RICE-SE", "Rice Wireless Inc.", "SE", "T-RICE"),
    # the legal form left out: Turkish, Gulf, Mexican, Peruvian, Ecuadorian, Italian
    ("L-ANA", "Anadolu Gida Sanayi ve Ticaret", "TR", "T-ANA"),
    ("L-GMS", "Gulf Marine Services", "QA", "T-GMS"),
    ("L-GIS", "Grupo Industrial Saltillo", "MX", "T-GIS"),
    ("L-AGP", "Agroindustrias del Pacifico", "PE", "T-AGP"),
    ("L-DIS", "Distribuidora Andina", "EC", "T-DIS"),
    ("L-OFF", "Officine Meccaniche Brenta", "IT", "T-OFF"),
    # another company of the same script: stays unmatched
    ("L-OTHER", "ООО «Северный Ветер»", "RU", None),
    # a form of another legal system, no country: not the same name to the rules
    ("L-RICE-US", "Rice Wireless Inc.", None, None),
]


@pytest.fixture(scope="module")
def matches(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    raw = small_export(tmp_path_factory, "scripts_raw")
    add_records(
        raw,
        "account_profiles",
        pd.DataFrame(
            ACCOUNTS, columns=["account_key", "account_name", "country"]
        ).assign(created_date="2024-01-01 00:00:00"),
    )
    add_records(
        raw,
        "person_profiles",
        pd.DataFrame(
            [lead[:3] for lead in LEADS],
            columns=["person_key", "company_name", "work_country"],
        ).assign(
            first_name="Ana", last_name="Petrova", created_date="2025-01-01 00:00:00"
        ),
    )
    return build_and_query(
        tmp_path_factory,
        raw,
        "+lead_account_matches",
        "select person_key, account_key, match_method from lead_account_matches"
        " where person_key like 'L-%'",
    ).set_index("person_key")


@pytest.mark.parametrize(
    ("lead", "account"), [(key, account) for key, _, _, account in LEADS if account]
)
def test_a_lead_typed_in_another_script_or_legal_form_matches_its_account(
    matches: pd.DataFrame, lead: str, account: str
) -> None:
    assert lead in matches.index, matches
    assert matches.loc[lead, "account_key"] == account, matches.loc[[lead]]


def test_another_company_in_the_same_script_stays_unmatched(
    matches: pd.DataFrame,
) -> None:
    assert "L-OTHER" not in matches.index, matches


def test_a_legal_form_of_another_system_is_no_name_match_without_the_country(
    matches: pd.DataFrame,
) -> None:
    # 'Rice Wireless Inc.' with no country may be a US company of the same name: the
    # deterministic tier leaves it to the probabilistic one, which weighs the conflict
    assert "L-RICE-US" not in matches.index or (
        matches.loc["L-RICE-US", "match_method"] != "deterministic_company_name"
    ), matches.loc[["L-RICE-US"]]
    assert matches.loc["L-RICE-SE", "match_method"] == "deterministic_company_name"
    assert (
        matches.loc["L-RICE-AKTIEBOLAG", "match_method"] == "deterministic_company_name"
    )


@pytest.mark.parametrize("lead", ["L-ANA", "L-GMS", "L-GIS", "L-AGP", "L-DIS", "L-OFF"])
def test_a_form_the_legal_systems_know_is_cut_from_the_name(
    matches: pd.DataFrame, lead: str
) -> None:
    # 'Ltd. Şti.', 'W.L.L.' and 'S.A.B. de C.V.' were known to the legal systems but
    # not cut from the cores, 'S.A.C.', 'Cía. Ltda.' and 'S.r.l.s.' not known: the
    # lead typed without them was no name match
    assert matches.loc[lead, "match_method"] == "deterministic_company_name", (
        matches.loc[[lead]]
    )
