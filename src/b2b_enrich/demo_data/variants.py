"""Variants of a generated demo export, each with a kind of evidence missing.

Real exports differ in what they carry (names only; names and phones; no e-mails; no
events of a goal; a few dozen accounts). :func:`write_variant` derives such an export
from a generated one, keeping the generator's truth beside it, so that every job can be
tested and measured on each shape. The raw tables are rewritten with DuckDB, set-based.

Variants (``VARIANTS``):

- ``no_emails``: no person has a work e-mail.
- ``names_only``: no e-mail, website or phone on either side (company names, cities
  and countries stay).
- ``names_and_phones``: no e-mail and no website on either side.
- ``company_names_alone``: the leads carry their company's name and nothing else
  of it (no e-mail, website, phone, country or city); the accounts are whole.
- ``names_only_accounts``: accounts carry only their names and countries: no
  website, phone, city or parent link (the related-accounts names-only shape).
- ``names_alone_accounts``: as ``names_only_accounts`` and no contact is related to
  an account (no relations file, no source account on the persons): nothing but the
  names and countries tells which accounts belong together.
- ``one_country``: every profile in one country.
- ``free_mail_only``: every e-mail on a free-mail domain.
- ``no_account_websites``: accounts have no website.
- ``no_parent_links``: accounts have no parent account key.
- ``no_events``: the events table is empty.
- ``no_goal_events``: no ``leadOperation.convertLead`` events (one goal has no data).
- ``tiny``: 30 accounts and about 120 persons (about 100 leads).
- ``single_account``: one account, its persons and about 100 other leads.
- ``csv``: the same tables as CSV.
- ``no_relations``: no ``account_person_relations`` file.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

RAW_TABLES = (
    "person_profiles",
    "account_profiles",
    "experience_events",
    "account_person_relations",
)
FREE_MAIL_DOMAINS = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "gmx.de")


@dataclass(frozen=True)
class Variant:
    """How a variant rewrites each raw table.

    ``nulls``: columns set to null per table; ``replace``: SQL expressions per
    column per table; ``where``: a filter per table (may use the CTE ``kept_accounts``
    and ``kept_persons``); ``keep_accounts`` / ``keep_persons``: SQL selecting the
    account / person keys to keep (default all); ``fmt``: output format;
    ``drop``: tables not written.
    """

    description: str
    nulls: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    replace: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    where: Mapping[str, str] = field(default_factory=dict)
    keep_accounts: str | None = None
    keep_persons: str | None = None
    fmt: str = "parquet"
    drop: tuple[str, ...] = ()


_ACCOUNT_CONTACT = ("website", "phone")
_PERSON_CONTACT = ("work_email", "company_website", "work_phone")
# up to `own` persons whose account (generator's truth) is kept, and `others` more
_PERSONS_OF_KEPT_ACCOUNTS = """
    (
        select p.person_key
        from persons as p
        left join person_truth as t using (person_key)
        where t.true_account_key in (select account_key from kept_accounts)
           or p.source_account_key in (select account_key from kept_accounts)
        order by hash(p.person_key)
        limit {own}
    )
    union
    (
        select person_key from persons
        where person_key is not null
        order by hash(person_key)
        limit {others}
    )
