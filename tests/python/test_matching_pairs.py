"""The pair model: learns from the export's confident matches, chooses per lead with
"none" as an answer, and explains its choice."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from test_matching import _layout, small_world  # noqa: F401

from b2b_enrich.matching import (
    MATCH_COLUMNS,
    link_leads_to_accounts,
    plan_tier,
    to_arrow,
)
from b2b_enrich.matching_pairs import (
    FEATURES,
    calibrate_lead_totals,
    explain,
    fit_lead_calibration,
    lead_probabilities,
    lead_totals,
    pair_features_sql,
    retyped_leads_sql,
    shift_to_prior,
    training_frame,
    tree_contributions,
)


def _true_account(person_key: pd.Series) -> pd.Series:
    return "A" + person_key.str.extract(r"P(\d+)_")[0]


@pytest.fixture(scope="module")
def labelled_world(small_world):  # noqa: F811
    """Variant-0 leads (exact name and e-mail) are the deterministic tier's labels;
    the typo'd, name-less and absent-company leads are left to the tier."""
    leads, accounts = small_world
    # look-alikes: a company of a near name in another country for each account
    lookalikes = accounts.copy()
    lookalikes["record_id"] = "B" + accounts["record_id"].str[1:]
    lookalikes["name_core"] = accounts["name_core"] + " holdings"
    lookalikes["name_squashed"] = lookalikes["name_core"].str.replace(" ", "")
    lookalikes["country_code"] = "CA"
    lookalikes["city"] = "toronto"
    for column in ("email_domain", "web_domain", "domain_label"):
        lookalikes[column] = None
    accounts = pd.concat([accounts, lookalikes], ignore_index=True)
    confident = leads["record_id"].str.endswith("_0")
    labels = pd.DataFrame(
        {
            "person_key": leads.loc[confident, "record_id"],
            "account_key": _true_account(leads.loc[confident, "record_id"]),
        }
    )
    return leads[~confident], leads, accounts, labels


def test_pair_model_matches_typos_and_leaves_absent_companies(labelled_world):
    undecided, leads, accounts, labels = labelled_world
    result = link_leads_to_accounts(
        undecided, accounts, training_leads=leads, labels=labels
    )
    assert set(result["scored_by"]) == {"pair_model"}
    matched = result[result["match_probability"] >= 0.9]
    typo = matched[matched["person_key"].str.endswith("_1")]
    # the typo'd leads (name with a letter dropped, no e-mail) are found...
    assert len(typo) >= 30
    assert (typo["account_key"] == _true_account(typo["person_key"])).mean() >= 0.9
    # ...and the leads of companies absent from the accounts are (almost) never kept
    absent = result[result["person_key"].str.startswith("X")]
    assert (absent["match_probability"] >= 0.9).mean() <= 0.05
    assert absent["none_probability"].median() > 0.5
    # probabilities per lead: candidates and "none" add up to at most one
    total = result["match_probability"] + result["runner_up_probability"].fillna(0)
    assert (total <= 1.0 + 1e-6).all()


def test_explanation_and_candidates_say_which_evidence_weighed(labelled_world):
    undecided, leads, accounts, labels = labelled_world
    result = link_leads_to_accounts(
        undecided, accounts, training_leads=leads, labels=labels
    )
    best = result.sort_values("match_probability").iloc[-1]
    assert best["explanation"].startswith("pair model (learned from ")
    assert "| splink:" in best["explanation"]
    candidates = list(best["candidates"])
    assert 1 <= len(candidates) <= 3
    assert candidates[0]["account_key"] == best["account_key"]
    assert candidates[0]["evidence"]
    probabilities = [c["probability"] for c in candidates]
    assert probabilities == sorted(probabilities, reverse=True)
    table = to_arrow(result)
    assert str(table.schema.field("candidates").type).startswith("list<item: struct")


