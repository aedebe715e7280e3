"""The rule catalog: unique ids, complete specs, every rule tested both ways, docs in sync."""

from pathlib import Path

import pytest

from assistant.rules.validation.catalog import RULES, SPECS, render_markdown
from tests.rules.validation import (
    test_audit,
    test_clinician,
    test_codes,
    test_diagnosis,
    test_evidence,
    test_exercise,
    test_minutes,
    test_necessity,
    test_plan,
)

DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules.md"
TABLES = (
    test_exercise,
    test_codes,
    test_minutes,
    test_diagnosis,
    test_clinician,
    test_plan,
    test_necessity,
    test_audit,
    test_evidence,
)


def test_docs_rules_md_matches_the_code():
    # Regenerate with: ptscribe rules --format markdown > docs/rules.md
    assert DOCS.read_text(encoding="utf-8") == render_markdown()


def test_ids_are_unique_and_prefixed():
    ids = [rule.spec.rule for rule in RULES]
    assert len(ids) == len(set(ids))
    prefixes = ("TE", "CS", "MIN", "DX", "CL", "POC", "MN", "AU", "EV")
    assert all(i.rstrip("0123456789") in prefixes for i in ids)
    assert set(ids) <= SPECS.keys()
    assert any(i.startswith("BIL") for i in SPECS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.spec.rule)
def test_spec_is_complete(rule):
    spec = rule.spec
    assert spec.description
    assert spec.rationale
    assert rule.hint


def test_every_rule_has_a_passing_and_a_failing_row():
    rows = [p.values for table in TABLES for p in table.CASES]
    failing = {rule for rule, _, _, _, path in rows if path is not None}
    passing = {rule for rule, _, _, _, path in rows if path is None}
    ids = {rule.spec.rule for rule in RULES}
    assert ids - failing == set()
    assert ids - passing == set()
