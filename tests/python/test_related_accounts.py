"""Related accounts: the clustering package on small frames, plus quality floors.

The SQL side (name stems, shared domains, look-alike names, regional arms) is covered
by dbt unit tests in models/intermediate/related_accounts/_related_accounts__models.yml;
these tests cover b2b_enrich.related_accounts directly, and one integration test
checks the built table against the generator's truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2b_enrich.evaluation.related_accounts import evaluate, score_clustering
from b2b_enrich.related_accounts import (
    DETAIL_TYPE,
    ClusteringSettings,
    cluster_accounts,
    parent_edges,
    related_accounts_table,
    ultimate_parents,
)

NO_EDGES = pd.DataFrame(
    columns=["account_key_a", "account_key_b", "reason", "strength"]
)


def accounts(*rows: tuple[str, str | None]) -> pd.DataFrame:
    """Accounts frame from (account_key, parent_account_key) tuples."""
    return pd.DataFrame(rows, columns=["account_key", "parent_account_key"])


def edges(*rows: tuple) -> pd.DataFrame:
    """Edge frame from (a, b, reason, strength[, is_exclusive]) tuples."""
    frame = pd.DataFrame(
        [row if len(row) == 5 else (*row, False) for row in rows],
        columns=[
            "account_key_a",
            "account_key_b",
            "reason",
            "strength",
            "is_exclusive",
        ],
    )
    return frame


def groups(result: pd.DataFrame) -> set[frozenset[str]]:
    """The partition as a set of frozensets of account keys."""
    return {
        frozenset(members)
        for members in result.groupby("group_id")["account_key"].agg(list)
    }


def detail(result: pd.DataFrame, key: str) -> dict[str, tuple[str, float]]:
    """related account -> (reason, strength) for one account."""
    row = result.loc[result["account_key"] == key, "related_accounts_detail"].iloc[0]
    return {d["account_key"]: (d["reason"], d["strength"]) for d in row}


# ---- parent links -----------------------------------------------------------------


def test_parent_cycle_is_one_group_with_smallest_cycle_key_as_ultimate_parent() -> None:
    frame = accounts(("B", "C"), ("C", "B"), ("D", "C"), ("E", None))
    result = cluster_accounts(frame, NO_EDGES)
    assert groups(result) == {frozenset("BCD"), frozenset("E")}
    assert result.set_index("account_key")["ultimate_parent_key"].to_dict() == {
        "B": "B",
        "C": "B",
        "D": "B",
        "E": "E",
    }
    assert detail(result, "D") == {"B": ("parent", 1.0), "C": ("parent", 1.0)}


def test_three_cycle_and_self_parent_terminate() -> None:
    frame = accounts(("A", "B"), ("B", "C"), ("C", "A"), ("S", "S"))
    result = cluster_accounts(frame, NO_EDGES)
    assert groups(result) == {frozenset("ABC"), frozenset("S")}
    assert set(result["ultimate_parent_key"][result["account_key"] != "S"]) == {"A"}
    assert result.loc[result["account_key"] == "S", "group_size"].item() == 1


def test_missing_parent_still_ties_its_children_and_is_not_reported() -> None:
    frame = accounts(("X1", "GONE"), ("X2", "GONE"), ("X3", " "), ("X4", None))
    result = cluster_accounts(frame, NO_EDGES)
    assert len(result) == 4
    assert "GONE" not in set(result["account_key"])
    assert groups(result) == {
        frozenset({"X1", "X2"}),
        frozenset({"X3"}),
        frozenset({"X4"}),
    }
    up = result.set_index("account_key")["ultimate_parent_key"]
    assert up["X1"] == up["X2"] == "GONE"
    assert detail(result, "X1") == {"X2": ("parent", 1.0)}


def test_deep_hierarchy_walks_to_the_root() -> None:
    depth = 2_000
    keys = [f"K{i:05d}" for i in range(depth)]
    frame = accounts(*[(k, keys[i - 1] if i else None) for i, k in enumerate(keys)])
    result = cluster_accounts(frame, NO_EDGES, ClusteringSettings(max_listed=3))
    assert result["group_size"].unique().tolist() == [depth]
    assert set(ultimate_parents(frame)) == {"K00000"}
    assert result["related_accounts_detail"].map(len).max() == 3


def test_parent_edges_skip_blank_and_self_links() -> None:
    frame = accounts(("A", "P"), ("B", ""), ("C", "C"), ("D", None))
    assert parent_edges(frame)[["account_key_a", "account_key_b"]].values.tolist() == [
        ["A", "P"]
    ]


# ---- domains, no website ----------------------------------------------------------


def test_accounts_without_website_or_links_are_singletons_with_empty_lists() -> None:
    frame = accounts(("A", None), ("B", None))
    result = cluster_accounts(frame, NO_EDGES)
    assert result["group_size"].tolist() == [1, 1]
    assert result["group_id"].tolist() == ["A", "B"]
    assert result["related_accounts_detail"].map(len).tolist() == [0, 0]


def test_domain_edges_are_transitive_and_reason_is_the_weakest_level_needed() -> None:
    # P is C's parent; C and D share a web domain: P-D are related through a domain
    frame = accounts(("P", None), ("C", "P"), ("D", None))
    result = cluster_accounts(frame, edges(("D", "C", "domain", 1.0)))
    assert groups(result) == {frozenset("PCD")}
    assert detail(result, "P") == {"C": ("parent", 1.0), "D": ("domain", 1.0)}
    assert result.set_index("account_key")["domain_group_id"].eq("C").all()


def test_edges_to_unknown_accounts_are_ignored() -> None:
    frame = accounts(("A", None), ("B", None))
    result = cluster_accounts(frame, edges(("A", "ZZ", "domain", 1.0)))
    assert groups(result) == {frozenset("A"), frozenset("B")}


# ---- names: chaining guard and exclusive regional arms ----------------------------


def test_chain_of_name_links_does_not_merge_everything() -> None:
    keys = [f"N{i}" for i in range(8)]
    chain = edges(*[(keys[i], keys[i + 1], "name", 0.95) for i in range(7)])
    result = cluster_accounts(accounts(*[(k, None) for k in keys]), chain)
    assert result["group_size"].max() <= 2
    # with single linkage (connected components) the chain would be one group of 8
    assert len(groups(result)) >= 4


def test_name_clique_merges_with_average_linkage_strength() -> None:
    frame = accounts(("A", None), ("B", None), ("C", None))
    clique = edges(
        ("A", "B", "name", 1.0), ("A", "C", "name", 0.96), ("B", "C", "name", 0.94)
    )
    result = cluster_accounts(frame, clique)
    assert groups(result) == {frozenset("ABC")}
    reasons = detail(result, "C")
    assert {r for r, _ in reasons.values()} == {"name"}
    # C joins {A, B} at the average of its two links
    assert reasons["A"][1] == pytest.approx(0.95)


def test_name_link_to_a_family_joins_the_family_not_just_one_member() -> None:
    # F1-F2-F3 are a parent family; X is named like F3 only: one link to the family
    frame = accounts(("F1", None), ("F2", "F1"), ("F3", "F1"), ("X", None))
    result = cluster_accounts(frame, edges(("X", "F3", "name", 0.97)))
    assert groups(result) == {frozenset({"F1", "F2", "F3", "X"})}
    assert detail(result, "X") == {k: ("name", 0.97) for k in ("F1", "F2", "F3")}


def test_name_links_below_the_threshold_are_ignored() -> None:
    frame = accounts(("A", None), ("B", None))
    result = cluster_accounts(
        frame, edges(("A", "B", "name", 0.9)), ClusteringSettings(name_threshold=0.92)
    )
    assert groups(result) == {frozenset("A"), frozenset("B")}


def test_regional_arm_with_two_unrelated_targets_is_ambiguous() -> None:
    # 'Acme Deutschland' (R) could belong to 'Acme Analytics' (T1) or to the unrelated
    # look-alike 'Acme Logistics' (T2): it joins neither
    frame = accounts(("R", None), ("T1", None), ("T2", None))
    result = cluster_accounts(
        frame, edges(("R", "T1", "name", 1.0, True), ("R", "T2", "name", 1.0, True))
    )
    assert groups(result) == {frozenset({"R"}), frozenset({"T1"}), frozenset({"T2"})}


def test_regional_arm_joins_when_its_targets_are_one_family() -> None:
    frame = accounts(("R", None), ("T1", None), ("T2", "T1"))
    result = cluster_accounts(
        frame, edges(("R", "T1", "name", 1.0, True), ("R", "T2", "name", 1.0, True))
    )
    assert groups(result) == {frozenset({"R", "T1", "T2"})}
    assert detail(result, "R") == {"T1": ("name", 1.0), "T2": ("name", 1.0)}


def test_regional_arm_already_in_a_family_does_not_jump_to_another() -> None:
    # R is parent-linked to its family (F); its brand also matches an unrelated T
    frame = accounts(("F", None), ("R", "F"), ("T", None))
    result = cluster_accounts(
        frame, edges(("R", "F", "name", 1.0, True), ("R", "T", "name", 1.0, True))
    )
    assert groups(result) == {frozenset({"F", "R"}), frozenset({"T"})}


def test_name_link_between_subsidiaries_does_not_merge_two_hierarchies() -> None:
    # 'Khalsa India' (K2, under K1) and 'Khalsa India Ltd' (I2, under I1) share a name
    frame = accounts(("K1", None), ("K2", "K1"), ("I1", None), ("I2", "I1"))
    link = edges(("K2", "I2", "name", 1.0))
    assert groups(cluster_accounts(frame, link)) == {
        frozenset({"K1", "K2"}),
        frozenset({"I1", "I2"}),
    }
    off = ClusteringSettings(keep_hierarchies_apart=False)
    assert groups(cluster_accounts(frame, link, off)) == {
        frozenset({"K1", "K2", "I1", "I2"})
    }
    # a duplicate record of a top (with its own child) does join the family
    top_link = edges(("K1", "I1", "name", 1.0))
    assert groups(cluster_accounts(frame, top_link)) == {
        frozenset({"K1", "K2", "I1", "I2"})
    }


def test_listing_cap_keeps_the_strongest_relations() -> None:
    frame = accounts(("A", None), ("B", "A"), ("C", None), ("D", None))
    links = edges(("C", "A", "domain", 1.0), ("D", "A", "name", 0.99))
    result = cluster_accounts(frame, links, ClusteringSettings(max_listed=1))
    assert result["group_size"].tolist() == [4, 4, 4, 4]
    assert detail(result, "A") == {"B": ("parent", 1.0)}
    assert detail(result, "C") == {"A": ("domain", 1.0)}
    assert detail(result, "D") == {"A": ("name", 0.99)}


# ---- output shape and invariants --------------------------------------------------


def test_validation_errors() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        cluster_accounts(accounts(("A", None), ("A", None)), NO_EDGES)
    with pytest.raises(ValueError, match="reasons"):
        cluster_accounts(accounts(("A", None)), edges(("A", "A", "brand", 1.0)))


def test_arrow_table_has_typed_list_of_structs() -> None:
    frame = accounts(("A", None), ("B", "A"), ("C", None))
    arrow_table = related_accounts_table(cluster_accounts(frame, NO_EDGES))
    assert arrow_table.schema.field("related_accounts_detail").type == DETAIL_TYPE
    assert arrow_table.schema.field("group_size").type == pa.int64()
    assert arrow_table.column("related_accounts_detail").to_pylist()[2] == []
    # DuckDB reads it as a list of structs
    rows = duckdb.sql(
        "select account_key, [r.account_key for r in related_accounts_detail] as keys"
        " from arrow_table order by account_key"
    ).fetchall()
    assert rows == [("A", ["B"]), ("B", ["A"]), ("C", [])]


@st.composite
def random_graphs(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = draw(st.integers(min_value=1, max_value=25))
    keys = [f"A{i:02d}" for i in range(n)]
    parents = draw(
        st.lists(
            st.one_of(st.none(), st.sampled_from([*keys, "MISSING"])),
            min_size=n,
            max_size=n,
        )
    )
    pair = st.tuples(st.sampled_from(keys), st.sampled_from(keys))
    links = draw(
        st.lists(
            st.tuples(
                pair,
                st.sampled_from(["domain", "name"]),
                st.floats(min_value=0.9, max_value=1.0),
                st.booleans(),
            ),
            max_size=30,
        )
    )
    frame = accounts(*zip(keys, parents, strict=True))
    rows = [
        (a, b, reason, s, excl and reason == "name")
        for (a, b), reason, s, excl in links
    ]
    return frame, edges(*rows) if rows else NO_EDGES


@settings(max_examples=60, deadline=None)
@given(random_graphs(), st.randoms(use_true_random=False))
def test_invariants_on_random_graphs(graph, rnd) -> None:
    frame, links = graph
    result = cluster_accounts(frame, links)
    by_key = result.set_index("account_key")
    # one row per account; group_id is the smallest member; sizes add up
    assert list(result["account_key"]) == list(frame["account_key"])
    members = result.groupby("group_id")["account_key"].agg(list)
    for group_id, keys in members.items():
        assert group_id == min(keys)
        assert set(by_key.loc[keys, "group_size"]) == {len(keys)}
    # relations are symmetric, exclude the account itself and stay in the group
    for key, row in by_key.iterrows():
        related = {
            d["account_key"]: d["reason"] for d in row["related_accounts_detail"]
        }
        assert key not in related
        assert len(related) == row["group_size"] - 1
        for other, reason in related.items():
            assert by_key.loc[other, "group_id"] == row["group_id"]
            back = {
                d["account_key"]: d["reason"]
                for d in by_key.loc[other, "related_accounts_detail"]
            }
            assert back[key] == reason
    # the partition does not depend on the order of the input rows
    order = list(range(len(frame)))
    rnd.shuffle(order)
    shuffled = cluster_accounts(
        frame.iloc[order], links.sample(frac=1.0, random_state=1)
    )
    assert groups(shuffled) == groups(result)


def _canonical_rows(result: pd.DataFrame) -> list[tuple]:
    """Every output value of every account, lists in their order, by account key."""
    rows = []
    for row in result.sort_values("account_key").itertuples(index=False):
        listed = tuple(
            (d["account_key"], d["reason"], round(d["strength"], 12))
            for d in row.related_accounts_detail
        )
        rows.append(
            (
                row.account_key,
                row.group_id,
                int(row.group_size),
                row.ultimate_parent_key,
                row.domain_group_id,
                listed,
            )
        )
    return rows


def _tied_graph(seed: int, n: int = 3000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accounts and edges with many ties: name strengths on a coarse grid, chains of
    equal links (where average linkage must pick one merge of several equal ones),
    shared domains and parent links, in an arbitrary key order."""
    rng = np.random.default_rng(seed)
    keys = np.array([f"K{v:06d}" for v in rng.permutation(n * 7)[:n]], dtype=object)

    def near(i: np.ndarray) -> np.ndarray:  # another account of the same block of 40
        return np.minimum(i // 40 * 40 + rng.integers(0, 40, len(i)), n - 1)

    parent = np.where(rng.random(n) < 0.1, keys[near(np.arange(n))], None)
    frame = pd.DataFrame({"account_key": keys, "parent_account_key": parent})
    rows = []
    for start in range(0, n - 6, 7):
        chain = keys[start : start + 6]
        for a, b in zip(chain[:-1], chain[1:], strict=True):
            rows.append((a, b, "name", 0.95, False))  # an all-equal chain
    # random links inside blocks of 40 accounts (components of realistic size)
    first = rng.integers(0, n, n // 3)
    pick = np.stack([first, near(first)], axis=1)
    grid = rng.choice([0.92, 0.94, 0.96, 1.0], len(pick))
    for (i, j), s in zip(pick, grid, strict=True):
        rows.append((keys[i], keys[j], "name", float(s), bool(rng.random() < 0.05)))
    first = rng.integers(0, n, n // 10)
    for i, j in zip(first, near(first), strict=True):
        rows.append((keys[i], keys[j], "domain", 1.0, False))
    return frame, edges(*rows)


@pytest.mark.parametrize("seed", [3, 11])
def test_shuffled_input_rows_give_identical_output(seed: int) -> None:
    """Row order of the inputs (a parallel scan returns any) changes nothing: groups,
    group ids, sizes and every related-accounts list in its order, strengths too."""
    frame, links = _tied_graph(seed)
    first = cluster_accounts(frame, links)
    assert (first["group_size"] > 2).sum() > 100  # ties inside real groups
    for shuffle in range(3):
        rng = np.random.default_rng(100 + shuffle)
        again = cluster_accounts(
            frame.iloc[rng.permutation(len(frame))],
            links.iloc[rng.permutation(len(links))],
        )
        assert _canonical_rows(again) == _canonical_rows(first)
        # swapping the ends of an edge changes nothing either
        swapped = links.rename(
            columns={"account_key_a": "account_key_b", "account_key_b": "account_key_a"}
        )
        swapped = swapped[~swapped["is_exclusive"]]
        kept = pd.concat([swapped, links[links["is_exclusive"]]], ignore_index=True)
        assert _canonical_rows(cluster_accounts(frame, kept)) == _canonical_rows(
            cluster_accounts(frame, links.iloc[rng.permutation(len(links))])
        )


def test_new_unrelated_account_keeps_other_groups_and_ids() -> None:
    """Day 2 adds accounts of their own: every group of day 1 keeps its members, its
    id and its lists."""
    frame, links = _tied_graph(5, n=1500)
    day_1 = cluster_accounts(frame, links)
    extra = accounts(("K000000a", None), ("Z999999", "K000000a"))
    day_2 = cluster_accounts(pd.concat([frame, extra], ignore_index=True), links)
    assert _canonical_rows(day_2[day_2["account_key"].isin(frame["account_key"])]) == (
        _canonical_rows(day_1)
    )


# ---- evaluation ------------------------------------------------------------------


def test_score_clustering_counts_pairs_and_bcubed() -> None:
    truth = pd.Series(["f1", "f1", "f1", "f2", "f2"])
    perfect = score_clustering(truth, truth)
    assert perfect["pairwise_f1"] == perfect["bcubed_f1"] == 1.0
    merged = score_clustering(pd.Series(["g"] * 5), truth)
    assert merged["pairwise_recall"] == 1.0
    assert merged["pairwise_precision"] == pytest.approx(4 / 10, abs=1e-4)
    assert merged["bcubed_precision"] == pytest.approx(
        (3 * 3 / 5 + 2 * 2 / 5) / 5, abs=1e-4
    )
    singletons = score_clustering(pd.Series(list("abcde")), truth)
    assert singletons["pairwise_recall"] == 0.0
    assert singletons["bcubed_precision"] == 1.0
    assert singletons["largest_true_family"] == 3


@pytest.mark.integration
def test_related_accounts_quality_on_demo_data(
    built_warehouse: Path, demo_raw_dir: Path, tmp_path: Path
) -> None:
    """Quality floors against the generator's families on the small demo data."""
    metrics = evaluate(built_warehouse, demo_raw_dir, tmp_path)
    ours, baseline = metrics["ours"], metrics["baseline_parent_only"]
    assert ours["pairwise_precision"] >= 0.95
    assert ours["pairwise_recall"] >= 0.8
    assert ours["pairwise_recall"] > baseline["pairwise_recall"]
    assert ours["largest_group"] <= ours["largest_true_family"]
    assert (
        json.loads((tmp_path / "related_accounts_metrics.json").read_text()) == metrics
    )
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        log_row = con.sql(
            "select status, profiles_read, metrics from related_accounts_job_log"
        ).fetchall()[-1]
    assert log_row[0] == "success"
    logged = json.loads(log_row[2])
    assert logged["largest_group"] == ours["largest_group"]
    assert set(logged["edges_per_reason"]) >= {"parent", "domain", "name"}
    assert sum(logged["group_size_histogram"].values()) == logged["groups"]
    assert np.isclose(
        logged["mean_group_size"], log_row[1] / logged["groups"], atol=1e-3
    )


@pytest.mark.integration
def test_two_builds_of_the_same_export_give_identical_related_accounts(
    built_warehouse: Path, demo_raw_dir: Path, tmp_path: Path
) -> None:
    """A second build of the same raw data and run date: related_accounts row for row,
    related_account_keys and related_accounts_detail in the same order."""
    from conftest import DEMO_END_DATE

    from b2b_enrich.dbt_runner import run_dbt

    again = tmp_path / "again.duckdb"
    for command in (["seed"], ["run", "--select", "+related_accounts"]):
        run_dbt(command, raw_dir=demo_raw_dir, warehouse=again, run_date=DEMO_END_DATE)
    query = (
        "select account_key, group_id, group_size, related_account_keys,"
        " related_accounts_detail, reasons, ultimate_parent_key, domain_group_id"
        " from related_accounts order by account_key"
    )
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        first = con.sql(query).fetchall()
    with duckdb.connect(str(again), read_only=True) as con:
        second = con.sql(query).fetchall()
    assert len(first) > 100
    assert any(len(row[3]) >= 2 for row in first)
    assert second == first


def test_records_under_one_head_all_join_it_as_a_tree() -> None:
    """'Tencent (gtimg.com)', 'Tencent (qq.com)', ... -> 'Tencent': name-head edges are
    exclusive and merged as a tree, so every record joins (average linkage would
    stop after the first); a head matching two unrelated groups joins neither."""
    frame = accounts(("T", None), ("H1", None), ("H2", None), ("H3", None))
    frame = pd.concat([frame, accounts(("X1", None), ("X2", None), ("A", None))])
    links = edges(
        ("H1", "T", "name", 1.0, True),
        ("H2", "T", "name", 1.0, True),
        ("H3", "T", "name", 1.0, True),
        ("A", "X1", "name", 1.0, True),
        ("A", "X2", "name", 1.0, True),
    )
    links["kind"] = "name_head"
    result = cluster_accounts(frame, links)
    assert groups(result) == {
        frozenset({"T", "H1", "H2", "H3"}),
        frozenset({"X1"}),
        frozenset({"X2"}),
        frozenset({"A"}),
    }
    assert detail(result, "H2")["H3"] == ("name", 1.0)
    # the same edges as regional arms: average linkage lets only one source in
    links["kind"] = "regional_arm"
    regional = cluster_accounts(frame, links)
    assert max(len(g) for g in groups(regional)) == 2
