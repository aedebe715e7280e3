"""Spoken and run-on patterns: assistant shares, totals, billing lines, goal lists, purpose
clauses, two-sided exercises, signed degrees, and a pain rating given as an answer."""

import pytest

from assistant.domain.note import MeasureKind, Side

from .helpers import exercise, measures, note


def _minutes(text: str) -> list[tuple[str | None, int | None, str]]:
    return [(iv.code, iv.minutes, iv.provider) for iv in note(text).interventions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the assistant's share written after the service's minutes
        (
            "TherEx (97110) 30 min (12 min by Pat Kim, PTA): SLR 3x10",
            [("97110", 18, "PT"), ("97110", 12, "PTA")],
        ),
        (
            "Manual therapy 20 min (5 min by the PTA): STM to the L knee",
            [("97140", 15, "PT"), ("97140", 5, "PTA")],
        ),
        # spoken: "N of those by <name> the PTA"; the next service is the therapist's own
        (
            "ther ex was twenty minutes, eight of those by Alex Reyes the PTA working alone, "
            "gait training was ten minutes",
            [("97110", 12, "PT"), ("97110", 8, "PTA"), ("97116", 10, "PT")],
        ),
        # a self-correction before the minutes: the corrected figure counts
        (
            "exercise was nineteen, no wait, twenty two minutes, manual therapy was 8 minutes",
            [("97110", 22, "PT"), ("97140", 8, "PT")],
        ),
    ],
)
def test_minutes_and_who_furnished_them(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert _minutes(text) == expected


@pytest.mark.parametrize(
    ("text", "timed", "treatment"),
    [
        (
            "home management training was 8 minutes, total timed minutes 28, "
            "total treatment time 28 minutes",
            28,
            28,
        ),
        ("TherEx 20 min. Total tx time 35 min.", None, 35),
        ("gait 10 min, total session time 40", None, 40),
    ],
)
def test_total_treatment_time_is_never_a_services_minutes(
    text: str, timed: int | None, treatment: int
) -> None:
    n = note(text)
    assert (n.total_timed_minutes, n.total_treatment_minutes) == (timed, treatment)
    assert treatment not in [iv.minutes for iv in n.interventions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Billed: 97110 x3 GP", [("97110", 3, ["GP"])]),
        (
            "Billed: 97110 x1 CQ GP; 97110 x2 GP; 97140 x1 GP.",
            [("97110", 1, ["CQ", "GP"]), ("97110", 2, ["GP"]), ("97140", 1, ["GP"])],
        ),
        ("Billing 97110 times 2, 97112 times 1.", [("97110", 2, []), ("97112", 1, [])]),
        ("Charges: 97530 x 2 units-GP and 97140 1u", [("97530", 2, ["GP"]), ("97140", 1, [])]),
        ("TherEx 25 min: SLR 3x10", []),
        # HCPCS level II codes (a letter and four digits) are billed lines too: dropping one
        # made the note seem to bill nothing for it (a false MIN006).
        (
            "Billed: 97110 x2 GP; 97112 x1 GP; G0283 x1 GP.",
            [("97110", 2, ["GP"]), ("97112", 1, ["GP"]), ("G0283", 1, ["GP"])],
        ),
        ("Billing G0283 times 1, 97110 times 2.", [("G0283", 1, []), ("97110", 2, [])]),
    ],
)
def test_stated_billing_lines_become_claim_lines(
    text: str, expected: list[tuple[str, int, list[str]]]
) -> None:
    n = note(f"TherEx 25 min: bridges 2x10. {text}")
    assert [(ln.code, ln.units, ln.modifiers) for ln in n.claim_lines] == expected
    # A billing line names no exercise.
    names = {ex.name for iv in n.interventions for ex in iv.exercises}
    assert not {"Billed", "Billing", "Charges"} & names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "P: Continue POC. Goals: STG1 TUG under 12 seconds; LTG2 no falls in 3 months.",
            [("STG1", "TUG under 12 seconds"), ("LTG2", "no falls in 3 months")],
        ),
        (
            "Goals on the plan are STG1 stairs with one rail, reciprocal, and LTG2 kneel to "
            "garden. plan is to continue.",
            [("STG1", "stairs with one rail, reciprocal"), ("LTG2", "kneel to garden")],
        ),
        (
            "Her goals are STG #1 reach the top shelf and LTG 2 lift 20 lb to the counter.",
            [("STG1", "reach the top shelf"), ("LTG2", "lift 20 lb to the counter")],
        ),
        ("STG1: ascend 12 steps with one rail", [("STG1", "ascend 12 steps with one rail")]),
    ],
)
def test_goals_listed_in_one_sentence(text: str, expected: list[tuple[str, str]]) -> None:
    n = note(text)
    assert [(g.id, g.text) for g in n.goals] == expected
    assert not [ex for iv in n.interventions for ex in iv.exercises]


@pytest.mark.parametrize(
    ("text", "name", "sets", "reps"),
    [
        # the purpose ends at its clause; the work after the comma is read
        (
            "We did exercise to improve knee strength for stairs, starting with leg press "
            "three sets of fifteen",
            "leg press",
            3,
            15,
        ),
        (
            "neuro re-ed to improve balance, then single leg stance 4 reps",
            "single leg stance",
            None,
            4,
        ),
    ],
)
def test_work_after_a_purpose_clause_is_read(
    text: str, name: str, sets: int | None, reps: int
) -> None:
    ex = exercise(text, name)
    assert (ex.sets, ex.reps) == (sets, reps)


@pytest.mark.parametrize(
    ("text", "name", "side"),
    [
        ("Dx: R knee OA. TherEx: bridges 2x10, SLR 3x10", "bridge", None),
        # The diagnosis's side is not written on the exercise: no side is recorded.
        ("Dx: R knee OA. TherEx: bridges 2x10, SLR 3x10", "straight leg raise", None),
        ("L TKA. leg press 3x12 90#", "leg press", None),
        ("L TKA. heel raises 2x15, heel slides 2x10", "heel raise", None),
        ("L TKA. heel raises 2x15, heel slides 2x10", "heel slide", None),
        ("R ankle sprain. R heel raises 2x15", "heel raise", Side.RIGHT),
        ("TherEx: L SLR 3x10", "straight leg raise", Side.LEFT),
        # A side said for one exercise of a run-on sentence is not the next one's.
        (
            "starting with left long arc quads 3 sets of 10 and heel raises 2 sets of eight",
            "heel raise",
            None,
        ),
        (
            "Let's do left shoulder flexion with assist, 3 sets of ten",
            "shoulder flexion",
            Side.LEFT,
        ),
    ],
)
def test_an_exercise_takes_only_the_side_written_in_its_clause(
    text: str, name: str, side: Side | None
) -> None:
    assert exercise(text, name).side == side


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("right knee extension is minus six degrees", -6.0),
        ("R knee ext AROM -9 deg", -9.0),
        ("knee extension lacks negative 4 degrees", -4.0),
        ("knee flexion 112 degrees", 112.0),
    ],
)
def test_signed_degrees(text: str, value: float) -> None:
    assert [m.value for m in measures(text, MeasureKind.ROM)] == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Therapist: And your pain right now, zero to ten?\nPatient: About a two.", 2.0),
        ("Therapist: Pain today on a 0-10 scale?\nPatient: Maybe 5.", 5.0),
        ("Patient reports pain 3/10.", 3.0),
    ],
)
def test_pain_answered_in_a_transcript(text: str, value: float) -> None:
    assert [m.value for m in measures(text, MeasureKind.PAIN)] == [value]
