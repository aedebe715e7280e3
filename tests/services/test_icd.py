"""The ICD-10-CM code set is loaded at the edge: a JSON cache per package version, rebuilt
from simple_icd_10_cm when missing or damaged."""

import json
from pathlib import Path

import pytest

from assistant.rules.validation.icd import normalise_code
from assistant.services.icd import cache_file, icd_code_set, load_icd_code_set


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("PTSCRIBE_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_first_load_writes_the_code_table_and_later_loads_read_it(fresh: Path) -> None:
    assert load_icd_code_set().lookup("M17.11").billable
    [cached] = list(fresh.glob("icd10cm-*.json"))
    assert cached == cache_file()
    table = json.loads(cached.read_text())
    assert table["M17.1"][0] is False  # a category with children is not billable
    # A code edited into the cached copy shows the copy is what later loads read.
    table["M17.11"] = [True, "edited copy"]
    cached.write_text(json.dumps(table))
    assert load_icd_code_set().lookup("M17.11").description == "edited copy"


def test_damaged_cache_is_rebuilt(fresh: Path) -> None:
    load_icd_code_set()
    [cached] = list(fresh.glob("icd10cm-*.json"))
    cached.write_text("{not json")
    code = load_icd_code_set().lookup("M17.11")
    assert code.description.startswith("Unilateral primary osteoarthritis")
    assert json.loads(cached.read_text())["M17.11"][0] is True  # rewritten whole


def test_unwritable_cache_folder_only_costs_speed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PTSCRIBE_CACHE_DIR", str(blocker))
    assert load_icd_code_set().lookup("M17.11").billable


def test_the_process_loads_the_code_set_once() -> None:
    assert icd_code_set() is icd_code_set()
    assert icd_code_set().source.startswith("simple-icd-10-cm ")
    assert len(icd_code_set()) > 70_000


@pytest.mark.parametrize(
    ("given", "expected"), [("m1711", "M17.11"), (" S83.511A ", "S83.511A"), ("M17", "M17")]
)
def test_codes_without_dots_are_normalised(given: str, expected: str) -> None:
    assert normalise_code(given) == expected
