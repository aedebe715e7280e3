"""CPT suggestions: content that fits another code, in both directions, with the reason."""

import pytest

from assistant.domain.note import Note
from assistant.domain.suggestion import CodeSystem
from assistant.rules.suggest.cpt import cpt_suggestions
from tests.rules.validation.helpers import edited, example

EX = "interventions.0.exercises"
BRIDGES = {"name": "bridges", "sets": 2, "reps": 15}
CURLS = {"name": "biceps curls", "sets": 3, "reps": 10, "load": 2, "load_unit": "lb"}


def _ot(**changes: object) -> dict:
    return edited(example("ot_daily_shoulder"), dict(changes))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # Issue 12: balance on foam billed as 97110 -> 97112; PNF -> 97112.
        (edited(example(), {f"{EX}.1.name": "single leg stance on foam"}), [("97110", "97112")]),
        (edited(example(), {f"{EX}.3.name": "PNF D2 flexion pattern"}), [("97110", "97112")]),
        # Functional tasks billed as 97110 -> 97530.
        (edited(example(), {f"{EX}.2.name": "object retrieval from floor"}), [("97110", "97530")]),
        # The other direction: 97530 (the higher-valued code) whose content is only
        # single-deficit exercises fits 97110.
        (
            _ot(
                **{
                    "interventions.1.description": "Strengthening",
                    "interventions.1.exercises": [BRIDGES, CURLS],
                }
            ),
            [("97530", "97110")],
        ),
        # Content that fits its code: nothing to suggest.
        (example(), []),
        (example("ot_daily_shoulder"), []),
    ],
    ids=["foam", "pnf", "retrieval", "exercises-under-97530", "knee-example", "ot-example"],
)
def test_content_to_code(data: dict, expected: list[tuple[str, str]]) -> None:
    note = Note.model_validate(data)
    found = cpt_suggestions(note)
    got = []
    for s in found:
        index = int(s.path.removeprefix("interventions[").split("]")[0])
        got.append((note.interventions[index].code, s.candidates[0].code))
        assert s.system is CodeSystem.CPT
        assert s.candidates[0].reason  # the reason is always given
    assert got == expected


def test_a_part_of_the_content_is_named_with_its_evidence() -> None:
    data = edited(example(), {f"{EX}.1.name": "single leg stance on foam"})
    (found,) = cpt_suggestions(Note.model_validate(data))
    assert found.words == "single leg stance on foam"
    assert "part of the content ('single leg stance on foam') billed as 97110 fits 97112" in (
        found.candidates[0].reason
    )
    assert found.evidence == Note.model_validate(data).interventions[0].exercises[1].evidence
