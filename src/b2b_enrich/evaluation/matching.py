"""Evaluate lead-to-account matching against the generator's truth.

A match is correct when the matched account is an entry of the lead's true company
(duplicate account records of one company are all correct). Recall is over the candidate
leads whose company exists in the account table; leads whose company is absent count
against precision when matched.

Compares three systems on the same candidate leads:
- ``ours``: ``lead_account_matches`` from the built warehouse (and, for the
  precision-recall curve, the Splink tier's scores below the threshold too);
- ``domain_only``: e-mail or website domain equals an account's website domain, the
  oldest account on ties (what simple CRM tools do);
- ``splink_default``: Splink with library-default comparisons and blocking, no
  deterministic tier, trained the standard way, kept at probability >= 0.9.

The probabilistic tier is also scored on its own (``probabilistic_tier``): the
precision of the matches it adds, the leads it sends to review, and a reliability table
of its best account per lead by score band (of the leads scored about p, the share
whose account is right should be about p).

It also measures how far the deterministic tier's choice among a corporate family's
accounts is from the best achievable on the same evidence (``family_choice_ceiling``):
a LightGBM classifier *trained on the truth* over the same (lead, candidate account)
pairs and evidence columns, cross-validated by family (5 folds, never scored on a family
it was trained on). No matcher without the truth should beat it, so its accuracy is an
estimate of the information ceiling of the leads' own fields.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from b2b_enrich.evaluation.counts import precision_recall_f1

log = logging.getLogger(__name__)

THRESHOLDS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999]


def read_truth(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    accounts = pd.read_parquet(
        raw_dir / "truth" / "account_truth.parquet",
        columns=["account_key", "company_id", "family_id"],
    )
    path = raw_dir / "truth" / "person_truth.parquet"
    columns = ["person_key", "true_company_id", "true_account_key"]
    # how the lead typed its company (generators since 2026-12 record it)
    if "company_name_typed_as" in pq.read_schema(path).names:
        columns.append("company_name_typed_as")
    persons = pd.read_parquet(path, columns=columns)
    families = accounts.set_index("account_key")["family_id"]
    persons["true_family_id"] = persons["true_account_key"].map(families)
    return persons.drop(columns="true_account_key"), accounts


def absent_company_leads(
    person_truth: pd.DataFrame, candidates: pd.Series
) -> pd.Series:
    """The candidate leads whose company is absent from the account table."""
    in_candidates = person_truth["person_key"].isin(candidates)
    absent = in_candidates & person_truth["true_company_id"].isna()
    return person_truth.loc[absent, "person_key"]


def build_threshold(con: duckdb.DuckDBPyConnection) -> float:
    """The build's ``match_probability_threshold`` (from ``matching_job_log``)."""
    return float(
        con.sql(
            "select json_extract(metrics, '$.match_probability_threshold')::double "
            "from matching_job_log"
        ).fetchall()[0][0]
    )


def score_matches(
    matches: pd.DataFrame,
    candidates: pd.Series,
    person_truth: pd.DataFrame,
    account_truth: pd.DataFrame,
) -> dict:
    """Precision / recall / F1 of ``matches`` (person_key, account_key) among leads."""
    truth = person_truth[person_truth["person_key"].isin(candidates)]
    positives = int(truth["true_company_id"].notna().sum())
    joined = matches.merge(truth, on="person_key", how="inner").merge(
        account_truth, on="account_key", how="left"
    )
    correct = int((joined["company_id"] == joined["true_company_id"]).sum())
    family_correct = int((joined["family_id"] == joined["true_family_id"]).sum())
    matched = len(joined)
    return {
        "matched": matched,
        "correct": correct,
        "positives": positives,
        **precision_recall_f1(correct, matched, positives),
        # the account is in the lead's true corporate family (any entity of it)
        "family_precision": round(family_correct / matched if matched else 1.0, 4),
    }


def recall_by_name_typing(
    matches: pd.DataFrame,
    candidates: pd.Series,
    person_truth: pd.DataFrame,
    account_truth: pd.DataFrame,
) -> dict:
    """Per way the lead typed its company's name (the generator's truth): the leads
    with their company in the table, how many were matched to it and the recall, and
    the precision of the matches of leads typed that way. Empty without the column."""
    if "company_name_typed_as" not in person_truth.columns:
        return {}
    return {
        str(typed_as): {
            k: v
            for k, v in score_matches(matches, candidates, group, account_truth).items()
            if k in ("positives", "matched", "correct", "recall", "precision")
        }
        for typed_as, group in person_truth.groupby("company_name_typed_as")
    }


