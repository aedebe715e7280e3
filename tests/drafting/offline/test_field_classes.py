"""Failure classes the field set's per-case misses showed, one table row per phrasing.

The rows are written here in their own words, not copied from evals/fieldset: the drafter is
held to the class (a putty's colour, a task timed under a service, a plan's frequency), not to
one note's string.
"""

from typing import Any

import pytest

from assistant.domain.note import Exercise

from .helpers import note


def _dose(ex: Exercise) -> dict[str, Any]:
    out = {
        "sets": ex.sets,
        "reps": ex.reps,
        "load": ex.load,
        "band": ex.band_colour or None,
        "hold": ex.hold_seconds,
        "minutes": ex.duration_minutes,
        "side": ex.side.value if ex.side else None,
    }
    return {k: v for k, v in out.items() if v is not None}


def _doses(text: str) -> dict[str, dict[str, Any]]:
    return {ex.name: _dose(ex) for iv in note(text).interventions for ex in iv.exercises}


# (text, {exercise name: its dose}); every exercise drafted must be listed.
DOSES: list[tuple[str, dict[str, dict[str, Any]]]] = [
    # a putty named by its colour: the colour is the load, the task after it the exercise
    (
        "TherEx 12 min: red putty finger extension 3 min.",
        {"putty finger extension": {"band": "red", "minutes": 3}},
    ),
    (
        "TherEx 15 min: blue theraputty: roll into a log 2 min, tripod pinch 3 min.",
        {
            "putty roll into log": {"band": "blue", "minutes": 2},
            "putty tripod pinch": {"band": "blue", "minutes": 3},
        },
    ),
    # ... also after another exercise's dose in the same sentence, which keeps its own load
    (
        "TherEx 20 min: wrist ext 2x12 w/ 2# R, yellow putty tip pinch 4 min.",
        {
            "wrist extension": {"sets": 2, "reps": 12, "load": 2.0, "side": "right"},
            "putty tip pinch": {"band": "yellow", "minutes": 4},
        },
    ),
    # a flexbar's colour is its resistance too
    (
        "Ther ex 15 minutes: radial deviation with the green flexbar, two by fifteen.",
        {"radial deviation": {"band": "green", "sets": 2, "reps": 15}},
    ),
    # a modifier the clinician wrote stays in the name; a surface is no second exercise
    ("Warm-up on the recumbent bike 6 min.", {"recumbent bike": {"minutes": 6}}),
    ("NMR 10 min: tandem stance on BOSU 3x30 sec.", {"tandem stance": {"reps": 3, "hold": 30}}),
    # forearm rotation in a slash pair: each side of the slash is an exercise with the dose
    (
        "TherEx 15 min: supination/pronation with 2# hammer 2x12 L",
        {
            "supination": {"sets": 2, "reps": 12, "load": 2.0, "side": "left"},
            "pronation": {"sets": 2, "reps": 12, "load": 2.0, "side": "left"},
        },
    ),
    ("NMR 10 min: seated wt shifts 3x10.", {"weight shifts": {"sets": 3, "reps": 10}}),
    # a count of what a task repeats ("ten reaches", "three laps") is its repetitions
    (
        "TherAct 20 min: bean bag toss to target 15 throws, cone stacking, eight cones.",
        {"bean bag toss target": {"reps": 15}, "cone stacking": {"reps": 8}},
    ),
    # ... also when the heading's clause names the task after its colon
    (
        "Therapeutic activities 20 minutes: tossing a bean bag to a target, fifteen throws.",
        {"tossing bean bag target": {"reps": 15}},
    ),
    # "..., and <task> <dose>" names a new item; "and" only joins it to the list
    (
        "TherEx 12 min: bridges 2x10, and grapevine along the counter four laps.",
        {"bridge": {"sets": 2, "reps": 10}, "grapevine along counter": {"reps": 4}},
    ),
    # held repetitions said long-hand
    (
        "NMR 15 min: foam stance with eyes closed, four trials of fifteen seconds.",
        {"foam balance": {"reps": 4, "hold": 15}},
    ),
    # a task the lexicon lacks, timed inside a service whose minutes are already written
    (
        "97530 x 20 min: laundry folding task 8 min at standing table.",
        {"laundry folding task": {"minutes": 8}},
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOSES)
def test_doses_on_field_phrasings(text: str, expected: dict[str, dict[str, Any]]) -> None:
    assert _doses(text) == expected


# The service's own minutes, its assistant's share and a repeat are never a task's.
@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("TherEx 25 min: bridges 2x10.", {"97110": 25}),
        ("TherEx 30 min. Pt tolerated 30 min without rest.", {"97110": 30}),
    ],
)
def test_service_minutes_stay_the_service_s(text: str, minutes: dict[str, int]) -> None:
    assert {iv.code: iv.minutes for iv in note(text).interventions} == minutes


def test_manual_resistance_is_no_manual_therapy() -> None:
    n = note("NMR 12 min: PNF D2 flexion L UE 2x8 against manual resistance.")
    assert [iv.code for iv in n.interventions] == ["97112"]


def test_a_pinch_gauge_reading_is_a_measure_not_an_exercise() -> None:
    n = note("Grip R 40 lb. Lateral pinch R 12 lb (was 8).")
    assert [ex.name for iv in n.interventions for ex in iv.exercises] == []
    assert [(m.name, m.value) for m in n.measures if "pinch" in m.name] == [("pinch strength", 12)]


def test_gripping_as_a_painful_activity_is_no_exercise() -> None:
    n = note("Pt rates pain 5/10 with gripping and lifting a pan.")
    assert [ex.name for iv in n.interventions for ex in iv.exercises] == []


def test_an_evaluation_named_in_prose_heads_no_exercise() -> None:
    text = "This was a low complexity evaluation.\nWe started wall slides, 2 sets of 10."
    n = note(text)
    assert {iv.code: [ex.name for ex in iv.exercises] for iv in n.interventions} == {
        "97161": [],
        "97110": ["wall slide"],
    }


def test_reaching_that_describes_a_task_is_no_second_exercise() -> None:
    text = "TherAct 10 min: cone stacking 10 cones, reaching to the left."
    assert _doses(text) == {"cone stacking": {"reps": 10}}


# Words shortened inside an exercise's name: the exercise the lexicon knows, with its region.
@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        ("TherEx 10 min: R soleus str 3x30 sec", "calf stretch", "ankle"),
        ("TherEx 10 min: cerv rot AROM 2x10", "cervical rotation", "cervical"),
        ("TherEx 10 min: thor rot AROM 2x10", "thoracic rotation", "thoracic"),
    ],
)
def test_shortened_words_in_a_name(text: str, name: str, region: str) -> None:
    found = [(ex.name, ex.body_region) for iv in note(text).interventions for ex in iv.exercises]
    assert found == [(name, region)]


# "pain free" as the aim of a modification or the way a task is done is no rating of 0.
@pytest.mark.parametrize(
    "text",
    [
        "Cued for form; modified range to keep pain free.",
        "Therapist: Remember, pain-free grip only.",
        "Squats to chair height, staying pain free, 2x10.",
    ],
)
def test_pain_free_as_an_aim_is_no_pain_rating(text: str) -> None:
    assert [m.value for m in note(text).measures if m.kind.value == "pain"] == []