def test_company_names_alone_skip_em_and_the_pair_model_weighs_them(labelled_world):
    """Leads with a company name and nothing else: the EM pass blocked on the name's
    first word has nothing left to estimate (Splink stopped with a parser error); it
    is skipped, Splink's default m probabilities block and rank, and the pair model
    learns the weights from the labels."""
    undecided, leads, accounts, labels = labelled_world
    bare = ["email_domain", "web_domain", "domain_label", "country_code", "city"]
    leads = leads.assign(**{column: None for column in bare})
    undecided = undecided.assign(**{column: None for column in bare})
    plan = plan_tier(leads, len(undecided), accounts, len(labels))
    steps = {step.step: step for step in plan.steps}
    assert steps["em:company name first word"].status == "skipped"
    assert "leaves nothing to estimate" in steps["em:company name first word"].reason
    assert steps["m"].degrades and steps["tier"].status == "run"
    assert steps["pair_model"].status == "run"
    result = link_leads_to_accounts(
        undecided, accounts, training_leads=leads, labels=labels, plan=plan
    )
    assert set(result["scored_by"]) == {"pair_model"}
    typo = result[
        result["person_key"].str.endswith("_1") & (result["match_probability"] >= 0.5)
    ]
    assert len(typo) >= 30
    assert (typo["account_key"] == _true_account(typo["person_key"])).mean() >= 0.9
    # without labels to learn from there is nothing to weigh the names: no tier
    no_labels = plan_tier(leads, len(undecided), accounts, None)
    assert not no_labels.tier_runs


def test_too_few_labels_fall_back_to_splink_and_say_so(labelled_world):
    undecided, leads, accounts, labels = labelled_world
    few = labels.head(5)
    plan = plan_tier(leads, len(undecided), accounts, len(few))
    step = next(s for s in plan.steps if s.step == "pair_model")
    assert step.status == "skipped" and step.degrades
    assert "5 labelled leads" in step.reason
    result = link_leads_to_accounts(
        undecided, accounts, training_leads=leads, labels=few, plan=plan
    )
    assert set(result["scored_by"]) == {"splink"}


def test_retyping_is_deterministic_and_keeps_the_keys_consistent(small_world):  # noqa: F811
    leads, _ = small_world
    con = duckdb.connect(":memory:")
    con.register("leads", leads)
    first = con.sql(retyped_leads_sql("leads") + " order by record_id").df()
    second = con.sql(retyped_leads_sql("leads") + " order by record_id").df()
    pd.testing.assert_frame_equal(first, second)
    named = first[first["name_core"].notna()]
    original = leads.set_index("record_id").loc[named["record_id"], "name_core"]
    changed = (named["name_core"].to_numpy() != original.to_numpy()).mean()
    assert 0.4 <= changed <= 0.9  # most leads retyped, some kept as typed
    assert (named["name_squashed"] == named["name_core"].str.replace(" ", "")).all()
    assert (named["name_first_token"] == named["name_core"].str.split(" ").str[0]).all()


def test_retyping_also_types_the_brand_or_site_alone():
    """Real leads type a long name as its rarest word ("Cameron" for "Chicago Public
    Schools Cameron, Daniel R."); the training leads are retyped that way too, the
    rarest word taken from the export's own word rarities."""
    name = "chicago public schools cameron daniel r"
    leads = pd.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(400)],
            "name_core": [name] * 400,
        }
    )
    for column in MATCH_COLUMNS:
        if column not in leads:
            leads[column] = None
    con = duckdb.connect(":memory:")
    con.register("leads", leads[MATCH_COLUMNS])
    con.register(
        "idf",
        pd.DataFrame(
            {
                "token": ["chicago", "public", "schools", "cameron", "daniel"],
                "idf": [1.2, 1.3, 1.3, 6.0, 4.0],
            }
        ),
    )
    typed = con.sql(retyped_leads_sql("leads", "idf")).df()["name_core"]
    assert (typed == "cameron").mean() > 0.04
    without_rarities = con.sql(retyped_leads_sql("leads")).df()["name_core"]
    assert not (without_rarities == "cameron").any()


def test_lead_probabilities_leave_room_for_none():
    keys = pd.Series(["a", "a", "b"])
    p = lead_probabilities(pd.Series([0.5, 0.5, 0.9]), keys)
    # two even candidates: a third each, a third for "none"
    assert np.allclose(p[:2], 1 / 3)
    assert np.isclose(p[2], 0.9)


