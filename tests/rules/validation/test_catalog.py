"""The validator's rule list against the registry: one check per validator id, docs in sync."""

from pathlib import Path

from assistant.rules.registry import REGISTRY, Status
from assistant.rules.registry.render import render_markdown
from assistant.rules.validation.catalog import RULES

DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_docs_rules_md_matches_the_code():
    # Regenerate with: make docs (ptscribe rules --format markdown > docs/rules.md)
    assert DOCS.read_text(encoding="utf-8") == render_markdown(REGISTRY)


def test_every_stable_validator_id_has_exactly_one_check():
    bound = [rule.spec.rule for rule in RULES]
    assert len(bound) == len(set(bound))
    declared = {
        s.rule
        for s in REGISTRY
        if REGISTRY.area(s.rule).emitter == "validator" and s.status is Status.STABLE
    }
    assert set(bound) == declared


def test_a_check_carries_its_declaration():
    for rule in RULES:
        assert rule.spec is REGISTRY.spec(rule.spec.rule)
