"""Statements, goals, diagnoses, SOAP sections, dates and what the parser could not place."""

from datetime import date
from pathlib import Path

import pytest

from assistant.drafting.offline.dates import find_date

from .helpers import assert_spans_are_slices, draft, note

ROOT = Path(__file__).parents[3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOS 6/2/2025", date(2025, 6, 2)),
        ("Date of service: 06/02/25", date(2025, 6, 2)),
        ("Seen June 2, 2025 for f/u", date(2025, 6, 2)),
        ("2025-06-02 daily note", date(2025, 6, 2)),
        ("s/p R TKA 5/1/2025. DOS 6/2/2025", date(2025, 6, 2)),
        ("s/p R TKA 5/1/2025, pain 3/10", None),
        ("pain 4/10, 3x10", None),
        ("DOS 13/45/2025", None),
    ],
)
def test_date_of_service_in_text(text: str, expected: date | None) -> None:
    found = find_date(text)
    assert (found.day if found else None) == expected


def test_statements_attach_to_the_intervention_in_their_sentence() -> None:
    n = note(
        "TherEx 25 min: SLR 3x10 2#, VC/TC for quad set, to improve quad strength for stairs.\n"
        "MT 10 min: patellar mobs, tolerated well."
    )
    therex, manual = n.interventions
    assert therex.skilled_rationale == "VC/TC for quad set"
    assert therex.purpose == "to improve quad strength for stairs"
    assert manual.response == "tolerated well"
    assert therex.response == ""


def test_statements_without_an_intervention_apply_to_all() -> None:
    n = note(
        "TherEx 20 min: SLR 3x10. MT 10 min: STM quad. Pt tolerated tx well, no increase in pain."
    )
    assert all("tolerated" in iv.response for iv in n.interventions)


# (text, the code of the service that gets the skilled-care statement) -- a statement that
# names no service belongs to the one named in or nearest before it.
SKILLED_OWNER = [
    (
        "TherEx 20 min: SLR 3x10.\nNMR 10 min: tandem stance 3x30s.\nVC for upright posture.",
        "97112",
    ),
    ("TherEx 20 min: SLR 3x10. US 8 min to R knee. Therapist monitored skin response.", "97035"),
    (
        "Gait training 8 min with SPC. TherEx 20 min: SLR 3x10. For gait training, cues for heel strike.",
        "97116",
    ),
    (
        "Let's do bridges, 2 sets of ten.\nGood. Remember neutral pelvis, I'll keep cueing you.",
        "97110",
    ),
    # "after exercise" says when; the statement is the cold pack's.
    (
        "TherEx 20 min: SLR 3x10.\nHP 15 min: cold pack to the knee after exercise. VC for positioning.",
        "97010",
    ),
    (
        "Neuromuscular re-education, tandem stance 3x30s. Then we did ultrasound to the knee, "
        "therapist monitored skin response. NMR was 10 minutes, ultrasound was 8 minutes.",
        "97035",
    ),
]


# (text, the response recorded on the only service)
RESPONSES = [
    (
        "TherEx 20 min: SLR 3x10, good form by the end of the session.",
        "good form by the end of the session",
    ),
    (
        "TherEx 20 min: SLR 3x10. Tolerated fair, needed rest breaks.",
        "Tolerated fair; needed rest breaks",
    ),
    ("GT 8 min with SPC, pain unchanged.", "pain unchanged"),
]


@pytest.mark.parametrize(("text", "response"), RESPONSES)
def test_response_statements(text: str, response: str) -> None:
    assert note(text).interventions[0].response == response


@pytest.mark.parametrize(("text", "code"), SKILLED_OWNER)
def test_skilled_statement_goes_to_the_service_named_nearest_before(text: str, code: str) -> None:
    owners = [iv.code for iv in note(text).interventions if iv.skilled_rationale]
    assert owners == [code]


def test_purpose_words_are_not_read_as_treatment() -> None:
    n = note("TherEx 20 min: SLR 3x10 to improve quad strength for stairs and walking")
    assert [ex.name for iv in n.interventions for ex in iv.exercises] == ["straight leg raise"]


def test_progression_is_recorded_on_the_exercise() -> None:
    n = note("TherEx 20 min: LAQ 3x10, progressed from 1# to 2# today")
    ex = n.interventions[0].exercises[0]
    assert (ex.load, "progressed" in ex.progression) == (2.0, True)


def test_goals_written_in_the_text() -> None:
    n = note(
        "STG1: ascend 12 stairs with 1 rail.\nLTG 2 - walk 1000 ft without device.\nHer goal is to garden."
    )
    assert [(g.id, g.term, g.text) for g in n.goals] == [
        ("STG1", "short", "ascend 12 stairs with 1 rail"),
        ("LTG2", "long", "walk 1000 ft without device"),
        ("G3", "short", "to garden"),
    ]