def _domain_only_baseline(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.sql(
        """
        with pairs as (
            select l.person_key, a.account_key,
                row_number() over (partition by l.person_key
                                   order by a.created_at, a.account_key) as rank
            from int_matching_candidate_leads as l
            inner join int_accounts as a
                on a.website_domain in (l.email_domain, l.web_domain)
        )
        select person_key, account_key from pairs where rank = 1
        """
    ).df()


def _splink_default_baseline(
    con: duckdb.DuckDBPyConnection, seed: int = 42
) -> pd.DataFrame:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    leads = con.sql(
        "select person_key as unique_id, name_core as company_name, "
        "coalesce(email_domain, web_domain) as domain, country_code, city "
        "from int_matching_candidate_leads"
    ).df()
    accounts = con.sql(
        "select account_key as unique_id, account_name_core as company_name, "
        "website_domain as domain, country_code, city_normalized as city "
        "from int_accounts"
    ).df()
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("company_name"),
            cl.ExactMatch("domain"),
            cl.ExactMatch("country_code"),
            cl.ExactMatch("city"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("company_name"),
            block_on("domain"),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker([db_api.register(leads), db_api.register(accounts)], settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    for column in ("company_name", "domain"):
        # a names-only export has no domain to block on: that pass is skipped
        if leads[column].notna().any() and accounts[column].notna().any():
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(column)
            )
    pairs = linker.inference.predict(
        threshold_match_probability=0.9
    ).as_pandas_dataframe()
    lead_ids = set(leads["unique_id"])
    left_is_lead = pairs["unique_id_l"].isin(lead_ids)
    pairs["person_key"] = pairs["unique_id_l"].where(left_is_lead, pairs["unique_id_r"])
    pairs["account_key"] = pairs["unique_id_r"].where(
        left_is_lead, pairs["unique_id_l"]
    )
    best = pairs.sort_values(
        ["person_key", "match_probability"], ascending=[True, False]
    )
    return best.drop_duplicates("person_key")[["person_key", "account_key"]]


def precision_recall_curve(
    con: duckdb.DuckDBPyConnection,
    candidates: pd.Series,
    person_truth: pd.DataFrame,
    account_truth: pd.DataFrame,
) -> list[dict]:
    """Our precision / recall when the probabilistic threshold is each of THRESHOLDS."""
    deterministic = con.sql(
        "select person_key, account_key from int_matching_deterministic_matches "
        "where not is_ambiguous"
    ).df()
    probabilistic = con.sql(
        "select person_key, account_key, match_probability "
        "from int_matching_probabilistic_scores"
    ).df()
    curve = []
    for threshold in THRESHOLDS:
        kept = probabilistic[probabilistic["match_probability"] >= threshold]
        matches = pd.concat([deterministic, kept[["person_key", "account_key"]]])
        curve.append(
            {
                "threshold": threshold,
                **score_matches(matches, candidates, person_truth, account_truth),
            }
        )
    return curve


#: score bands of the reliability table (lower edges; the last band ends at 1.0)
BANDS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]


def reliability_bands(
    scored: pd.DataFrame, min_matches: int = 100, tolerance: float = 0.05
) -> list[dict]:
    """Calibration table of scored leads (``match_probability``, ``right``): per score
    band its mean score and share of right accounts. ``calibrated`` says whether the
    share is within ``tolerance`` of the mean score; it is judged only where the band
    holds at least ``min_matches`` leads (null otherwise)."""
    edges = [*BANDS, 1.0 + 1e-9]
    band = pd.cut(scored["match_probability"], bins=edges, right=False, labels=BANDS)
    table = []
    for value, group in scored.groupby(band, observed=True):
        mean_score = float(group["match_probability"].mean())
        share_right = float(group["right"].mean())
        table.append(
            {
                "band": f"{float(value):.1f}-{min(float(value) + 0.1, 1.0):.1f}",
                "leads": len(group),
                "mean_score": round(mean_score, 4),
                "share_right": round(share_right, 4),
                "gap": round(share_right - mean_score, 4),
                "calibrated": (
                    bool(abs(share_right - mean_score) <= tolerance)
                    if len(group) >= min_matches
                    else None
                ),
            }
        )
    return table


def reliability_table(
    scored: pd.DataFrame,
    person_truth: pd.DataFrame,
    account_truth: pd.DataFrame,
    min_matches: int = 100,
    tolerance: float = 0.05,
) -> list[dict]:
    """Calibration of the probabilistic tier: its best account per lead (every scored
    lead, below the thresholds too) by score band against the generator's truth
    (``reliability_bands``)."""
    joined = scored[["person_key", "account_key", "match_probability"]].merge(
        person_truth, on="person_key", how="inner"
    )
    joined = joined.merge(account_truth, on="account_key", how="left")
    joined["right"] = joined["company_id"] == joined["true_company_id"]
    return reliability_bands(joined, min_matches, tolerance)


def probabilistic_tier_figures(
    con: duckdb.DuckDBPyConnection,
    candidates: pd.Series,
    person_truth: pd.DataFrame,
    account_truth: pd.DataFrame,
) -> dict:
    """What the probabilistic tier adds: its own precision on the matches it keeps,
    how many leads it sends to review and how right their best candidate is, which
    model scored the leads, and the reliability table."""
    scored = con.sql(
        "select person_key, account_key, match_probability, scored_by "
        "from int_matching_probabilistic_scores"
    ).df()
    kept = con.sql(
        "select person_key, account_key from lead_account_matches "
        "where match_method = 'probabilistic'"
    ).df()
    reviews = con.sql(
        "select person_key, account_key from lead_account_match_reviews "
        "where candidate_rank = 1"
    ).df()
    kept_figures = score_matches(kept, candidates, person_truth, account_truth)
    review_figures = score_matches(reviews, candidates, person_truth, account_truth)
    return {
        "scored_leads": len(scored),
        "scored_by": scored["scored_by"].value_counts().to_dict(),
        "matched": kept_figures["matched"],
        "precision": kept_figures["precision"],
        "leads_to_review": review_figures["matched"],
        "review_best_candidate_precision": review_figures["precision"],
        "reliability": reliability_table(scored, person_truth, account_truth),
    }


def _plot_curve(curve: list[dict], baselines: dict[str, dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4.5))
    recalls = [point["recall"] for point in curve]
    precisions = [point["precision"] for point in curve]
    ax.plot(recalls, precisions, marker="o", label="ours (threshold sweep)")
    for point in curve[:: max(1, len(curve) // 6)]:
        ax.annotate(
            f"{point['threshold']}",
            (point["recall"], point["precision"]),
            fontsize=7,
            textcoords="offset points",
            xytext=(4, -8),
        )
    for name, metrics in baselines.items():
        ax.scatter([metrics["recall"]], [metrics["precision"]], marker="s", label=name)
    ax.set_xlabel("recall (leads whose account exists)")
    ax.set_ylabel("precision")
    ax.set_title("Lead-to-account matching: precision vs recall")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def evaluate(
    warehouse: Path, raw_dir: Path, out_dir: Path, with_splink_baseline: bool = True
) -> dict:
    """Compute matching quality on a built warehouse; writes JSON and a PR-curve PNG."""
    out_dir.mkdir(parents=True, exist_ok=True)
    person_truth, account_truth = read_truth(Path(raw_dir))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        candidates = con.sql(
            "select person_key from int_matching_candidate_leads"
        ).df()["person_key"]
        ours = con.sql(
            "select person_key, account_key, match_method from lead_account_matches"
        ).df()
        threshold = build_threshold(con)
        per_method = {}
        for method, group in ours.groupby("match_method"):
            metrics = score_matches(group, candidates, person_truth, account_truth)
            per_method[method] = {
                k: metrics[k] for k in ("matched", "correct", "precision")
            }
        baselines = {
            "domain_only": score_matches(
                _domain_only_baseline(con), candidates, person_truth, account_truth
            )
        }
        if with_splink_baseline:
            baselines["splink_default"] = score_matches(
                _splink_default_baseline(con), candidates, person_truth, account_truth
            )
        curve = precision_recall_curve(con, candidates, person_truth, account_truth)
        tier = probabilistic_tier_figures(con, candidates, person_truth, account_truth)
        ceiling = family_choice_ceiling(con, person_truth, account_truth)
        non_match_leads = absent_company_leads(person_truth, candidates)
        false_matches_of_absent = int(ours["person_key"].isin(non_match_leads).sum())
    finally:
        con.close()
    result = {
        "candidate_leads": int(len(candidates)),
        "leads_with_true_account": int(
            person_truth[person_truth["person_key"].isin(candidates)]["true_company_id"]
            .notna()
            .sum()
        ),
        "leads_whose_company_is_absent": int(len(non_match_leads)),
        "absent_company_leads_matched": false_matches_of_absent,
        "threshold": threshold,
        "overall": score_matches(ours, candidates, person_truth, account_truth),
        "per_method": per_method,
        "by_company_name_typing": recall_by_name_typing(
            ours, candidates, person_truth, account_truth
        ),
        "baselines": baselines,
        "precision_recall_curve": curve,
        "probabilistic_tier": tier,
        "family_choice_ceiling": ceiling,
    }
    (out_dir / "matching_metrics.json").write_text(json.dumps(result, indent=2))
    _plot_curve(curve, baselines, out_dir / "matching_precision_recall.png")
    log.info("matching: %s", result["overall"])
    return result


#: evidence columns of ``int_matching_deterministic_candidates`` the ceiling model sees
_CEILING_EVIDENCE = """
    c.email_domain_agrees::int as email_domain_agrees,
    c.website_domain_agrees::int as website_domain_agrees,
    c.company_name_agrees::int as company_name_agrees,
    c.family_linked_by_domain::int as family_linked_by_domain,
    coalesce(c.country_agrees::int, -1) as country_agrees,
    coalesce(c.city_agrees::int, -1) as city_agrees,
    c.name_similarity,
    coalesce(c.company_name_close::int, 0) as company_name_close,
    c.is_top_level_account::int as is_top_level_account,
    coalesce((right(l.phone, 9) = right(a.phone, 9))::int, -1) as phone_agrees,
    (l.name_core is null)::int as lead_without_name,
    (a.web_domain is null)::int as account_without_domain,
    count(*) over (partition by c.person_key) as family_candidates
"""


def family_choice_ceiling(
    con: duckdb.DuckDBPyConnection,
    person_truth: pd.DataFrame,
    account_truth: pd.DataFrame,
    *,
    min_precision: float = 0.98,
) -> dict:
    """Our tie-break vs a truth-trained choice over the same candidate pairs."""
    import lightgbm as lgb
    import numpy as np
    from sklearn.model_selection import GroupKFold

    pairs = con.sql(
        f"""
        select c.person_key, c.account_key, h.family_key, c.tie_break_score,
            {_CEILING_EVIDENCE}
        from int_matching_deterministic_candidates as c
        inner join int_matching_candidate_leads as l on l.person_key = c.person_key
        inner join int_matching_accounts as a on a.account_key = c.account_key
        inner join int_account_hierarchy as h on h.account_key = c.account_key
        order by c.person_key, c.account_key
        """
    ).df()
    if pairs.empty:
        return {}
    company = account_truth.set_index("account_key")["company_id"]
    true_company = person_truth.set_index("person_key")["true_company_id"]
    pairs["correct"] = (
        pairs["account_key"].map(company).to_numpy()
        == pairs["person_key"].map(true_company).to_numpy()
    )
    not_evidence = ("person_key", "account_key", "family_key", "tie_break_score")
    features = [c for c in pairs.columns if c not in (*not_evidence, "correct")]
    pairs["truth_trained_score"] = 0.0
    folds = GroupKFold(n_splits=min(5, pairs["family_key"].nunique()))
    for train, test in folds.split(pairs, groups=pairs["family_key"]):
        model = lgb.LGBMClassifier(
            n_estimators=200, learning_rate=0.05, num_leaves=15, verbose=-1, seed=1
        )
        model.fit(pairs.iloc[train][features], pairs.iloc[train]["correct"])
        pairs.loc[pairs.index[test], "truth_trained_score"] = model.predict_proba(
            pairs.iloc[test][features]
        )[:, 1]
    result = {
        "leads": int(pairs["person_key"].nunique()),
        "leads_with_true_company_among_candidates": int(
            pairs.groupby("person_key")["correct"].any().sum()
        ),
    }
    for name, column in (
        ("ours", "tie_break_score"),
        ("truth_trained", "truth_trained_score"),
    ):
        best = pairs.sort_values(
            [column, "account_key"], ascending=[False, True]
        ).drop_duplicates("person_key")
        result[f"{name}_correct"] = int(best["correct"].sum())
        result[f"{name}_accuracy"] = round(float(best["correct"].mean()), 4)
        if name == "truth_trained":
            # abstaining on the least confident choices: how many leads can stay
            # matched at the precision floor
            ordered = best.sort_values(column, ascending=False)["correct"].to_numpy()
            precision = np.cumsum(ordered) / np.arange(1, len(ordered) + 1)
            ok = np.flatnonzero(precision >= min_precision)
            kept = int(ok.max() + 1) if len(ok) else 0
            result[f"truth_trained_leads_kept_at_precision_{min_precision}"] = kept
            result[f"truth_trained_correct_at_precision_{min_precision}"] = int(
                ordered[:kept].sum()
            )
    return result


def best_threshold(curve: list[dict], min_precision: float = 0.98) -> float | None:
    """The lowest threshold whose precision is at least ``min_precision``."""
    eligible = [p for p in curve if p["precision"] >= min_precision]
    return min((p["threshold"] for p in eligible), default=None)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("reports"))
    parser.add_argument("--no-splink-baseline", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate(
        args.warehouse,
        args.raw_dir,
        args.out,
        with_splink_baseline=not args.no_splink_baseline,
    )
    summary = {
        k: result[k]
        for k in (
            "overall",
            "per_method",
            "baselines",
            "probabilistic_tier",
            "family_choice_ceiling",
        )
    }
    summary["lowest_threshold_with_precision_0.98"] = best_threshold(
        result["precision_recall_curve"]
    )
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
