"""Mis-readings that raised false validator findings end to end on the synthetic eval.

Each row is a phrasing class in its own words; the drafted note must hold neither a service
nor an exercise the text does not state, since the validator then asks for its minutes,
skill or dose (MIN001, CS006, TE003) on a note that documented everything.
"""

import pytest

from .helpers import note

WORK = "TherEx (97110) 25 min: bridges 3x20 BW. Cues for neutral spine."

# A diagnosis line names conditions, never a service done today.
DIAGNOSIS_LINES = [
    "Dx: unsteadiness and gait abnormality (R26.81)",
    "Diagnosis: abnormality of gait and mobility (R26.89).",
    "Tx dx - difficulty walking, gait abnormality",
    "Treatment diagnosis (R26.2): difficulty in walking; balance deficits",
]


@pytest.mark.parametrize("line", DIAGNOSIS_LINES)
def test_a_diagnosis_line_names_no_service(line: str) -> None:
    n = note(f"{line}\n{WORK}")
    assert [iv.code for iv in n.interventions] == ["97110"]
    assert [ex.name for iv in n.interventions for ex in iv.exercises] == ["bridge"]


def test_a_service_after_the_diagnosis_line_is_still_read() -> None:
    n = note("Dx: gait abnormality (R26.89)\nGait training 12 min: 150 ft with FWW, CGA.")
    assert [(iv.code, iv.minutes) for iv in n.interventions] == [("97116", 12)]


# What a cue is about is no exercise: the words after "cues for", "cueing required for",
# "modified the exercise for" and a transcript's "Remember ...".
CUES = [
    ("Skilled cueing required for weight shift to the weaker side.", "bridge"),
    ("Therapist modified the exercise for glute activation before lifting.", "bridge"),
    ("VCs given for chin tuck posture throughout.", "bridge"),
    ("Therapist: Good. Remember chin tuck posture, I'll keep cueing you.", "bridge"),
]


@pytest.mark.parametrize(("cue", "only"), CUES)
def test_a_cue_names_no_exercise(cue: str, only: str) -> None:
    n = note(f"{WORK}\n{cue}")
    assert [ex.name for iv in n.interventions for ex in iv.exercises] == [only]


def test_an_exercise_named_after_a_cue_sentence_is_still_read() -> None:
    n = note("TherEx 20 min: cues for posture. Chin tucks 2x10 5 sec hold.")
    names = [ex.name for iv in n.interventions for ex in iv.exercises]
    assert names == ["chin tuck"]
