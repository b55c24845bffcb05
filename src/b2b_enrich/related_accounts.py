"""Related accounts: hierarchical clustering of account profiles into groups.

Four levels, strongest first; each level merges the groups of the previous one:

1. ``parent``: parent account links. Accounts under the same ultimate parent form one
   group. The parent graph is taken as undirected, so a cycle (A -> B -> A) ends in
   one group instead of an endless walk, and a parent key without a profile (a
   missing parent) still ties its children together as a virtual node that is never
   reported.
2. ``domain``: the same registered web domain. The SQL models pass one edge per
   account to a representative of its domain (shared-hosting, free-mail, platform
   and over-used domains already removed). Levels 1 and 2 are exact evidence and
   transitive: connected components.
3. ``name`` (similar names): name edges from blocked candidate pairs that already
   carry a second signal. They are *not* merged transitively: the level-2 groups
   they join are clustered with average linkage (UPGMA), a pair of groups without a
   name edge counting as similarity 0, so a chain A ~ B ~ C of name links does not
   pull A and C together unless the group as a whole is similar enough. This is the
   chaining guard.
4. ``name`` (exclusive edges): from a regional name ('Acme Deutschland') to the
   accounts whose name starts with its brand (kind ``regional_arm``), from a record
   whose name has a head ('Tencent (gtimg.com)') to the account named like the head
   (``name_head``), and optionally from a brand extension ('Google Analytics') to its
   brand (``brand_extension``). They hold only when the source group is nothing but
   sources and all its targets lie in one level-3 group (else the name is
   ambiguous). Regional arms are merged with average linkage again; name heads and
   brand extensions as trees (connected components: each held source leads into one
   target group, so every record under one head joins it and nothing chains across
   ambiguous names).

Name links (levels 3 and 4) never join two parent hierarchies through their
subsidiaries ('Khalsa India' under 'Khalsa Group' and 'Khalsa India Ltd' in the
'Khalsa Insurance' family stay apart); one end must be the top of its hierarchy.

The reason for a pair of accounts of one final group is the level at which they
first fall into the same group (levels 3 and 4 both say ``name``); the strength is
1.0 for parent and domain and the cophenetic (average-linkage) similarity for name.

Everything runs on integer codes with numpy / scipy: connected components are
``scipy.sparse.csgraph.connected_components`` and average linkage runs only inside
one connected component of name edges, so no step looks at all pairs of accounts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.cluster.hierarchy import cophenet, fcluster, linkage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

log = logging.getLogger(__name__)

REASONS: tuple[str, ...] = ("parent", "domain", "name")
"""The relation reasons, strongest first."""

EDGE_COLUMNS: tuple[str, ...] = ("account_key_a", "account_key_b", "reason", "strength")
"""Columns of an edge frame (``is_exclusive`` and ``kind`` are optional)."""

TREE_KINDS: tuple[str, ...] = ("name_head", "brand_extension")
"""Kinds of exclusive edges merged as trees (connected components), not by linkage."""

DETAIL_TYPE = pa.list_(
    pa.struct(
        [
            pa.field("account_key", pa.string()),
            pa.field("reason", pa.string()),
            pa.field("strength", pa.float64()),
        ]
    )
)
"""Arrow type of ``related_accounts_detail``."""


@dataclass(frozen=True)
class ClusteringSettings:
    """Knobs of :func:`cluster_accounts` (dbt vars in the project).

    name_threshold: minimum average-linkage name similarity for two groups to merge
        (``related_name_similarity_threshold``).
    max_name_component: largest connected component of name edges clustered with
        average linkage (a dense matrix of that many groups,
        ``related_name_max_component``); a larger component keeps only its
        exact-name edges (``exact_name_similarity``) and is split again, and what
        is still too large is not merged on names at all.
    exact_name_similarity: similarity treated as the same name (for that fallback).
    max_listed: at most this many related accounts are listed per account, strongest
        first (``related_accounts_max_listed``); ``group_size`` counts them all.
    keep_hierarchies_apart: a name link between two members of two different parent
        hierarchies ('Khalsa India' under 'Khalsa Group', 'Khalsa India Ltd' in the
        'Khalsa Insurance' family) does not merge the two families, unless one end
        is the top of its hierarchy (a duplicate root record, a subtree whose link up
        is missing): name evidence joins duplicates, orphans and regional arms to a
        family, not two families through their subsidiaries.
    """

    name_threshold: float = 0.92
    max_name_component: int = 2000
    exact_name_similarity: float = 0.999
    max_listed: int = 1000
    keep_hierarchies_apart: bool = True


def _keys(values: pd.Series) -> np.ndarray:
    """Account keys as a numpy object array, missing values as None."""
    return values.astype(object).where(values.notna(), None).to_numpy(dtype=object)


def _account_keys(accounts: pd.DataFrame) -> np.ndarray:
    if "account_key" not in accounts.columns:
        raise ValueError("accounts needs an account_key column")
    keys = _keys(accounts["account_key"])
    if pd.isna(keys).any():
        raise ValueError("accounts has a null account_key")
    if len(pd.unique(keys)) != len(keys):
        raise ValueError("accounts has duplicate account_key values")
    return keys


def parent_edges(accounts: pd.DataFrame) -> pd.DataFrame:
    """Child -> parent edges from ``accounts.parent_account_key``.

    Takes a frame with ``account_key`` and optionally ``parent_account_key``
    (nullable) and returns one edge per account whose parent key is set, not blank
    and differs from its own key, with the columns of :data:`EDGE_COLUMNS` (reason
    ``parent``, strength 1.0). The parent key may be absent from ``accounts`` (a
    missing parent).
    """
    if "parent_account_key" not in accounts.columns or accounts.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EDGE_COLUMNS})
    child = _keys(accounts["account_key"])
    text = accounts["parent_account_key"].astype("string").str.strip()
    own = accounts["account_key"].astype("string")
    keep = (text.notna() & (text != "") & (text != own)).to_numpy(dtype=bool)
    parent = _keys(text)
    return pd.DataFrame(
        {
            "account_key_a": child[keep],
            "account_key_b": parent[keep],
            "reason": "parent",
            "strength": 1.0,
        }
    )


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected-component label (0..k-1) of each of ``n`` nodes given edges a-b."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
    _, labels = connected_components(graph, directed=False)
    return labels.astype(np.int64)


def _codes(
    keys: np.ndarray, *others: np.ndarray
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Integer codes: ``keys`` get 0..n-1, other values their own codes from n on.

    Returns the key of every code and the codes of each array of ``others``.
    """
    codes, uniques = pd.factorize(np.concatenate([keys, *others]))
    out, start = [], len(keys)
    for values in others:
        out.append(codes[start : start + len(values)].astype(np.int64))
        start += len(values)
    return np.asarray(uniques, dtype=object), out


