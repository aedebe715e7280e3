"""The shipped example notes validate clean: no error and no warning (info is fine)."""

import json
from pathlib import Path

import pytest

from assistant.domain.context import VisitContext
from assistant.domain.findings import Severity
from assistant.domain.note import Note
from assistant.rules.validation import review
from assistant.services.icd import icd_code_set

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
NOTES = sorted((EXAMPLES / "notes").glob("*.json"))


def _load(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_examples_of_each_kind():
    notes = [Note.model_validate(_load(p)) for p in NOTES]
    assert {n.discipline for n in notes} >= {"PT", "OT"}
    assert "evaluation" in {n.note_type for n in notes}
    codes = {iv.code for n in notes for iv in n.interventions}
    assert {"97110", "97140"} <= codes


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.stem)
def test_example_is_clean(path):
    context_path = EXAMPLES / "contexts" / path.name
    contexts = [None]
    if context_path.exists():
        contexts.append(VisitContext.model_validate(_load(context_path)))
    for context in contexts:
        report = review(Note.model_validate(_load(path)), context, icd=icd_code_set())
        loud = [
            (f.rule, f.path, f.message) for f in report.findings if f.severity is not Severity.INFO
        ]
        assert loud == []
        assert report.signable
        assert report.recomputed_claim is not None
