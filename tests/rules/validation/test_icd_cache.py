import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.rules.validation import icd


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.setenv("PTSCRIBE_CACHE_DIR", str(tmp_path))
    icd._table.cache_clear()
    icd.lookup.cache_clear()
    yield tmp_path
    icd._table.cache_clear()
    icd.lookup.cache_clear()


def test_first_use_writes_the_code_table_and_later_reads_it(fresh: Path) -> None:
    assert icd.lookup("M17.11").billable
    [cached] = list(fresh.glob("icd10cm-*.json"))
    table = json.loads(cached.read_text())
    assert table["M17.1"][0] is False  # a category with children is not billable
    # A code edited into the cached copy shows the copy is what later processes read.
    table["M17.11"] = [True, "edited copy"]
    cached.write_text(json.dumps(table))
    icd._table.cache_clear()
    icd.lookup.cache_clear()
    assert icd.lookup("M17.11").description == "edited copy"


def test_damaged_cache_is_rebuilt(fresh: Path) -> None:
    icd.lookup("M17.11")
    [cached] = list(fresh.glob("icd10cm-*.json"))
    cached.write_text("{not json")
    icd._table.cache_clear()
    icd.lookup.cache_clear()
    assert icd.lookup("M17.11").description.startswith("Unilateral primary osteoarthritis")


@pytest.mark.parametrize(
    ("given", "expected"), [("m1711", "M17.11"), (" S83.511A ", "S83.511A"), ("M17", "M17")]
)
def test_codes_without_dots_are_normalised(given: str, expected: str) -> None:
    assert icd.normalise_code(given) == expected
