"""CS0xx: billed codes backed by interventions of their kind."""

import pytest

from tests.rules.validation.helpers import ROW, case, example, run_case

EXTRA_LINE = [*example()["claim_lines"], {"code": "97116", "units": 1, "modifiers": ["GP"]}]
CURLS = {
    "name": "biceps curls",
    "kind": "isotonic",
    "body_region": "right elbow flexors",
    "sets": 3,
    "reps": 10,
    "load": 2,
    "load_unit": "lb",
}
REACH = {"name": "overhead reaching to the second shelf", "sets": 2, "reps": 10}
BRIDGES = {"name": "bridges", "sets": 2, "reps": 15}

CASES = [
    # CS008: content that fits another code, suggested in both directions, never from fees.
    case("CS008", id="content-fits-its-code"),
    case("CS008", note="ot_daily_shoulder", id="functional-tasks-under-97530"),
    case(
        "CS008",
        {"interventions.0.exercises.1.name": "single leg stance on foam"},
        path="interventions[0].code",
        id="foam-balance-under-97110",
    ),
    case(
        "CS008",
        {
            "interventions.1.description": "Strengthening",
            "interventions.1.exercises": [BRIDGES, CURLS],
        },
        note="ot_daily_shoulder",
        path="interventions[1].code",
        id="exercises-under-97530",
    ),
    case("CS001", id="documented"),
    case("CS001", {"claim_lines": EXTRA_LINE}, path="claim_lines[2]", id="no-intervention"),
    case(
        "CS001",
        {"timer_segments.1.code": "97112"},
        path="timer_segments[1]",
        id="timer-without-intervention",
    ),
    case("CS002", {"interventions.1.description": "STM to the right quadriceps"}, id="stm"),
    case(
        "CS002",
        {"interventions.1.description": "worked on the knee"},
        path="interventions[1].description",
        id="no-technique",
    ),
    case("CS003", {"interventions.1.exercises": [REACH]}, note="ot_daily_shoulder", id="task"),
    case(
        "CS003",
        {"interventions.1.exercises": [CURLS]},
        note="ot_daily_shoulder",
        path="interventions[1].exercises[0]",
        id="curls",
    ),
    case("CS004", id="exercise-only"),
    case(
        "CS004",
        {"interventions.0.description": "Transfer training and leg strengthening"},
        path="interventions[0]",
        id="transfers",
    ),
    case("CS005", id="matches"),
    case(
        "CS005", {"interventions.1.category": "gait"}, path="interventions[1].category", id="gait"
    ),
    # A code whose catalog category the note format cannot name is recorded as "other".
    case(
        "CS005",
        {"interventions.1.category": "other", "interventions.1.code": "95992"},
        id="other-for-vestibular",
    ),
    case(
        "CS005",
        {"interventions.1.category": "other"},
        path="interventions[1].category",
        id="other-for-manual",
    ),
    case("CS006", {"interventions.0.skilled_rationale": ""}, id="97110-left-to-TE008"),
    case(
        "CS006",
        {"interventions.1.skilled_rationale": ""},
        path="interventions[1].skilled_rationale",
        id="manual",
    ),
    case("CS007", id="known"),
    case("CS007", {"interventions.1.code": "97999"}, path="interventions[1].code", id="unknown"),
]


@pytest.mark.parametrize(ROW, CASES)
def test_rule(rule, note, changes, context, path):
    run_case(rule, note, changes, context, path)


def test_keyword_prefix_and_whole_word():
    from assistant.rules.validation.keywords import code_support, normalise

    table = code_support().by_code
    assert table["97530"].matches(normalise("Sit-to-stand transfers x10"))
    assert table["97116"].matches(normalise("Ambulation 150 ft with a rolling walker"))
    assert table["97035"].matches(normalise("US 1 MHz to the right knee"))
    assert not table["97035"].matches(normalise("used the device"))
    assert not table["97112"].matches(normalise("knee extension"))


def test_medicare_replacement_supports_the_billed_code():
    from tests.rules.validation.helpers import check, edited

    note = edited(
        example(),
        {
            "interventions.1": {
                "category": "modality",
                "code": "97014",
                "minutes": 10,
                "description": "Unattended electrical stimulation to the right knee",
            },
            "timer_segments": example()["timer_segments"][:1],
            "claim_lines": [*example()["claim_lines"][:1], {"code": "G0283", "units": 1}],
        },
    )
    assert "CS001" not in [f.rule for f in check(note)]
