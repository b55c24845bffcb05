"""Render the project's expression macros with plain Jinja and evaluate them in DuckDB.

The normalizers are dbt macros (so the SQL that runs in the warehouse is the SQL under
test); they use no dbt context, so plain Jinja renders them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import jinja2

MACRO_DIR = Path(__file__).resolve().parents[2] / "macros"
EXPRESSION_MACROS = [
    "clean_string",
    "digits_only",
    "email_host",
    "normalize_company_name",
    "normalize_email",
    "normalize_text",
    "parse_timestamp",
    "transliterate",
    "url_host",
]


@cache
def _module():
    source = "\n".join(
        (MACRO_DIR / f"{name}.sql").read_text() for name in EXPRESSION_MACROS
    )
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.globals["return"] = lambda value: value
    return env.from_string(source).make_module()


@cache
def _connection() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def sql_expression(macro: str, column: str = "value") -> str:
    return str(getattr(_module(), macro)(column)).strip()


def evaluate(macro: str, values: list[object | None]) -> list[object | None]:
    """Apply the macro's SQL expression to each value; returns the results in order."""
    expression = sql_expression(macro)
    rows = (
        _connection()
        .execute(
            f"select {expression} "
            "from unnest(?::varchar[]) with ordinality as t(value, i) "
            "order by i",
            [[None if v is None else str(v) for v in values]],
        )
        .fetchall()
    )
    return [row[0] for row in rows]
