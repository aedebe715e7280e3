"""The note and context formats: what parses, what is refused, and the published schema."""

import copy
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.domain.context import VisitContext
from assistant.domain.note import SCHEMA_VERSION, Exercise, Measure, Note, Span

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BASE = json.loads((EXAMPLES / "notes" / "pt_daily_knee.json").read_text(encoding="utf-8"))


def _note(**changes):
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


@pytest.mark.parametrize("path", sorted((EXAMPLES / "notes").glob("*.json")), ids=lambda p: p.stem)
def test_examples_parse_and_round_trip(path):
    note = Note.model_validate_json(path.read_text(encoding="utf-8"))
    assert Note.model_validate(note.model_dump(mode="json")) == note


def test_context_example_parses():
    text = (EXAMPLES / "contexts" / "pt_daily_knee.json").read_text(encoding="utf-8")
    context = VisitContext.model_validate_json(text)
    assert context.plan_of_care is not None
    assert context.previous_notes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"schema_version": "2"}, "schema_version"),
        ({"note_type": "soap"}, "note_type"),
        ({"date_of_service": "2025-13-01"}, "date_of_service"),
        ({"unknown_field": 1}, "unknown_field"),
        ({"total_timed_minutes": -5}, "total_timed_minutes"),
        ({"diagnoses": [{"code": "knee pain"}]}, "code"),
        ({"claim_lines": [{"code": "97110", "units": 0}]}, "units"),
        ({"claim_lines": [{"code": "97110", "units": 1, "modifiers": ["gp"]}]}, "modifiers"),
    ],
)
def test_invalid_notes_are_refused(changes, message):
    with pytest.raises(ValidationError, match=message):
        Note.model_validate(_note(**changes))


def test_schema_version_is_required():
    data = _note()
    del data["schema_version"]
    with pytest.raises(ValidationError, match="schema_version"):
        Note.model_validate(data)


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"kind": "pain", "value": 10}, True),
        ({"kind": "pain", "value": 11}, False),
        ({"kind": "pain", "value": "moderate"}, False),
        ({"kind": "rom", "value": -10}, True),
        ({"kind": "rom", "value": 400}, False),
        ({"kind": "mmt", "value": "4-"}, True),
        ({"kind": "mmt", "value": "3+/5"}, True),
        ({"kind": "mmt", "value": "6"}, False),
        ({"kind": "mmt", "value": 4.5}, True),
        ({"kind": "outcome", "value": 38}, True),
        ({"kind": "other", "value": "positive Thomas test"}, True),
    ],
)
def test_measure_ranges(fields, ok):
    if ok:
        Measure(name="m", **fields)
    else:
        with pytest.raises(ValidationError):
            Measure(name="m", **fields)


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"load": 5, "load_unit": "lb"}, True),
        ({"load": 5}, False),
        ({"load": 5, "load_unit": "band"}, False),
        ({"load_unit": "band", "band_colour": "red"}, True),
        ({"distance": 100}, False),
        ({"distance": 100, "distance_unit": "ft"}, True),
        ({"sets": 0}, False),
        ({"hold_seconds": 30}, True),
    ],
)
def test_exercise_parameters(fields, ok):
    if ok:
        Exercise(name="x", **fields)
    else:
        with pytest.raises(ValidationError):
            Exercise(name="x", **fields)


def test_span_must_be_ordered_and_keeps_whitespace():
    with pytest.raises(ValidationError):
        Span(start=5, end=2, text="")
    assert Span(start=0, end=3, text=" a ").text == " a "


def test_source_text_is_not_stripped():
    note = Note.model_validate(_note(source_text="  leading spaces move offsets"))
    assert note.source_text.startswith("  ")


@pytest.mark.parametrize("model", [Note, VisitContext])
def test_json_schema_is_published(model):
    schema = model.model_json_schema()
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert "schema_version" in schema["required"]
    json.dumps(schema)


def test_cosigned_left_the_note_but_old_notes_still_load() -> None:
    import json
    from pathlib import Path

    from assistant.domain.note import Note

    path = Path(__file__).parents[2] / "examples" / "notes" / "pt_daily_knee.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    note = Note.model_validate({**data, "cosigned": True})
    assert "cosigned" not in note.model_dump()
