"""`b2b-enrich build-seeds` writes back what the committed seeds hold.

Hand edits to a seed are lost at the next rebuild unless they are in
``b2b_enrich.reference_data``; these tests catch a seed edited by hand. The seeds
built from third-party package data are not compared byte for byte, since a newer
package may add rules.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from b2b_enrich.reference_data import build_seeds

SEED_DIR = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    build_seeds(out)
    return out


def _rows(path: Path) -> set[tuple[str, ...]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {tuple(row) for row in csv.reader(handle)}


@pytest.mark.parametrize(
    "seed", ["leading_legal_forms", "legal_form_systems", "platform_domains"]
)
def test_a_seed_curated_in_the_package_is_rebuilt_byte_for_byte(
    rebuilt: Path, seed: str
) -> None:
    committed = (SEED_DIR / f"{seed}.csv").read_bytes()
    assert (rebuilt / f"{seed}.csv").read_bytes() == committed


@pytest.mark.parametrize(
    "seed", ["legal_forms", "public_suffixes", "free_mail_domains", "country_aliases"]
)
def test_a_rebuild_keeps_every_row_of_a_committed_seed(
    rebuilt: Path, seed: str
) -> None:
    missing = _rows(SEED_DIR / f"{seed}.csv") - _rows(rebuilt / f"{seed}.csv")
    assert not missing, (
        f"seeds/{seed}.csv has rows build-seeds does not write (add them to "
        f"src/b2b_enrich/reference_data.py): {sorted(missing)[:10]}"
    )


def test_every_committed_seed_is_built(rebuilt: Path) -> None:
    assert {p.name for p in SEED_DIR.glob("*.csv")} == {
        p.name for p in rebuilt.glob("*.csv")
    }