def test_lead_totals_are_recalibrated_on_the_labelled_leads():
    # pairs calibrated one by one, whose leads' totals are too sure of themselves
    # between the tails (a total of 0.7 right 60 % of the time): per lead the
    # totals are fitted again, the candidates keep their shares
    rng = np.random.default_rng(7)
    leads = 4000
    total = rng.uniform(0.02, 0.98, leads)
    logit = np.log(total / (1 - total))
    truly = 1 / (1 + np.exp(-(1.2 * logit - 0.6)))
    has_account = rng.random(leads) < truly
    first_share = rng.uniform(0.5, 1.0, leads)
    keys = pd.Series(np.repeat([f"p{i}" for i in range(leads)], 2))
    pairs = np.column_stack([total * first_share, total * (1 - first_share)]).ravel()
    label = pd.Series(np.column_stack([has_account, np.zeros(leads)]).ravel())
    calibration = fit_lead_calibration(pairs, keys, label)
    fitted = calibrate_lead_totals(pairs, keys, calibration)
    fitted_total = lead_totals(fitted, keys).to_numpy()[::2]
    bands = pd.cut(fitted_total, np.linspace(0, 1, 11))
    by_band = pd.DataFrame({"p": fitted_total, "right": has_account}).groupby(
        bands, observed=True
    )
    table = by_band.agg(leads=("p", "size"), p=("p", "mean"), right=("right", "mean"))
    held = table[table["leads"] >= 100]
    assert len(held) >= 6
    assert ((held["right"] - held["p"]).abs() <= 0.05).all()
    # before the fit the middle bands were too sure by more than that
    before = pd.DataFrame({"p": total, "right": has_account})
    middle = before[(before["p"] > 0.6) & (before["p"] < 0.8)]
    assert middle["p"].mean() - middle["right"].mean() > 0.05
    # the candidates' shares of their lead are kept, and no total passes one
    assert np.allclose(fitted[::2] / fitted_total, first_share)
    assert (fitted_total < 1).all()


def test_prior_shift_follows_the_share_of_leads_with_their_account():
    # leads with one candidate each, calibrated where half the training leads had
    # their account among the candidates; here most do (p high for most leads)
    scored = pd.DataFrame(
        {
            "person_key": [f"p{i}" for i in range(100)],
            "account_key": [f"a{i}" for i in range(100)],
            "pair_probability": [0.8] * 80 + [0.1] * 20,
        }
    )
    moved, share = shift_to_prior(scored, train_prior=0.5)
    assert share > 0.66  # the mean probability before the shift
    assert (moved["pair_probability"][:80] > 0.8).all()  # more of them are right
    assert moved["pair_probability"].is_monotonic_decreasing  # ranking kept
    # an export of mostly absent companies moves the other way
    _, low_share = shift_to_prior(
        scored.assign(pair_probability=[0.3] * 100), train_prior=0.5
    )
    assert low_share < 0.3
    # the same input gives the same output
    again, _ = shift_to_prior(scored, train_prior=0.5)
    pd.testing.assert_frame_equal(moved, again)


def test_prior_shift_corrects_the_called_share_by_the_models_rates():
    # 80 of 100 leads called (p >= 0.5); a model that calls 90 % of the training leads
    # with their account and 10 % of those without: (0.8 - 0.1) / (0.9 - 0.1)
    scored = pd.DataFrame(
        {
            "person_key": [f"p{i}" for i in range(100)],
            "account_key": [f"a{i}" for i in range(100)],
            "pair_probability": [0.95] * 80 + [0.1] * 20,
        }
    )
    _, share = shift_to_prior(scored, train_prior=0.5, rates=(0.9, 0.1))
    assert np.isclose(share, 0.875)
    # EM takes the model's surety at its word and lands higher
    _, em_share = shift_to_prior(scored, train_prior=0.5)
    assert em_share > share
    # rates that do not separate the two kinds of leads fall back to EM
    _, fallback = shift_to_prior(scored, train_prior=0.5, rates=(0.5, 0.4))
    assert fallback == em_share


def test_explanation_text_does_not_depend_on_float_noise():
    # a margin of two equal sums comes out +-1e-17 from one run to the next
    row = {name: 0.5 for name in FEATURES}
    features = pd.DataFrame(
        [{**row, "idf_jaccard_margin": -1e-17}, {**row, "idf_jaccard_margin": 1e-17}]
    )
    contributions = np.zeros((2, len(FEATURES)))
    contributions[:, FEATURES.index("idf_jaccard_margin")] = 0.7
    text = explain(contributions, features, top=1)
    expected = "lead over next candidate (rare words) 0 (+0.7)"
    assert text.iloc[0] == text.iloc[1] == expected


