"""POC0xx: certification, recertification, progress reports and goals (needs the context).

The example visit is 2025-06-10; the example plan started 2025-05-27 and is certified.
"""

import pytest

from tests.rules.validation.helpers import ROW, case, run_case

UNCERTIFIED = {"plan_of_care.certified": False, "plan_of_care.first_treatment": "2025-05-01"}
OTHER_PAYER = {"payer": {"name": "Acme Health", "medicare_rules": False}}

CASES = [
    case("POC001", {}, context={"plan_of_care.certified": False}, id="within-30-days"),
    case(
        "POC001",
        {},
        context={
            **UNCERTIFIED,
            "plan_of_care.signed_order": True,
            "plan_of_care.sent_on": "2025-05-20",
        },
        id="order-and-sent-2025",
    ),
    case("POC001", {}, context=UNCERTIFIED, path="context.plan_of_care.certified", id="day-40"),
    case(
        "POC001",
        {"date_of_service": "2024-06-10"},
        context={
            **UNCERTIFIED,
            "plan_of_care.first_treatment": "2024-05-01",
            "plan_of_care.signed_order": True,
            "plan_of_care.sent_on": "2024-05-20",
        },
        path="context.plan_of_care.certified",
        id="order-rule-not-before-2025",
    ),
    case("POC002", {}, context={}, id="in-period"),
    case(
        "POC002",
        {},
        context={"plan_of_care.certified_through": "2025-06-01"},
        path="context.plan_of_care.certified_through",
        id="expired",
    ),
    case("POC003", {}, context={"treatment_days_since_progress_report": 9}, id="day-9"),
    case(
        "POC003",
        {"note_type": "progress_report"},
        context={"treatment_days_since_progress_report": 10},
        id="this-is-the-report",
    ),
    case(
        "POC003",
        {},
        context={"treatment_days_since_progress_report": 10},
        path="note_type",
        id="day-10-medicare",
    ),
    case(
        "POC004", {}, context={"treatment_days_since_progress_report": 12}, id="medicare-is-poc003"
    ),
    case(
        "POC004",
        {},
        context={**OTHER_PAYER, "treatment_days_since_progress_report": 12},
        path="note_type",
        id="other-payer",
    ),
    case("POC005", {}, note="pt_evaluation_back", context={"plan_of_care": None}, id="evaluation"),
    case("POC005", {}, context={"plan_of_care": None}, path="context.plan_of_care", id="none"),
    case("POC006", {"goals": []}, context={}, id="goal-in-plan"),
    case(
        "POC006",
        {"interventions.0.goal_ids": ["LTG1", "LTG9"]},
        path="interventions[0].goal_ids[1]",
        id="unknown-goal",
    ),
    case("POC007", id="goals"),
    case(
        "POC007",
        {"goals": [], "interventions.0.goal_ids": [], "interventions.1.goal_ids": []},
        path="goals",
        id="no-goals",
    ),
    case("POC008", {}, context={}, id="context-given"),
    case("POC008", path="", id="no-context"),
]


@pytest.mark.parametrize(ROW, CASES)
def test_rule(rule, note, changes, context, path):
    run_case(rule, note, changes, context, path)
