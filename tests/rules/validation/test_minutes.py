"""MIN0xx: minutes, totals and the recomputed claim; BIL findings carried through.

The example bills 30 min 97110 + 10 min 97140 = 40 timed minutes = 3 units under the CMS
rule: 2 x 97110, 1 x 97140 (the published example in Pub. 100-04 ch. 5 sec. 20.2 is
33 + 7 min; the allocation is the same).
"""

import pytest

from assistant.services.icd import icd_code_set
from tests.rules.validation.helpers import ROW, case, check, edited, example, run_case

DAY = "2025-06-10"
NO_MINUTES = {
    "interventions.0.minutes": None,
    "interventions.1.minutes": None,
    "timer_segments": [],
    "total_timed_minutes": None,
    "total_treatment_minutes": None,
    "claim_lines": [],
}
CASES = [
    case("MIN001", {"interventions.1.minutes": None}, id="timer-covers-it"),
    case(
        "MIN001",
        {"interventions.1.minutes": None, "timer_segments": []},
        path="interventions[1].minutes",
        id="no-minutes",
    ),
    # A fragment with no minutes at all says so once (issue 12), at the first service.
    case("MIN001", {**NO_MINUTES}, path="interventions[0].minutes", id="said-once"),
    case("MIN002", {"total_timed_minutes": None}, note="pt_evaluation_back", id="untimed-only"),
    case("MIN002", {**NO_MINUTES}, id="fragment-without-minutes"),
    case("MIN003", {**NO_MINUTES}, id="fragment-without-minutes"),
    case("MIN008", {**NO_MINUTES}, id="fragment-without-minutes"),
    case("MIN002", {"total_timed_minutes": None}, path="total_timed_minutes", id="missing"),
    case("MIN003", id="present"),
    case("MIN003", {"total_treatment_minutes": None}, path="total_treatment_minutes", id="none"),
    case("MIN004", id="consistent"),
    case("MIN004", {"total_timed_minutes": 38}, path="total_timed_minutes", id="differs"),
    case("MIN005", {"total_treatment_minutes": 55}, id="more-is-fine"),
    case("MIN005", {"total_treatment_minutes": 35}, path="total_treatment_minutes", id="less"),
    case("MIN006", id="same-units"),
    case("MIN006", {"claim_lines.0.units": 3}, path="claim_lines[0]", id="more-units"),
    case("MIN006", {"claim_lines": []}, path="claim_lines", id="no-claim"),
    case("MIN007", {"claim_lines.0.modifiers": ["GP"]}, id="same-modifiers"),
    case("MIN007", {"claim_lines.0.modifiers": ["GP", "59"]}, path="claim_lines[0]", id="extra"),
    # A dictated line without modifiers states units only; the engine supplies the modifiers.
    case("MIN007", {"claim_lines.0.modifiers": []}, id="units-only"),
    case(
        "MIN006",
        {"claim_lines.0.modifiers": [], "claim_lines.0.units": 5},
        path="claim_lines[0]",
        id="units-only-wrong",
    ),
    case("MIN008", id="timers"),
    case("MIN008", {"timer_segments": []}, path="timer_segments", id="no-timers"),
    case("MIN009", id="agree"),
    case("MIN009", {"interventions.0.minutes": 25}, path="interventions[0].minutes", id="differ"),
    case("MIN010", id="computable"),
    case(
        "MIN010",
        {
            "timer_segments": [],
            "interventions.0.minutes": 480,
            "interventions.1.code": "97110",
            "interventions.1.category": "therapeutic_exercise",
        },
        path="interventions",
        id="over-480",
    ),
    # A timer off the date of service is the billing engine's BIL004 (MIN011 is retired),
    # so `bill` reports it exactly as `validate` does.
    case(
        "BIL004",
        {
            "timer_segments.1.start": "2025-06-11T00:05:00",
            "timer_segments.1.end": "2025-06-11T00:15:00",
        },
        id="utc-next-day",
    ),
    case(
        "BIL004",
        {
            "timer_segments.0.start": "2025-05-01T09:00:00",
            "timer_segments.0.end": "2025-05-01T09:30:00",
        },
        path="timer_segments[0].start",
        id="other-day",
    ),
    case("BIL001", id="no-overlap"),
    case(
        "BIL001",
        {"timer_segments.1.start": f"{DAY}T09:20:00"},
        path="timer_segments[1]",
        id="overlap",
    ),
]


@pytest.mark.parametrize(ROW, CASES)
def test_rule(rule, note, changes, context, path):
    run_case(rule, note, changes, context, path)


def test_unit_mismatch_names_the_recomputed_lines():
    [finding] = [
        f for f in check(edited(example(), {"claim_lines.0.units": 3})) if f.rule == "MIN006"
    ]
    assert "97110-GP x 3" in finding.message
    assert "97110-GP x 2, 97140-GP x 1" in finding.message


def test_documented_minutes_bill_when_there_are_no_timers():
    from assistant.domain.note import Note
    from assistant.rules.validation import review

    report = review(
        Note.model_validate(edited(example(), {"timer_segments": []})), icd=icd_code_set()
    )
    assert report.recomputed_claim is not None
    assert [(line.code, line.units) for line in report.recomputed_claim.lines] == [
        ("97110", 2),
        ("97140", 1),
    ]
    assert report.signable


def test_assistant_minutes_get_cq():
    from assistant.domain.note import Note
    from assistant.rules.validation import review

    note = edited(
        example(),
        {"timer_segments": [], "interventions.1.provider": "PTA"},
    )
    report = review(Note.model_validate(note), icd=icd_code_set())
    assert report.recomputed_claim is not None
    mods = {line.code: line.modifiers for line in report.recomputed_claim.lines}
    assert mods["97140"] == ["GP", "CQ"]
    assert "MIN007" in [f.rule for f in report.findings]


def test_a_fragment_without_minutes_says_what_is_missing_once() -> None:
    from tests.rules.validation.helpers import check

    found = [f for f in check(edited(example(), NO_MINUTES)) if f.rule.startswith("MIN")]
    assert [f.rule for f in found] == ["MIN001"]
    assert "97110 and 97140" in found[0].message