def test_training_leaves_out_leads_the_deterministic_tier_would_match_by_name():
    # per lead its right account and a look-alike; the kinds differ in how the right
    # account's name compares: exactly equal (the deterministic tier's match), equal
    # but in another country, equal like the look-alike's (ambiguous), a typo away
    kinds = {
        "exact": ((1.0, 1.0), (0.7, 1.0)),
        "abroad": ((1.0, 0.0), (0.7, 1.0)),
        "ambiguous": ((1.0, 1.0), (1.0, 1.0)),
        "typo": ((0.95, 1.0), (0.7, 1.0)),
    }
    rows, labels = [], []
    for kind, candidates in kinds.items():
        for i in range(40):
            lead = f"{kind}{i}"
            labels.append({"person_key": lead, "account_key": f"{lead}_right"})
            for suffix, (name_jw, country_equal) in zip(
                ("right", "lookalike"), candidates, strict=True
            ):
                row = {name: 0.5 for name in FEATURES}
                row.update(name_jw=name_jw, country_equal=country_equal)
                rows.append(
                    {**row, "person_key": lead, "account_key": f"{lead}_{suffix}"}
                )
    frame = training_frame(pd.DataFrame(rows), pd.DataFrame(labels), seed=7)
    kind = frame["person_key"].str.rstrip("0123456789")
    positives = frame.groupby(kind)["label"].sum()
    # an exactly named lead with its account would have been matched by the rules:
    # only its "none" case (the right account removed) is an example of a lead to score
    assert positives.get("exact", 0) == 0
    assert (frame.loc[kind == "exact", "account_key"].str.endswith("_lookalike")).all()
    assert kind.eq("exact").sum() >= 10
    # the others stay, with their right account on about half of them
    for other in ("abroad", "ambiguous", "typo"):
        assert 10 <= positives[other] <= 30