"""

VARIANTS: dict[str, Variant] = {
    "no_emails": Variant(
        "no person has a work e-mail",
        nulls={"person_profiles": ("work_email",)},
    ),
    "names_only": Variant(
        "no e-mail, website or phone on either side",
        nulls={
            "person_profiles": _PERSON_CONTACT,
            "account_profiles": _ACCOUNT_CONTACT,
        },
    ),
    "names_and_phones": Variant(
        "no e-mail and no website on either side",
        nulls={
            "person_profiles": ("work_email", "company_website"),
            "account_profiles": ("website",),
        },
    ),
    "company_names_alone": Variant(
        "the leads carry a company name alone: no e-mail, website, phone, country "
        "or city",
        nulls={"person_profiles": (*_PERSON_CONTACT, "work_country", "work_city")},
    ),
    "names_only_accounts": Variant(
        "accounts carry names and countries only (no website, phone, city, parent)",
        nulls={
            "account_profiles": ("website", "phone", "city", "parent_account_key"),
        },
    ),
    "names_alone_accounts": Variant(
        "accounts carry names and countries only and no contact is related to them",
        nulls={
            "account_profiles": ("website", "phone", "city", "parent_account_key"),
            "person_profiles": ("source_account_key",),
        },
        drop=("account_person_relations",),
    ),
    "one_country": Variant(
        "every profile in one country",
        replace={
            "person_profiles": {"work_country": "'Germany'"},
            "account_profiles": {"country": "'Germany'"},
        },
    ),
    "free_mail_only": Variant(
        "every e-mail on a free-mail domain",
        replace={
            "person_profiles": {
                "work_email": (
                    "case when work_email is not null then "
                    "split_part(work_email, '@', 1) || '@' || "
                    f"list_extract({list(FREE_MAIL_DOMAINS)}, "
                    f"1 + (hash(person_key) % {len(FREE_MAIL_DOMAINS)})::int) end"
                )
            }
        },
    ),
    "no_account_websites": Variant(
        "accounts have no website",
        nulls={"account_profiles": ("website",)},
    ),
    "no_parent_links": Variant(
        "accounts have no parent account key",
        nulls={"account_profiles": ("parent_account_key",)},
    ),
    "no_events": Variant(
        "the events table is empty", where={"experience_events": "false"}
    ),
    "no_goal_events": Variant(
        "no lead-conversion events",
        where={
            "experience_events": (
                "coalesce(event_type, '') != 'leadOperation.convertLead'"
            )
        },
    ),
    "tiny": Variant(
        "30 accounts and about 120 persons",
        keep_accounts=(
            "select account_key from accounts where account_key is not null "
            "order by hash(account_key) limit 30"
        ),
        keep_persons=_PERSONS_OF_KEPT_ACCOUNTS.format(own=80, others=40),
    ),
    "single_account": Variant(
        "one account, its persons and about 100 other leads",
        keep_accounts=(
            "select account_key from accounts where account_key is not null "
            "and account_name is not null order by hash(account_key) limit 1"
        ),
        keep_persons=_PERSONS_OF_KEPT_ACCOUNTS.format(own=1000, others=100),
    ),
    "csv": Variant("the same tables as CSV", fmt="csv"),
    "no_relations": Variant(
        "no account_person_relations file", drop=("account_person_relations",)
    ),
}

_PERSON_KEYED = ("person_profiles", "experience_events", "account_person_relations")


def _select(con: duckdb.DuckDBPyConnection, table: str, variant: Variant) -> str:
    types = _column_types(con, table)
    replace = {column: "null" for column in variant.nulls.get(table, ())}
    replace.update(variant.replace.get(table, {}))
    expressions = [
        f"cast({replace[c]} as {t}) as {c}" if c in replace else c
        for c, t in types.items()
    ]
    filters = [variant.where[table]] if table in variant.where else []
    if variant.keep_accounts and table == "account_profiles":
        filters.append("account_key in (select account_key from kept_accounts)")
    if variant.keep_persons and table in _PERSON_KEYED:
        filters.append("person_key in (select person_key from kept_persons)")
    if variant.keep_accounts and table == "account_person_relations":
        filters.append("account_key in (select account_key from kept_accounts)")
    where = f" where {' and '.join(f'({f})' for f in filters)}" if filters else ""
    return f"select {', '.join(expressions)} from {table}{where}"


def _column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return {row[0]: row[1] for row in con.sql(f"describe {table}").fetchall()}


def write_variant(source_dir: str | Path, out_dir: str | Path, name: str) -> Path:
    """Write variant ``name`` of the generated export in ``source_dir`` to ``out_dir``.

    ``source_dir`` holds the four raw tables as Parquet and the generator's ``truth/``
    folder, which is copied unchanged (its keys are a superset of the variant's).
    Returns ``out_dir``. Raises ``KeyError`` for an unknown variant name.
    """
    variant = VARIANTS[name]
    source, out = Path(source_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if (source / "truth").is_dir():
        shutil.copytree(source / "truth", out / "truth", dirs_exist_ok=True)
    con = duckdb.connect()
    for table in RAW_TABLES:
        con.execute(
            f"create view {table} as "
            f"select * from read_parquet('{source / table}.parquet')"
        )
    con.execute("create view accounts as select * from account_profiles")
    con.execute("create view persons as select * from person_profiles")
    truth = source / "truth" / "person_truth.parquet"
    con.execute(
        f"create view person_truth as select * from read_parquet('{truth}')"
        if truth.exists()
        else "create view person_truth as select null::varchar as person_key, "
        "null::varchar as true_account_key where false"
    )
    con.execute(
        "create temp table kept_accounts as "
        + (variant.keep_accounts or "select account_key from accounts")
    )
    con.execute(
        "create temp table kept_persons as "
        + (variant.keep_persons or "select person_key from persons")
    )
    for table in RAW_TABLES:
        target = out / f"{table}.{variant.fmt}"
        target.unlink(missing_ok=True)
        if table in variant.drop:
            continue
        options = "format parquet" if variant.fmt == "parquet" else "format csv, header"
        con.execute(f"copy ({_select(con, table, variant)}) to '{target}' ({options})")
    con.close()
    return out