GOAL_LINKS = [
    # Shared words link only when the note references no goal anywhere.
    (
        "STG1: climb stairs with one rail.\nTherEx 20 min: SLR 3x10 to improve strength for stairs.",
        [["STG1"]],
    ),
    # An explicit reference anywhere: no links invented from shared words.
    (
        "STG1: climb stairs with one rail.\nTherEx 20 min: SLR 3x10 to improve strength for stairs.\nGT 10 min toward STG1.",
        [[], ["STG1"]],
    ),
    (
        "TherEx (97110) 20 min -> STG2: to build strength.\n- SLR 3x10\nGT 10 min -> LTG1",
        [["STG2"], ["LTG1"]],
    ),
    (
        "Ther ex 20 min working on LTG1, bridges 2x10. Gait training 8 min for goal 2.",
        [["LTG1"], ["G2"]],
    ),
    # Named again after the work, in a sentence that only comments on it.
    (
        "Gait training with a quad cane, 50 ft. TherEx: SLR 3x10. For gait training toward STG1 "
        "to normalise gait pattern, mild fatigue. Gait training was ten minutes, therex 20 minutes.",
        [["STG1"], []],
    ),
    # Named before its minutes are read: the link waits for the service.
    (
        "TherEx 20 min: SLR 3x10. Then we did ultrasound toward LTG2 to reduce pain, tolerated well. "
        "Ultrasound was 8 minutes.",
        [[], ["LTG2"]],
    ),
]


@pytest.mark.parametrize(("text", "links"), GOAL_LINKS)
def test_goal_links(text: str, links: list[list[str]]) -> None:
    assert [iv.goal_ids for iv in note(text).interventions] == links


def test_diagnoses() -> None:
    n = note("Dx: M17.11 primary OA R knee; Z96.651. Also S83.511A")
    assert [(d.code, d.description) for d in n.diagnoses] == [
        ("M17.11", "primary OA R knee"),
        ("Z96.651", ""),
        ("S83.511A", ""),
    ]


def test_medical_necessity_statement() -> None:
    n = note(
        "TherEx 20 min: SLR 3x10. Continued skilled PT is medically necessary to restore gait."
    )
    assert n.medical_necessity is not None
    assert "medically necessary" in n.medical_necessity.text


def test_soap_sections_from_labels() -> None:
    n = note(
        "S: pt c/o stiffness.\nO: TherEx 20 min: SLR 3x10.\nA: tol well.\nP: cont POC.\nRTC Friday."
    )
    assert "stiffness" in n.subjective
    assert "straight leg raise" in n.objective
    assert "tol well" in n.assessment
    # A label holds until the next one.
    assert "cont POC" in n.plan
    assert "RTC Friday" in n.plan


def test_soap_sections_from_words() -> None:
    n = note(
        "Pt reports she slept well. TherEx 20 min: SLR 3x10. Pt tolerated session. "
        "Plan to progress next visit."
    )
    assert "slept well" in n.subjective
    assert "straight leg raise" in n.objective
    assert "tolerated session" in n.assessment
    assert "progress next visit" in n.plan


def test_unparsed_words_stay_in_the_note_and_are_reported() -> None:
    d = draft("TherEx 20 min: SLR 3x10.\nzorblax quintessence maneuver.")
    assert [s.text for s in d.unparsed] == ["zorblax quintessence maneuver"]
    assert "zorblax" in d.note.soap_text
    assert "DR001" in [f.rule for f in d.findings]


def test_unknown_exercise_names_are_reported() -> None:
    d = draft("TherEx 20 min: flamingo kicks 2x12")
    assert "DR003" in [f.rule for f in d.findings]


def test_minutes_without_timers_are_flagged_self_reported() -> None:
    d = draft("TherEx 20 min: SLR 3x10")
    [flag] = [f for f in d.findings if f.rule == "DR002"]
    assert (flag.severity, flag.element) == ("warning", "timed_minutes")


@pytest.mark.parametrize("name", ["dictation.txt", "shorthand.txt"])
def test_examples_every_fact_has_evidence_that_is_a_slice(name: str) -> None:
    d = draft((ROOT / "examples" / name).read_text())
    assert_spans_are_slices(d)
    n = d.note
    assert {iv.code for iv in n.interventions} >= {"97110", "97140", "97116"}
    facts = [*n.measures, *n.interventions, *(ex for iv in n.interventions for ex in iv.exercises)]
    assert all(f.evidence for f in facts)


def test_dictation_example_reads_as_dictated() -> None:
    n = note((ROOT / "examples" / "dictation.txt").read_text())
    therex = next(iv for iv in n.interventions if iv.code == "97110")
    laq = next(ex for ex in therex.exercises if ex.name == "long arc quad")
    assert (therex.minutes, laq.sets, laq.reps, laq.load) == (25, 3, 10, 2.0)
    assert [m.value for m in n.measures if m.name == "pain (at rest)"] == [4.0]
    assert [d.code for d in n.diagnoses] == ["Z96.651", "M17.11"]
    assert n.medical_necessity is not None