def test_related_leads_teach_how_this_export_types_its_companies(labelled_world):
    undecided, leads, accounts, labels = labelled_world
    # this export's people type a shortened sector and their department ("acme lab
    # it dept" for "acme labs"), no e-mail: the CRM's related persons show it
    own = accounts[accounts["record_id"].str.startswith("A")].reset_index(drop=True)

    def typed(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
        words = frame["name_core"].str.split(" ")
        rows = frame.assign(
            record_id=prefix + frame["record_id"].str[1:],
            name_core=words.str[0] + " " + words.str[1].str[:3] + " it dept",
            email_domain=None,
            web_domain=None,
            phone=None,
        )
        columns = ["record_id", "name_core", "email_domain", "web_domain"]
        return _layout(
            rows[[*columns, "country_code", "city", "phone"]].to_dict("records")
        )

    related = typed(own.iloc[::2], "R").assign(
        account_key=own["record_id"].iloc[::2].to_numpy()
    )
    department = typed(own.iloc[1::2], "D")

    def department_leads(related_leads: pd.DataFrame | None) -> pd.DataFrame:
        result = link_leads_to_accounts(
            pd.concat([undecided, department], ignore_index=True),
            accounts,
            training_leads=pd.concat([leads, department], ignore_index=True),
            labels=labels,
            related_leads=related_leads,
        )
        return result[result["person_key"].str.startswith("D")]

    without, with_related = department_leads(None), department_leads(related)
    learned = with_related["explanation"].str.extract(r"learned from (\d+) ")[0]
    learned_before = without["explanation"].str.extract(r"learned from (\d+) ")[0]
    # the related persons are labelled leads of their own, as typed...
    assert (learned.astype(int) >= learned_before.astype(int) + 15).all()
    # ...and leads typed their way are surer of their account, and right
    assert (
        with_related["match_probability"].mean() > without["match_probability"].mean()
    )
    kept = with_related[with_related["match_probability"] >= 0.9]
    assert len(kept) >= 50
    assert (kept["account_key"].str[1:] == kept["person_key"].str[1:]).mean() >= 0.95


def _pair_features(leads: list[dict], accounts: list[dict]) -> pd.DataFrame:
    """``pair_features_sql`` over every lead and account given (matching layout, the
    columns not given empty), indexed by person_key."""
    con = duckdb.connect()
    for name, rows in (("leads", leads), ("accounts", accounts)):
        rows = [{"email_domain": None, "web_domain": None, **row} for row in rows]
        con.register(f"{name}_frame", _layout(rows).astype("string"))
        con.execute(f"create table {name} as select * from {name}_frame")
    con.execute(
        """
        create table pairs as
        select l.record_id as person_key, a.record_id as account_key,
            0.0 as splink_weight_wo_domain
        from leads as l cross join accounts as a;
        create table idf as
        select distinct unnest(string_split(name_core, ' ')) as token, 1.0 as idf
        from accounts
        """
    )
    features = con.sql(pair_features_sql("pairs", "leads", "accounts", "idf")).df()
    return features.set_index("person_key")


def test_a_lead_domain_that_is_not_the_account_website_is_disagreement_not_missing():
    domain = _pair_features(
        [
            {"record_id": "p1", "name_core": "smartify", "email_domain": "smartify.de"},
            {"record_id": "p2", "name_core": "smartify"},
            {
                "record_id": "p3",
                "name_core": "smartify",
                "email_domain": "gmail-free.com",
                "web_domain": "smartify.ca",
            },
        ],
        [{"record_id": "a1", "name_core": "smartify", "web_domain": "smartify.ca"}],
    )["domain_equal"]
    # an e-mail on another domain (and no website) disagrees; no domain is unknown
    assert domain["p1"] == 0
    assert pd.isna(domain["p2"])
    assert domain["p3"] == 1


def test_legal_forms_of_no_common_legal_system_are_a_conflict():
    # the French company of a group is not its Polish one; a German AG is the Swiss
    # account's form too, and an English 'Ltd' is how Japanese companies write theirs
    conflict = _pair_features(
        [
            {"record_id": "fr", "name_core": "kowalewski", "legal_systems": "CO FR IT"},
            {"record_id": "ag", "name_core": "kowalewski", "legal_systems": "AT CH DE"},
            {"record_id": "none", "name_core": "kowalewski"},
        ],
        [{"record_id": "a1", "name_core": "kowalewski", "legal_systems": "CH PL"}],
    )["legal_form_conflict"]
    assert conflict["fr"] == 1
    assert conflict["ag"] == 0
    assert pd.isna(conflict["none"])


def test_grouped_contributions_equal_lightgbm_pred_contrib():
    # the explanations' contributions, computed on one row per group of rows taking
    # the same branches, must be LightGBM's own TreeSHAP values: on values exactly at
    # thresholds (small integers, 0/1 flags), zeros and missing values too
    import lightgbm as lgb

    rng = np.random.default_rng(7)
    n = 4000
    x = np.column_stack(
        [
            rng.random(n).round(3),
            rng.integers(1, 7, n).astype(float),
            rng.integers(0, 2, n).astype(float),
            np.where(rng.random(n) < 0.3, np.nan, rng.normal(size=n)),
            np.where(rng.random(n) < 0.4, 0.0, rng.random(n)),
        ]
    )
    logit = 3 * x[:, 0] - 0.5 * x[:, 1] + 2 * x[:, 2] + np.nan_to_num(x[:, 3])
    y = (logit + rng.normal(size=n) > 0).astype(int)
    params = {"objective": "binary", "num_leaves": 15, "verbose": -1, "seed": 1}
    booster = lgb.train(params, lgb.Dataset(x, y), num_boost_round=40)
    expected = booster.predict(x, pred_contrib=True)[:, :-1]
    got = tree_contributions(booster, x, threads=2)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)
    # the same rows in another order and repeated get the same values (reruns agree)
    order = rng.permutation(n)
    np.testing.assert_array_equal(
        tree_contributions(booster, x[order])[:, :], got[order]
    )
    assert tree_contributions(booster, x[:0]).shape == (0, x.shape[1])


def test_scoring_in_chunks_of_leads_gives_the_same_result(labelled_world, monkeypatch):
    # at scale Splink scores the leads in chunks (memory): the same pairs are kept,
    # ranked and explained as when all leads are scored at once
    import b2b_enrich.matching as matching

    undecided, leads, accounts, labels = labelled_world

    def run() -> pd.DataFrame:
        result = link_leads_to_accounts(
            undecided, accounts, training_leads=leads, labels=labels
        )
        return result.sort_values("person_key").reset_index(drop=True)

    whole = run()
    monkeypatch.setattr(matching, "PREDICT_CHUNK_LEADS", 37)
    chunked = run()
    assert len(undecided) > 3 * 37  # several chunks
    pd.testing.assert_frame_equal(whole, chunked)


