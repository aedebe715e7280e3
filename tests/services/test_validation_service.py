"""`validate` takes the same context file as `draft`; a context of another visit is refused."""

import json
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.services.dictation import draft_sources
from assistant.services.validation import validate_sources

pytestmark = pytest.mark.usefixtures("fresh_settings")

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = ROOT / "examples" / "context.json"


def test_the_draft_context_example_validates_the_note_drafted_with_it(tmp_path: Path) -> None:
    outcome = draft_sources(str(ROOT / "examples" / "dictation.txt"), context=str(CONTEXT))
    note = tmp_path / "note.json"
    note.write_text(outcome.note.model_dump_json())
    report = validate_sources(str(note), str(CONTEXT))
    # The plan of care in the example certifies this visit: no plan-of-care error stands.
    assert not [f for f in report.findings if f.rule.startswith("POC") and f.severity == "error"]
    assert report.recomputed_claim is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_service", "2025-06-03", "context's date_of_service is 2025-06-03"),
        ("discipline", "OT", "context's discipline is OT but the note's is PT"),
        ("note_type", "evaluation", "context's note_type is evaluation"),
    ],
)
def test_a_context_for_another_visit_is_refused(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    outcome = draft_sources(str(ROOT / "examples" / "dictation.txt"), context=str(CONTEXT))
    note = tmp_path / "note.json"
    note.write_text(outcome.note.model_dump_json())
    other = tmp_path / "context.json"
    other.write_text(json.dumps(json.loads(CONTEXT.read_text()) | {field: value}))
    with pytest.raises(InputError, match=message):
        validate_sources(str(note), str(other))


def test_both_from_stdin_is_refused() -> None:
    with pytest.raises(InputError, match="standard input"):
        validate_sources("-", "-")
