"""The probabilistic matcher on small hand-made frames, and the pair reduction."""

from __future__ import annotations

import pandas as pd
import pytest

import b2b_enrich.matching as matching
from b2b_enrich.matching import (
    COMPARISONS,
    MATCH_COLUMNS,
    best_account_per_lead,
    link_leads_to_accounts,
    plan_tier,
    probabilistic_tier_inputs,
)


def _layout(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in ("email_domain", "web_domain"):
        if column not in frame:
            frame[column] = None
    name = frame["name_core"].fillna("")
    first = name.str.split(" ").str[0]
    frame["name_first_token"] = first.where(name != "")
    frame["name_prefix"] = name.str[:4].where(name != "")
    frame["name_bookends"] = (first.str[:2] + first.str[-2:]).where(
        first.str.len() >= 5
    )
    frame["name_acronym"] = None
    frame["name_squashed"] = name.str.replace(" ", "").where(name != "")
    domain = frame["email_domain"].fillna(frame["web_domain"])
    frame["domain_label"] = domain.str.split(".").str[0]
    for column in MATCH_COLUMNS:
        if column not in frame:
            frame[column] = None
    return frame[MATCH_COLUMNS]


def _rekeyed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its name keys derived again from the (edited) ``name_core``."""
    derived = ["name_first_token", "name_prefix", "name_bookends", "name_acronym"]
    return _layout(frame.drop(columns=[*derived, "name_squashed"]).to_dict("records"))


WORDS = [
    "nordic",
    "atlas",
    "vertex",
    "summit",
    "harbor",
    "quantum",
    "cedar",
    "falcon",
    "granite",
    "lumen",
    "meridian",
    "orbit",
    "pioneer",
    "sterling",
    "tundra",
    "zenith",
    "apex",
    "beacon",
    "cobalt",
    "delta",
]
SECTORS = ["logistics", "analytics", "foods", "capital", "energy", "media"]
COUNTRIES = ["DE", "US", "FR", "GB", "JP"]


@pytest.fixture(scope="module")
def small_world() -> tuple[pd.DataFrame, pd.DataFrame]:
    """120 accounts; 360 leads of them with typos/missing fields, 60 of absent firms."""
    accounts, leads = [], []
    index = 0
    for word in WORDS:
        for sector in SECTORS:
            country = COUNTRIES[index % len(COUNTRIES)]
            accounts.append(
                {
                    "record_id": f"A{index}",
                    "name_core": f"{word} {sector}",
                    "email_domain": f"{word}{sector}.com",
                    "web_domain": f"{word}{sector}.com",
                    "country_code": country,
                    "city": f"city{index % 7}",
                    "phone": None,
                }
            )
            for variant in range(3):
                name = f"{word} {sector}"
                if variant == 1:
                    name = name[:3] + name[4:]  # a typo
                leads.append(
                    {
                        "record_id": f"P{index}_{variant}",
                        "name_core": None if variant == 2 else name,
                        "email_domain": f"{word}{sector}.com" if variant != 1 else None,
                        "web_domain": None,
                        "country_code": country if variant != 0 else None,
                        "city": f"city{index % 7}" if variant == 1 else None,
                        "phone": None,
                    }
                )
            index += 1
    for absent in range(60):
        word = WORDS[absent % len(WORDS)]
        leads.append(
            {
                "record_id": f"X{absent}",
                "name_core": f"{word} robotics {absent}",
                "email_domain": f"{word}robotics{absent}.io",
                "web_domain": None,
                "country_code": "IT",
                "city": None,
                "phone": None,
            }
        )
    return _layout(leads), _layout(accounts)


def test_links_leads_to_their_accounts_and_leaves_absent_companies(small_world):
    leads, accounts = small_world
    result = link_leads_to_accounts(leads, accounts, u_max_pairs=1e5)
    assert result["person_key"].is_unique
    known = result[result["person_key"].str.startswith("P")]
    true_account = "A" + known["person_key"].str.extract(r"^P(\d+)_")[0]
    # the most probable account is the right one for (nearly) every lead of a known firm
    assert (true_account == known["account_key"]).mean() >= 0.95
    # a confident match is a right match; leads of absent firms are never confident
    confident = known[known["match_probability"] >= 0.9]
    assert len(confident) >= 100
    assert (confident["account_key"] == true_account[confident.index]).mean() >= 0.98
    absent = result[result["person_key"].str.startswith("X")]
    assert (absent["match_probability"] < 0.5).all()


def test_explanation_names_the_agreeing_fields(small_world):
    leads, accounts = small_world
    result = link_leads_to_accounts(
        leads.head(10), accounts, training_leads=leads, u_max_pairs=1e5
    )
    first = result.set_index("person_key").loc["P0_0"]
    assert first["account_key"] == "A0"
    assert "company_name: exact" in first["explanation"]
    assert "company_domain: e-mail or website domain equal" in first["explanation"]


def test_empty_inputs_give_an_empty_frame(small_world):
    _, accounts = small_world
    result = link_leads_to_accounts(accounts.iloc[0:0], accounts)
    assert result.empty and "match_probability" in result.columns


def test_best_account_per_lead_keeps_runner_up_and_breaks_ties_by_key():
    gammas = {f"gamma_{c.name}": -1 for c in COMPARISONS}
    weights = {f"mw_{c.name}": 0.0 for c in COMPARISONS}
    pairs = pd.DataFrame(
        [
            {
                "record_id_l": "p1",
                "record_id_r": "a2",
                "match_probability": 0.7,
                "match_weight": 1.0,
                **gammas,
                **weights,
            },
            {
                "record_id_l": "a1",
                "record_id_r": "p1",
                "match_probability": 0.7,
                "match_weight": 1.0,
                **gammas,
                **weights,
            },
            {
                "record_id_l": "p1",
                "record_id_r": "a3",
                "match_probability": 0.2,
                "match_weight": -2.0,
                **gammas,
                **weights,
            },
        ]
    )
    best = best_account_per_lead(pairs, {"p1"}).iloc[0]
    assert (best["account_key"], best["runner_up_account_key"]) == ("a1", "a2")


def test_blocks_on_the_same_phone_and_on_rare_words_anywhere_in_the_name(small_world):
    """A lead typed as the account's site name alone ('kestrelwood' for 'zz holding
    kestrelwood site') shares neither first word nor domain: the rare word and the phone
    bring the account among its candidates."""
    leads, accounts = small_world
    site = accounts.iloc[[0]].copy()
    site["record_id"] = "S1"
    site["name_core"] = "zz holding kestrelwood site"
    site["phone"] = "3125550142"
    lead = leads.iloc[[0]].copy()
    lead["record_id"] = "L1"
    lead["name_core"] = "kestrelwood"
    lead["phone"] = "3125550142"
    for column in ("email_domain", "web_domain", "domain_label", "country_code"):
        lead[column] = None
    keyed = _rekeyed(pd.concat([lead, site]))
    result = link_leads_to_accounts(
        pd.concat([leads, keyed.iloc[[0]]]),
        pd.concat([accounts, keyed.iloc[[1]]]),
        u_max_pairs=1e5,
    )
    assert result.set_index("person_key").loc["L1", "account_key"] == "S1"


def test_blocks_a_typo_in_the_first_word_that_no_first_word_rule_finds(small_world):
    """'cdear logistics' (two letters swapped at the start) shares no first word,
    prefix or outer letters with 'cedar logistics', and 'logistics' is no rare word:
    one letter deleted from each gives the same key."""
    leads, accounts = small_world
    lead = leads.iloc[[0]].copy()
    lead["record_id"] = "T1"
    for column in ("email_domain", "web_domain", "domain_label", "country_code"):
        lead[column] = None
    lead["name_core"] = "cdear logistics"
    keyed = _rekeyed(lead)
    result = link_leads_to_accounts(
        pd.concat([leads, keyed]), accounts, u_max_pairs=1e5
    ).set_index("person_key")
    cedar = accounts.loc[accounts["name_core"] == "cedar logistics", "record_id"]
    assert result.loc["T1", "account_key"] == cedar.iloc[0]


def test_typo_keys_only_for_leads_whose_first_word_no_account_has():
    """Accounts all carry typo keys; a lead only when its first word is unknown (the
    well-typed leads add no pairs at scale)."""
    import duckdb

    con = duckdb.connect()
    no_domain = {"email_domain": None, "web_domain": None}
    accounts = _layout(
        [
            {"record_id": "A1", "name_core": "cedar logistics", **no_domain},
            {"record_id": "A2", "name_core": "ab", **no_domain},
        ]
    )
    leads = _layout(
        [
            {"record_id": "L1", "name_core": "cdear logistics", **no_domain},
            {"record_id": "L2", "name_core": "cedar logstics", **no_domain},
        ]
    )
    con.register("accounts", accounts)
    matching._idf_table(con, "accounts", "idf")
    keyed_accounts = matching._with_name_keys(
        con, accounts, "idf", 4, every_typo_key=True
    )
    keyed_leads = matching._with_name_keys(con, leads, "idf", 2).set_index("record_id")
    cedar = set(keyed_accounts.set_index("record_id").loc["A1", "name_typo_keys"])
    assert "cedarlogistics" in cedar and "cearlogistics" in cedar
    # too short to carry keys
    assert pd.isna(keyed_accounts.set_index("record_id").loc["A2", "name_typo_keys"])
    assert cedar & set(keyed_leads.loc["L1", "name_typo_keys"])
    assert pd.isna(keyed_leads.loc["L2", "name_typo_keys"])


def test_tier_inputs_read_only_the_sample_of_training_leads_and_related_persons(
    small_world, monkeypatch
):
    """At 1M persons the tier's inputs hold 630k candidate leads and 340k related
    persons, of which it learns from 300k and 5k: the sample is drawn in SQL, the same
    on a rerun, another with another seed, and every lead to match is still read."""
    import duckdb

    leads, accounts = small_world
    related = accounts.assign(account_key=accounts["record_id"])
    related["record_id"] = "R" + related["record_id"]
    plan = plan_tier(leads, len(leads), accounts, None).to_frame()
    con = duckdb.connect()
    for name, frame in {
        "leads": leads,
        "accounts": accounts,
        "related": related,
        "plan": plan,
        "matches": pd.DataFrame(
            {"person_key": ["P0_0"], "account_key": ["A0"], "is_ambiguous": [False]}
        ),
    }.items():
        con.register(name, frame)
    monkeypatch.setattr(matching, "MAX_TRAINING_LEADS", 100)
    monkeypatch.setattr(matching, "MAX_LABELLED_LEADS", 40)

    def inputs(seed):
        return probabilistic_tier_inputs(
            *(con.table(t) for t in ("leads", "accounts", "leads", "matches")),
            con.table("plan"),
            con.table("related"),
            seed=seed,
        )

    first, again, other = inputs(42), inputs(42), inputs(7)
    assert len(first["leads"]) == len(leads)
    assert len(first["training_leads"]) == 100
    assert len(first["related_leads"]) == 20
    assert set(first["training_leads"]["record_id"]) <= set(leads["record_id"])
    assert list(first["training_leads"]["record_id"]) == list(
        again["training_leads"]["record_id"]
    )
    assert set(first["training_leads"]["record_id"]) != set(
        other["training_leads"]["record_id"]
    )
    assert set(first["related_leads"]["record_id"]) != set(
        other["related_leads"]["record_id"]
    )


def test_phone_labels_a_lead_whose_phone_one_account_holds_and_shares_a_rare_word():
    """The export's confident cases by phone become labels: the phone of one account
    and a rare word in common; not a switchboard two accounts share, not a phone with
    no word in common, not a lead the names already label."""
    import duckdb

    con = duckdb.connect()
    no_domain = {"email_domain": None, "web_domain": None}
    accounts = _layout(
        [
            {
                "record_id": "A1",
                "name_core": "cps woodson south",
                "phone": "7735551001",
                **no_domain,
            },
            {
                "record_id": "A2",
                "name_core": "cps carter",
                "phone": "7735552002",
                **no_domain,
            },
            {
                "record_id": "A3",
                "name_core": "cps hamline",
                "phone": "7735552002",
                **no_domain,
            },
        ]
    )
    leads = _layout(
        [
            {
                "record_id": "L1",
                "name_core": "woodson south cpc",
                "phone": "17735551001",
                **no_domain,
            },
            {
                "record_id": "L2",
                "name_core": "carter",
                "phone": "7735552002",
                **no_domain,
            },
            {
                "record_id": "L3",
                "name_core": "acme",
                "phone": "7735551001",
                **no_domain,
            },
            {
                "record_id": "L4",
                "name_core": "woodson",
                "phone": "7735551001",
                **no_domain,
            },
        ]
    )
    con.register("match_accounts", accounts)
    matching._idf_table(con, "match_accounts", "idf")
    known = pd.DataFrame({"person_key": ["L4"], "account_key": ["A1"]})
    labels = matching._with_phone_labels(con, leads, known, "match_accounts", "idf")
    assert sorted(map(tuple, labels.to_numpy().tolist())) == [
        ("L1", "A1"),
        ("L4", "A1"),
    ]