def test_duplicate_records_of_a_company_add_up_to_its_probability(labelled_world):
    """An account table often holds one company twice ('Navarro Services Llc' and
    'Navarro Services LLC'): a lead typed like it splits its probability between the
    two records, and together they are the lead's answer, not each other's rival."""
    undecided, leads, accounts, labels = labelled_world
    originals = accounts[accounts["record_id"].isin([f"A{i}" for i in range(20)])]
    duplicates = originals.assign(
        record_id="D" + originals["record_id"].str[1:],
        email_domain=None,
        web_domain=None,
        domain_label=None,
    )
    result = link_leads_to_accounts(
        undecided,
        pd.concat([accounts, duplicates], ignore_index=True),
        training_leads=leads,
        labels=labels,
    ).set_index("person_key")
    number = result.index.to_series().str.extract(r"P(\d+)_", expand=False)
    typo = result[
        result.index.str.endswith("_1") & (number.astype(float) < 20).to_numpy()
    ]
    company = _true_account(typo.index.to_series()).str[1:]
    chosen = typo["account_key"].str[1:]
    assert len(typo) >= 12
    assert (chosen == company).mean() >= 0.9
    # kept as confidently as the typo'd leads of companies with one record...
    assert (typo["match_probability"] >= 0.9).mean() >= 0.7
    # ...the other record is no runner-up, and the explanation names it
    runner_up = typo["runner_up_account_key"].fillna("")
    assert ((runner_up != "A" + company) & (runner_up != "D" + company)).all()
    both = typo[typo["account_key"].str[1:] == company]
    assert both["explanation"].str.contains("with duplicate records").mean() >= 0.8


def _namesake_world() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Companies of coined brands; half of the first 160 share their brand with a
    company of another sector (a namesake); 60 companies are absent from the table,
    their namesakes in it. Names only: no domain, country or city. Every account has
    a labelled lead typing its name exactly; the leads to score type the brand alone,
    80 of companies whose brand no other account holds, 60 of the absent ones."""
    syllables = ["kor", "vex", "lum", "tar", "bri", "zen", "qua", "mol"]
    syllables += ["dri", "fen", "sal", "pix", "nor", "gal", "ter", "vud"]
    brands = [a + b for a in syllables for b in syllables if a != b]
    sectors = ["logistics", "analytics", "foods", "capital", "energy", "media"]
    accounts, labelled, undecided = [], [], []

    def account(key: str, name: str) -> None:
        accounts.append({"record_id": key, "name_core": name})
        labelled.append({"record_id": f"L{key}", "name_core": name})

    for i, brand in enumerate(brands[:220]):
        sector, other = sectors[i % 6], sectors[(i + 1) % 6]
        account(f"A{i}", f"{brand} {sector}")
        if i < 80:
            account(f"B{i}", f"{brand} {other}")
        elif i < 160:
            undecided.append({"record_id": f"P{i}", "name_core": brand})
        else:  # the company is absent, its namesake (another sector) is in the table
            undecided.append({"record_id": f"X{i}", "name_core": brand})
    labels = pd.DataFrame(
        {
            "person_key": [row["record_id"] for row in labelled],
            "account_key": [row["record_id"][1:] for row in labelled],
        }
    )
    undecided_leads = _layout(undecided)
    return undecided_leads, _layout(labelled + undecided), _layout(accounts), labels


def test_a_brand_an_absent_company_shares_with_one_account_is_no_sure_match():
    """Where the export's companies often share their brand with another company, a
    lead typing the brand alone is no sure match of the one account that holds it:
    the training's "none" leads (the right account removed) weigh their words as if
    that account were not in the table, as an absent company's words weigh."""
    undecided, leads, accounts, labels = _namesake_world()
    result = link_leads_to_accounts(
        undecided, accounts, training_leads=leads, labels=labels
    )
    assert set(result["scored_by"]) == {"pair_model"}
    absent = result[result["person_key"].str.startswith("X")]
    present = result[result["person_key"].str.startswith("P")]
    assert len(absent) == 60 and len(present) == 80
    # the lead and its one candidate look alike in both kinds: 60 of the 140 are
    # wrong, so neither kind is a sure match, and none is certain
    assert (absent["match_probability"] >= 0.9).mean() <= 0.1
    assert result["match_probability"].max() < 0.95
    # the ranking still holds: the present companies' leads are on their account
    right = present["account_key"] == "A" + present["person_key"].str[1:]
    assert right.mean() >= 0.95


