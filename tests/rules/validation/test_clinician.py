"""CL0xx: clinician identity, role and co-signature."""

import pytest

from tests.rules.validation.helpers import ROW, case, run_case

PTA = {"clinician": {"name": "Lee Park", "credentials": "PTA", "role": "PTA"}}
COSIGN = {"payer.requires_assistant_cosign": True}
SUPERVISOR = {"name": "Dana Whitfield", "credentials": "PT, DPT", "role": "PT"}

CASES = [
    case("CL001", id="named"),
    case("CL001", {"clinician.name": ""}, path="clinician.name", id="unnamed"),
    case("CL002", id="credentials"),
    case("CL002", {"clinician.credentials": " "}, path="clinician.credentials", id="none"),
    case("CL003", PTA, id="pta-on-pt-note"),
    case("CL003", {"clinician.role": "OT"}, path="clinician.role", id="ot-on-pt-note"),
    case("CL004", PTA, id="pta-daily"),
    case(
        "CL004",
        {"clinician": PTA["clinician"]},
        note="pt_evaluation_back",
        path="clinician.role",
        id="pta-evaluation",
    ),
    case("CL005", PTA, context={}, id="not-required"),
    case("CL005", {**PTA, "supervisor": SUPERVISOR}, context=COSIGN, id="supervisor-named"),
    case("CL005", PTA, context=COSIGN, path="supervisor", id="no-supervisor"),
    case(
        "CL005",
        {**PTA, "supervisor": {**SUPERVISOR, "role": "OT"}},
        context=COSIGN,
        path="supervisor.role",
        id="wrong-discipline",
    ),
    case("CL006", {**PTA, "supervisor": SUPERVISOR}, context={}, id="not-required"),
    case(
        "CL006",
        {**PTA, "supervisor": SUPERVISOR},
        context=COSIGN,
        path="supervisor",
        id="pending",
    ),
]


@pytest.mark.parametrize(ROW, CASES)
def test_rule(rule, note, changes, context, path):
    run_case(rule, note, changes, context, path)