def _text_rank(keys: np.ndarray) -> np.ndarray:
    """Rank of every key in text order (equal keys share a rank)."""
    _, rank = np.unique(np.asarray(keys, dtype=str), return_inverse=True)
    return rank.astype(np.int64)


def _smallest_per_group(labels: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """For every row, the row index holding the smallest ``rank`` of its group."""
    order = np.lexsort((rank, labels))
    sorted_labels = labels[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    first = order[starts]
    return first[np.searchsorted(sorted_labels[starts], labels)]


def ultimate_parents(accounts: pd.DataFrame) -> pd.Series:
    """The ultimate parent key of every account, walking parent links.

    Takes ``account_key`` and ``parent_account_key``; returns a Series of keys
    indexed by ``account_key``, in the order of ``accounts``. A top-level account is
    its own ultimate parent; when the walk reaches a parent key without a profile,
    that key is the ultimate parent; when it runs into a cycle, the smallest key on
    the cycle is. Uses pointer doubling (log2(n) vectorised steps), so deep or cyclic
    hierarchies cost no Python-level walk.
    """
    keys = _account_keys(accounts)
    edges = parent_edges(accounts)
    nodes, (child, parent) = _codes(
        keys, _keys(edges["account_key_a"]), _keys(edges["account_key_b"])
    )
    n = len(nodes)
    pointer = np.arange(n, dtype=np.int64)
    pointer[child] = parent
    # after k doublings every node points 2**k steps up; a root points to itself and
    # a node in (or under) a cycle ends on some node of the cycle
    steps = 1
    while steps < n:
        pointer = pointer[pointer]
        steps *= 2
    component = _components(n, child, parent)
    # one root per tree; on a cycle, the smallest cycle node any member landed on
    best = pointer[_smallest_per_group(component, _text_rank(nodes)[pointer])]
    result = nodes[best[: len(keys)]]
    return pd.Series(
        result,
        index=pd.Index(keys, name="account_key"),
        name="ultimate_parent_key",
        dtype=object,
    )


def _average_linkage(
    members: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    strength: np.ndarray,
    threshold: float,
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """UPGMA on one component: a label per member and the strengths of its merges.

    ``members`` are sorted item codes; ``a``, ``b``, ``strength`` their name edges
    (absent pairs have similarity 0). Clusters are cut where the average similarity
    between two clusters drops below ``threshold``. Returns the smallest member of
    each member's cluster and the arrays (item_a < item_b, cophenetic similarity) of
    every merged pair.
    """
    m = len(members)
    la = np.searchsorted(members, a)
    lb = np.searchsorted(members, b)
    similarity = np.zeros((m, m))
    similarity[la, lb] = strength
    similarity[lb, la] = strength
    upper = np.triu_indices(m, k=1)
    tree = linkage(1.0 - similarity[upper], method="average")
    cut = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    cophenetic = 1.0 - cophenet(tree)
    same = cut[upper[0]] == cut[upper[1]]
    # members are sorted: the first occurrence of a cluster label is its smallest
    labels, first = np.unique(cut, return_index=True)
    representative = members[first][np.searchsorted(labels, cut)]
    merged = (members[upper[0][same]], members[upper[1][same]], cophenetic[same])
    return representative, merged


def _name_merges(
    n_items: int,
    a: np.ndarray,
    b: np.ndarray,
    similarity: np.ndarray,
    settings: ClusteringSettings,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Average-linkage clustering of items (groups of a level) joined by name edges.

    ``a``, ``b`` are item codes in ``0..n_items-1`` and ``similarity`` the name
    similarity of an edge between them (several edges of one pair keep the best).
    Returns a label per item (the smallest item code of its cluster) and a frame
    ``item_a < item_b, strength`` with the cophenetic similarity of every pair of
    items that ends in the same cluster.
    """
    labels = np.arange(n_items, dtype=np.int64)
    empty = pd.DataFrame(
        {
            "item_a": np.zeros(0, np.int64),
            "item_b": np.zeros(0, np.int64),
            "strength": np.zeros(0, np.float64),
        }
    )
    keep = (a != b) & (similarity >= settings.name_threshold)
    if not keep.any():
        return labels, empty
    pairs = (
        pd.DataFrame(
            {
                "item_a": np.minimum(a, b)[keep],
                "item_b": np.maximum(a, b)[keep],
                "strength": similarity[keep],
            }
        )
        .groupby(["item_a", "item_b"], as_index=False, sort=False)["strength"]
        .max()
    )
    items, local = np.unique(
        pairs[["item_a", "item_b"]].to_numpy(), return_inverse=True
    )
    local = local.reshape(-1, 2)
    component = _components(len(items), local[:, 0], local[:, 1])
    sizes = np.bincount(component)
    pairs["component"] = component[local[:, 0]]
    pairs["size"] = sizes[pairs["component"].to_numpy()]

    strengths = [empty]
    # two items joined by one edge that passed the threshold: nothing to chain
    two = pairs[pairs["size"] == 2]
    labels[two["item_b"].to_numpy()] = two["item_a"].to_numpy()
    strengths.append(two[["item_a", "item_b", "strength"]])

    big = pairs[pairs["size"] > 2].sort_values("component", kind="stable")
    big_a = big["item_a"].to_numpy()
    big_b = big["item_b"].to_numpy()
    big_s = big["strength"].to_numpy()
    bounds = np.flatnonzero(np.diff(big["component"].to_numpy())) + 1
    for rows in np.split(np.arange(len(big)), bounds) if len(big) else []:
        members = np.unique(np.concatenate([big_a[rows], big_b[rows]]))
        if len(members) > settings.max_name_component:
            strong = rows[big_s[rows] >= settings.exact_name_similarity]
            log.warning(
                "a component of %d name-linked groups exceeds max_name_component=%d:"
                " keeping only its %d exact-name edges of %d",
                len(members),
                settings.max_name_component,
                len(strong),
                len(rows),
            )
            if 0 < len(strong) < len(rows):
                sub_labels, sub_strengths = _name_merges(
                    n_items, big_a[strong], big_b[strong], big_s[strong], settings
                )
                changed = sub_labels != np.arange(n_items)
                labels[changed] = sub_labels[changed]
                strengths.append(sub_strengths)
            continue
        labels[members], (ma, mb, ms) = _average_linkage(
            members, big_a[rows], big_b[rows], big_s[rows], settings.name_threshold
        )
        strengths.append(pd.DataFrame({"item_a": ma, "item_b": mb, "strength": ms}))
    return labels, pd.concat(strengths, ignore_index=True)


def _exclusive_edges_hold(
    source: np.ndarray,
    source_group: np.ndarray,
    target_group: np.ndarray,
    group_size: np.ndarray,
) -> np.ndarray:
    """Which exclusive (regional-arm) edges hold.

    ``source`` are the accounts the edges start from, ``source_group`` and
    ``target_group`` the groups (so far) of both ends, ``group_size`` the number of
    accounts of each group. The edges out of one source group hold only when

    - every account of the source group is itself a source: the group is nothing but
      regional arms ('Acme Deutschland', its duplicate, 'Acme France' on the same
      domain), not a family of its own that a brand name would tie to another one;
    - they all lead into a single group other than the source group: a regional arm
      whose candidate targets sit in two unrelated groups ('Acme Analytics', 'Acme
      Logistics') is ambiguous and joins nothing.
    """
    if len(source) == 0:
        return np.zeros(0, dtype=bool)
    frame = pd.DataFrame(
        {"source": source, "group": source_group, "target": target_group}
    )
    per_group = frame.groupby("group").agg(
        sources=("source", "nunique"),
        targets=("target", "nunique"),
        target=("target", "first"),
    )
    unambiguous = per_group.index[
        (per_group["sources"].to_numpy() == group_size[per_group.index.to_numpy()])
        & (per_group["targets"].to_numpy() == 1)
        & (per_group["target"].to_numpy() != per_group.index.to_numpy())
    ]
    return np.isin(source_group, unambiguous.to_numpy())


def cluster_accounts(
    accounts: pd.DataFrame,
    edges: pd.DataFrame,
    settings: ClusteringSettings | None = None,
) -> pd.DataFrame:
    """Cluster accounts into groups of related accounts.

    Args:
        accounts: one row per account: ``account_key`` (unique, not null) and
            optionally ``parent_account_key`` (may name an account that is absent).
        edges: ``account_key_a, account_key_b, reason, strength`` and optionally
            ``is_exclusive``; reason ``domain`` or ``name`` (``parent`` edges are
            accepted too, on top of those from ``parent_account_key``). Strength is
            the name similarity of a name edge. An exclusive name edge (a regional
            arm 'Acme Deutschland' -> 'Acme Analytics') holds only when all
            exclusive edges of its ``account_key_a`` lead into one group. Optional
            ``kind``: exclusive edges of a kind in :data:`TREE_KINDS` are merged as
            trees, the others (regional arms) by average linkage. Edges with a key
            not in ``accounts`` are ignored.
        settings: thresholds; defaults to :class:`ClusteringSettings`.

    Returns:
        One row per account, in the order of ``accounts``: ``account_key``,
        ``group_id`` (smallest account key of the group), ``group_size``,
        ``ultimate_parent_key``, ``domain_group_id`` (smallest key of the group
        formed by parent and domain links alone) and ``related_accounts_detail``
        (Arrow-backed list of ``{account_key, reason, strength}``, itself excluded,
        strongest first, at most ``settings.max_listed``).
    """
    settings = settings or ClusteringSettings()
    _account_keys(accounts)
    if len(edges) == 0:
        edges = pd.DataFrame({c: pd.Series(dtype=object) for c in EDGE_COLUMNS})
    unknown = set(edges["reason"].dropna().unique()) - set(REASONS)
    if unknown:
        raise ValueError(f"unknown edge reasons: {sorted(unknown)}")
    # identical output whatever the row order of the inputs (DuckDB returns the rows
    # of a parallel scan in any order): accounts and edges are put in key order
    # first, so integer codes, component labels, the order of the average-linkage
    # matrix (which breaks its ties) and every tie-break below follow the keys
    sorted_accounts, back = _canonical_accounts(accounts)
    out = _cluster_sorted(sorted_accounts, _canonical_edges(edges), settings)
    return out.iloc[back].reset_index(drop=True)


def _canonical_accounts(accounts: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """``accounts`` sorted by key (text order) and the positions that undo it."""
    order = np.argsort(
        np.asarray(accounts["account_key"].astype(str), dtype=str), kind="stable"
    )
    back = np.empty(len(order), dtype=np.int64)
    back[order] = np.arange(len(order))
    return accounts.iloc[order].reset_index(drop=True), back


def _canonical_edges(edges: pd.DataFrame) -> pd.DataFrame:
    """``edges`` in one order whatever their row order (keys, reason, strength)."""
    if len(edges) == 0:
        return edges.reset_index(drop=True)
    columns = [c for c in (*EDGE_COLUMNS, "is_exclusive", "kind") if c in edges.columns]
    sort = pd.DataFrame(
        {
            "a": edges["account_key_a"].astype(str).to_numpy(),
            "b": edges["account_key_b"].astype(str).to_numpy(),
            "reason": edges["reason"].astype(str).to_numpy(),
            "strength": pd.to_numeric(edges["strength"]).to_numpy(dtype=np.float64),
            "exclusive": (
                edges["is_exclusive"].fillna(False).to_numpy(dtype=bool)
                if "is_exclusive" in edges.columns
                else np.zeros(len(edges), dtype=bool)
            ),
            "kind": (
                edges["kind"].astype(str).to_numpy()
                if "kind" in edges.columns
                else np.full(len(edges), "")
            ),
        }
    )
    order = sort.sort_values(
        ["a", "b", "reason", "strength", "exclusive", "kind"], kind="stable"
    ).index.to_numpy()
    return edges[columns].iloc[order].reset_index(drop=True)


def _cluster_sorted(
    accounts: pd.DataFrame, edges: pd.DataFrame, settings: ClusteringSettings
) -> pd.DataFrame:
    """:func:`cluster_accounts` on accounts in key order, edges in canonical order."""
    keys = _account_keys(accounts)
    n_accounts = len(keys)
    parents = parent_edges(accounts)
    nodes, (parent_a, parent_b, edge_a, edge_b) = _codes(
        keys,
        _keys(parents["account_key_a"]),
        _keys(parents["account_key_b"]),
        _keys(edges["account_key_a"]),
        _keys(edges["account_key_b"]),
    )
    n_nodes = len(nodes)
    reason = edges["reason"].to_numpy(dtype=object)
    known = (edge_a < n_accounts) & (edge_b < n_accounts) & (edge_a != edge_b)
    strength = edges["strength"].to_numpy(dtype=np.float64)
    exclusive = (
        edges["is_exclusive"].fillna(False).to_numpy(dtype=bool)
        if "is_exclusive" in edges.columns
        else np.zeros(len(edges), dtype=bool)
    )
    kind = (
        edges["kind"].astype(object).to_numpy()
        if "kind" in edges.columns
        else np.full(len(edges), None, dtype=object)
    )

    # levels 1 and 2: parent links, then domains (connected components)
    is_parent = known & (reason == "parent")
    link_a = np.concatenate([parent_a, edge_a[is_parent]])
    link_b = np.concatenate([parent_b, edge_b[is_parent]])
    level_1 = _components(n_nodes, link_a, link_b)
    is_domain = known & (reason == "domain")
    level_2 = _components(
        n_nodes,
        np.concatenate([link_a, edge_a[is_domain]]),
        np.concatenate([link_b, edge_b[is_domain]]),
    )

    # accounts in a parent hierarchy (two or more accounts under one ultimate parent)
    # and the tops of hierarchies (a parent of an account, with no parent itself)
    real_link = (parent_a < n_accounts) & (parent_b < n_accounts)
    l1_size = np.bincount(level_1[:n_accounts], minlength=n_nodes)
    in_hierarchy = l1_size[level_1[:n_accounts]] >= 2
    is_top = np.zeros(n_nodes, dtype=bool)
    is_top[parent_b[real_link]] = True
    is_top[parent_a[real_link]] = False

    def apart(
        group_a: np.ndarray,
        group_b: np.ndarray,
        labels: np.ndarray,
        account_a: np.ndarray,
        account_b: np.ndarray,
    ) -> np.ndarray:
        """Name edges that would join two hierarchies through non-top members."""
        if not settings.keep_hierarchies_apart:
            return np.zeros(len(group_a), dtype=bool)
        has_hierarchy = np.zeros(n_nodes, dtype=bool)
        has_hierarchy[labels[:n_accounts][in_hierarchy]] = True
        return (
            has_hierarchy[group_a]
            & has_hierarchy[group_b]
            & ~is_top[account_a]
            & ~is_top[account_b]
        )

    # level 3: similar names, average linkage over the level-2 groups
    similar = known & (reason == "name") & ~exclusive
    similar[similar] = ~apart(
        level_2[edge_a[similar]],
        level_2[edge_b[similar]],
        level_2,
        edge_a[similar],
        edge_b[similar],
    )
    label_3, strength_3 = _name_merges(
        n_nodes,
        level_2[edge_a[similar]],
        level_2[edge_b[similar]],
        strength[similar],
        settings,
    )
    level_3 = label_3[level_2]
    # level 4: regional arms, exclusive, average linkage over the level-3 groups
    regional = known & (reason == "name") & exclusive
    source_item = level_3[edge_a[regional]]
    target_item = level_3[edge_b[regional]]
    group_size_3 = np.bincount(level_3[:n_accounts], minlength=n_nodes)
    holds = _exclusive_edges_hold(
        edge_a[regional], source_item, target_item, group_size_3
    ) & ~apart(source_item, target_item, level_3, edge_a[regional], edge_b[regional])
    # regional arms: average linkage over the held edges (a target joins one source
    # group of arms); name heads and brand extensions ('Tencent (gtimg.com)' ->
    # 'Tencent'): every source group that holds leads into exactly one target group,
    # so they form trees, joined as connected components (several records under one
    # head all join it), with no chaining across ambiguous names
    strength_r = strength[regional]
    tree = np.isin(kind[regional], TREE_KINDS)
    label_r, _ = _name_merges(
        n_nodes,
        source_item[holds & ~tree],
        target_item[holds & ~tree],
        strength_r[holds & ~tree],
        settings,
    )
    merged = label_r != np.arange(n_nodes)
    held_a = np.concatenate([source_item[holds & tree], np.flatnonzero(merged)])
    held_b = np.concatenate([target_item[holds & tree], label_r[merged]])
    label_4 = _smallest_per_group(
        _components(n_nodes, held_a, held_b), np.arange(n_nodes)
    )
    level_4 = label_4[level_3]
    # strength of a level-4 relation: the weakest held edge of its group
    strength_4 = np.ones(n_nodes)
    np.minimum.at(strength_4, label_4[source_item[holds]], strength_r[holds])

    frame = pd.DataFrame(
        {
            "code": np.arange(n_accounts),
            "account_key": keys,
            "l1": level_1[:n_accounts],
            "l2": level_2[:n_accounts],
            "l3": level_3[:n_accounts],
            "l4": level_4[:n_accounts],
        }
    )
    # a group is named after its smallest account key (text order)
    rank = _text_rank(keys)
    frame["group_id"] = keys[_smallest_per_group(level_4[:n_accounts], rank)]
    frame["group_size"] = frame.groupby("l4")["code"].transform("size").astype("int64")
    frame["domain_group_id"] = keys[_smallest_per_group(level_2[:n_accounts], rank)]
    frame["ultimate_parent_key"] = ultimate_parents(accounts).to_numpy()

    detail = _related_detail(frame, strength_3, strength_4, settings.max_listed)
    log.info(
        "related accounts: %d accounts in %d groups (largest %d); edges: %d parent,"
        " %d domain, %d similar-name, %d regional-arm (%d kept)",
        n_accounts,
        frame["group_id"].nunique(),
        int(frame["group_size"].max()) if n_accounts else 0,
        len(parents) + int(is_parent.sum()),
        int(is_domain.sum()),
        int(similar.sum()),
        int(regional.sum()),
        int(holds.sum()),
    )
    out = frame[
        [
            "account_key",
            "group_id",
            "group_size",
            "ultimate_parent_key",
            "domain_group_id",
        ]
    ].copy()
    out["related_accounts_detail"] = pd.Series(
        pd.arrays.ArrowExtensionArray(detail), index=out.index
    )
    return out


def _lookup_strength(
    strengths: pd.DataFrame, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Strength of the item pairs (a, b) in a frame ``item_a < item_b, strength``."""
    lookup = strengths.drop_duplicates(["item_a", "item_b"]).set_index(
        ["item_a", "item_b"]
    )["strength"]
    found = lookup.reindex(
        pd.MultiIndex.from_arrays([np.minimum(a, b), np.maximum(a, b)])
    ).to_numpy(dtype=np.float64)
    return np.nan_to_num(found, nan=0.0)


def _run_bounds(change: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) of the run each position of a sorted array is in.

    ``change[i]`` is True where a new run starts (``change[0]`` must be True).
    """
    n = len(change)
    index = np.arange(n)
    start = np.maximum.accumulate(np.where(change, index, 0))
    is_end = np.r_[change[1:], True]
    end = np.minimum.accumulate(np.where(is_end, index + 1, n)[::-1])[::-1]
    return start, end


def _related_detail(
    frame: pd.DataFrame,
    strength_3: pd.DataFrame,
    strength_4: np.ndarray,
    max_listed: int,
) -> pa.ListArray:
    """The list of related accounts of every account, as one Arrow list array.

    ``frame`` has code, account_key and the labels l1..l4 of the four levels (one row
    per account, code = row; each level's groups nest in the next one's);
    ``strength_3`` holds the cophenetic name similarity of merged level-2 groups,
    ``strength_4`` the strength of a level-4 group's relations (indexed by its label,
    the weakest exclusive edge that built it). Accounts are sorted so that every
    level's groups are contiguous runs; an account's related accounts are then the
    runs around it, taken strongest level first and cut at ``max_listed``, so the
    work and memory are at most accounts x ``max_listed`` whatever the group sizes
    (no pairs are built beyond what is listed).
    """
    n = len(frame)
    if n == 0:
        return pa.array([], DETAIL_TYPE)
    l1, l2, l3, l4 = (frame[c].to_numpy() for c in ("l1", "l2", "l3", "l4"))
    order = np.lexsort((np.arange(n), l1, l2, l4))
    s1_, s2_, s4_ = l1[order], l2[order], l4[order]
    change_4 = np.r_[True, s4_[1:] != s4_[:-1]]
    change_2 = change_4 | np.r_[True, s2_[1:] != s2_[:-1]]
    change_1 = change_2 | np.r_[True, s1_[1:] != s1_[:-1]]
    start_1, end_1 = _run_bounds(change_1)
    start_2, end_2 = _run_bounds(change_2)
    start_4, end_4 = _run_bounds(change_4)
    position = np.arange(n)
    # six segments per account, strongest first: its parent group before / after it,
    # the rest of its domain group, the rest of its whole group
    seg_start = np.stack([start_1, position + 1, start_2, end_1, start_4, end_2])
    seg_end = np.stack([position, end_1, start_1, end_2, start_2, end_4])
    seg_rank = np.array([0, 0, 1, 1, 2, 2])
    length = np.maximum(seg_end - seg_start, 0)
    taken = np.minimum(np.cumsum(length, axis=0), max(max_listed, 0))
    length = np.diff(np.vstack([np.zeros((1, n), dtype=taken.dtype), taken]), axis=0)
    flat_len = length.T.ravel()  # account-major: segments of one account together
    flat_start = seg_start.T.ravel()
    total = int(flat_len.sum())
    seg_of = np.repeat(np.arange(len(flat_len)), flat_len)
    offset = np.arange(total) - np.repeat(np.cumsum(flat_len) - flat_len, flat_len)
    other = order[flat_start[seg_of] + offset]
    code = order[seg_of // 6]
    rank = seg_rank[seg_of % 6]
    strength = np.ones(total)
    is_name = rank == 2
    by_3 = is_name & (l3[code] == l3[other])
    by_4 = is_name & ~by_3
    if by_3.any():
        strength[by_3] = _lookup_strength(strength_3, l2[code[by_3]], l2[other[by_3]])
    strength[by_4] = strength_4[l4[code[by_4]]]
    final = np.lexsort((other, -strength, rank, code))
    code, other, rank, strength = (
        code[final],
        other[final],
        rank[final],
        strength[final],
    )
    offsets = np.concatenate([[0], np.cumsum(np.bincount(code, minlength=n))])
    key_array = pa.array(frame["account_key"].to_numpy(dtype=object), pa.string())
    values = pa.StructArray.from_arrays(
        [
            key_array.take(pa.array(other, pa.int64())),
            pa.array(np.asarray(REASONS, dtype=object)[rank], pa.string()),
            pa.array(strength, pa.float64()),
        ],
        names=["account_key", "reason", "strength"],
    )
    return pa.ListArray.from_arrays(
        pa.array(offsets.astype(np.int32)), values, type=DETAIL_TYPE
    )


def related_accounts_table(clusters: pd.DataFrame) -> pa.Table:
    """The Arrow table a dbt Python model returns for :func:`cluster_accounts` output.

    Keeps ``related_accounts_detail`` as a typed
    ``list<struct<account_key, reason, strength>>`` column (no JSON, no Python
    objects on the way).
    """

    def strings(column: str) -> pa.Array:
        return pa.array(clusters[column].to_numpy(dtype=object), pa.string())

    return pa.table(
        {
            "account_key": strings("account_key"),
            "group_id": strings("group_id"),
            "group_size": pa.array(clusters["group_size"].to_numpy(), pa.int64()),
            "ultimate_parent_key": strings("ultimate_parent_key"),
            "domain_group_id": strings("domain_group_id"),
            "related_accounts_detail": pa.array(
                clusters["related_accounts_detail"].array, DETAIL_TYPE
            ),
        }
    )