def test_words_weigh_as_if_the_absent_account_were_not_in_the_table():
    from b2b_enrich.matching import _idf_table

    con = duckdb.connect()
    names = {"a1": "kortar logistics", "a2": "kortar media", "a3": "zenqua media"}
    accounts = _layout(
        [{"record_id": key, "name_core": name} for key, name in names.items()]
    )
    leads = _layout([{"record_id": "p1", "name_core": "kortar"}])
    con.register("accounts", accounts.astype("string"))
    con.register("leads", leads.astype("string"))
    _idf_table(con, "accounts", "idf")
    con.execute(
        "create table pairs as select 'p1' as person_key, record_id as account_key, "
        "0.0 as splink_weight_wo_domain from accounts where record_id <> 'a3'; "
        "create table absent as select 'p1' as person_key, 'a1' as account_key"
    )

    def rarest(absent: str | None) -> pd.Series:
        sql = pair_features_sql("pairs", "leads", "accounts", "idf", absent=absent)
        return con.sql(sql).df().set_index("account_key")["max_shared_idf"]

    idf = con.sql("select token, idf from idf").df().set_index("token")["idf"]
    # with both accounts counted, 'kortar' is a word two names hold...
    assert rarest(None)["a2"] == pytest.approx(idf["kortar"])
    # ...with the lead's own account absent, one name holds it: as rare as 'zenqua'
    assert rarest("absent")["a2"] == pytest.approx(idf["zenqua"])
    assert idf["zenqua"] > idf["kortar"]


def _form_acronym_world(with_form_acronyms: bool):
    """Companies of three-word names with a legal form ('<brand> <sector> nordic
    corporation limited'), each with a labelled lead typing its name; the leads to
    score type the acronym with the form's first initial ('hdfc' for 'housing
    development finance corporation limited'), as people do."""
    letters = "bcdfghjklmnpqrstvwxz"
    sectors = ["logistics", "analytics", "foods"]
    accounts, labelled, undecided = [], [], []
    for i in range(60):
        # initials unique to each company: its brand's and sector's first letters
        core = f"{letters[i % 20]}ovix {sectors[i // 20]} nordic"
        initials = "".join(word[0] for word in core.split())
        row = {
            "record_id": f"A{i}",
            "name_core": core,
            "name_form_acronyms": f"{initials}c {initials}cl"
            if with_form_acronyms
            else None,
        }
        accounts.append(row)
        labelled.append({**row, "record_id": f"L{i}"})
        undecided.append({"record_id": f"P{i}", "name_core": f"{initials}c"})
    labels = pd.DataFrame(
        {
            "person_key": [f"L{i}" for i in range(60)],
            "account_key": [f"A{i}" for i in range(60)],
        }
    )
    return (
        _layout(undecided),
        _layout(labelled + undecided),
        _layout(accounts),
        labels,
    )


@pytest.mark.parametrize("with_form_acronyms", [True, False])
def test_an_acronym_that_takes_in_the_legal_form_finds_its_account(with_form_acronyms):
    """Without the form's acronyms no lead to score has a candidate at all, which
    the tier answers with no scores (it stopped on LightGBM's empty input)."""
    undecided, leads, accounts, labels = _form_acronym_world(with_form_acronyms)
    result = link_leads_to_accounts(
        undecided, accounts, training_leads=leads, labels=labels
    )
    right = result["account_key"] == "A" + result["person_key"].str[1:]
    if with_form_acronyms:
        # blocked on the acronyms and weighed as the acronym of the other name
        assert right.sum() >= 55
        assert result.loc[right, "match_probability"].median() >= 0.5
    else:
        # the initials of the core alone ('hdf') are not what the lead typed
        assert right.sum() <= 5
