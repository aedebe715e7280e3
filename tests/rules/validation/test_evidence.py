"""EV0xx: facts carry spans that quote source_text exactly."""

import pytest

from tests.rules.validation.helpers import ROW, case, example, run_case

DX_SPAN = example()["diagnoses"][0]["evidence"][0]

CASES = [
    case("EV001", id="supported"),
    case(
        "EV001",
        {"interventions.0.exercises.0.evidence": []},
        path="interventions[0].exercises[0].evidence",
        id="exercise",
    ),
    case(
        "EV001",
        {"medical_necessity": {"text": "Needs skilled care to progress stair climbing."}},
        path="medical_necessity.evidence",
        id="statement",
    ),
    case("EV002", id="aligned"),
    case(
        "EV002",
        {"diagnoses.0.evidence.0.start": DX_SPAN["start"] + 1},
        path="diagnoses[0].evidence[0]",
        id="shifted",
    ),
    case(
        "EV002",
        {"goals.0.evidence.0": {"start": 90_000, "end": 90_010, "text": "x"}},
        path="goals[0].evidence[0]",
        id="past-the-end",
    ),
]


@pytest.mark.parametrize(ROW, CASES)
def test_rule(rule, note, changes, context, path):
    run_case(rule, note, changes, context, path)
