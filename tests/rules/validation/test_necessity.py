"""MN0xx: over the 2025 KX threshold ($2,410) the note must state medical necessity."""

import pytest

from tests.rules.validation.helpers import ROW, case, run_case

OVER = {"ytd_allowed": 2400.0}
STATEMENT = {
    "medical_necessity": {
        "text": "Continued skilled therapy is needed: quadriceps lag and flexion loss still "
        "prevent safe stair climbing, and the goals are expected to be met in 4 weeks."
    }
}

CASES = [
    case("MN001", {}, context={"ytd_allowed": 1000.0}, id="under"),
    case("MN001", STATEMENT, context=OVER, id="statement"),
    case(
        "MN001",
        {},
        context={**OVER, "payer": {"name": "Acme Health", "medicare_rules": False}},
        id="not-medicare",
    ),
    case("MN001", {}, context=OVER, path="medical_necessity", id="over-no-statement"),
    case(
        "MN001",
        {},
        context={"ytd_allowed": 2500.0},
        path="medical_necessity",
        id="already-over",
    ),
]


@pytest.mark.parametrize(ROW, CASES)
def test_rule(rule, note, changes, context, path):
    run_case(rule, note, changes, context, path)
