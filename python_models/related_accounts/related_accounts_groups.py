"""Related-accounts clustering: one row per account with its group and relations.

Thin: reads the accounts (parent links) and the domain / name edges built in SQL,
calls b2b_enrich.related_accounts.cluster_accounts and returns an Arrow table with
the related accounts as a typed list of structs. The frames are read in key order
(and cluster_accounts canonicalises its inputs anyway), so reruns give identical
tables.
"""

from b2b_enrich.related_accounts import (
    ClusteringSettings,
    cluster_accounts,
    related_accounts_table,
)


def model(dbt, session):
    dbt.config(materialized="table")
    accounts = (
        dbt.ref("int_related_account_profiles")
        .project("account_key, parent_account_key")
        .order("account_key")
        .df()
    )
    edges = (
        dbt.ref("int_related_account_edges")
        .project("account_key_a, account_key_b, reason, strength, is_exclusive, kind")
        .order("account_key_a, account_key_b, reason, strength, is_exclusive, kind")
        .df()
    )
    settings = ClusteringSettings(
        name_threshold=float(dbt.config.get("name_threshold")),
        max_name_component=int(dbt.config.get("max_name_component")),
        max_listed=int(dbt.config.get("max_listed")),
    )
    return related_accounts_table(cluster_accounts(accounts, edges, settings))
