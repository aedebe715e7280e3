"""The one note -> visit -> claim path: what `draft` shows is what `validate` judges.

Each reproducer from issue 8 is a row: an evaluation dictated without minutes, two 300-minute
interventions of one code, the clinic's co-signature setting, a 7:59 timer, the KX total at
an 80% fee schedule.
"""

from datetime import date, datetime
from typing import Any

import pytest

from assistant.domain.billing import TimerSegment
from assistant.domain.context import VisitContext
from assistant.domain.note import Note
from assistant.domain.session import DraftContext, SessionInput
from assistant.rules.billing.timers import timer_minutes
from assistant.rules.claim import claim_for
from assistant.rules.validation import review
from assistant.services.drafting import draft_session
from assistant.services.icd import icd_code_set
from tests.rules.validation.helpers import edited, example, example_context

DAY = date(2025, 6, 2)


def lines(result: Any) -> list[tuple[str, int, tuple[str, ...]]]:
    assert result is not None
    return [(line.code, line.units, tuple(line.modifiers)) for line in result.lines]


def rules(findings: Any) -> list[str]:
    return [f.rule for f in findings]


def test_an_evaluation_without_minutes_bills_its_one_unit_in_draft_and_validate() -> None:
    text = "PT evaluation, moderate complexity. Dx M17.11 R knee OA. Pain 4/10.\n"
    ctx = DraftContext(schema_version="1", date_of_service=DAY, note_type="evaluation")
    session = SessionInput(text=text, date_of_service=DAY, note_type="evaluation", context=ctx)
    out = draft_session(session, "offline")
    assert lines(out.claim) == [("97162", 1, ("GP",))]
    assert "MIN006" not in rules(out.findings)
    assert review(out.note, ctx, icd=icd_code_set()).recomputed_claim == out.claim


def test_two_interventions_over_480_minutes_are_refused_not_capped() -> None:
    note = edited(
        example(),
        {
            "timer_segments": [],
            "claim_lines": [],
            "interventions.0.minutes": 300,
            "interventions.1.code": "97110",
            "interventions.1.category": "therapeutic_exercise",
            "interventions.1.minutes": 300,
        },
    )
    parsed = Note.model_validate(note)
    claim = claim_for(parsed, None)
    assert claim.result is None
    assert "480" in claim.problem
    report = review(parsed, None, icd=icd_code_set())
    assert report.recomputed_claim is None
    assert "MIN010" in rules(report.findings)


def test_the_clinics_cosign_setting_does_not_change_the_claim() -> None:
    context = example_context()
    with_cosign = edited(
        context, {"payer": {"name": "Medicare", "requires_assistant_cosign": True}}
    )
    pta = {"interventions.0.provider": "PTA", "timer_segments": []}
    note = Note.model_validate(edited(example(), pta))
    plain = claim_for(note, VisitContext.model_validate(edited(context, {"payer": {}})))
    cosign = claim_for(note, VisitContext.model_validate(with_cosign))
    assert plain.result == cosign.result
    assert (
        review(note, VisitContext.model_validate(with_cosign), icd=icd_code_set()).recomputed_claim
        == cosign.result
    )


def _segment(code: str, start: str, end: str) -> TimerSegment:
    return TimerSegment(
        code=code, start=datetime.fromisoformat(start), end=datetime.fromisoformat(end)
    )


def test_a_759_timer_is_7_minutes_in_the_note_and_the_claim() -> None:
    timer = _segment("97110", "2025-06-02T09:00:00", "2025-06-02T09:07:59")
    assert timer_minutes([timer]) == {"97110": 7}
    text = "DOS 6/2/2025. TherEx: R SLR 3x10 2#, LAQ 3x10 2# to improve quad strength.\n"
    out = draft_session(SessionInput(text=text, date_of_service=DAY, timers=[timer]), "offline")
    [iv] = out.note.interventions
    assert iv.minutes == 7
    assert "97110), 7 min" in out.note.objective
    assert out.note.total_timed_minutes == 7
    assert "BIL005" in rules(out.findings)  # under 8 minutes: nothing to bill, and it says so


def test_a_note_that_rounds_a_759_timer_up_is_told() -> None:
    note = edited(
        example(),
        {
            "timer_segments": [
                {"code": "97110", "start": "2025-06-10T09:00:00", "end": "2025-06-10T09:07:59"},
                {"code": "97140", "start": "2025-06-10T09:30:00", "end": "2025-06-10T09:40:00"},
            ],
            "interventions.0.minutes": 8,
        },
    )
    report = review(Note.model_validate(note), None, icd=icd_code_set())
    found = [f for f in report.findings if f.rule == "MIN009"]
    assert [f.path for f in found] == ["interventions[0].minutes"]
    assert "timers bill 7" in found[0].message


def test_kx_total_is_the_engines_at_an_80_percent_fee_schedule() -> None:
    context = edited(
        example_context(),
        {"ytd_allowed": 2380.0, "payer": {"name": "Medicare", "fee_schedule_percent": 80}},
    )
    note = Note.model_validate(edited(example(), {"medical_necessity": None, "claim_lines": []}))
    report = review(note, VisitContext.model_validate(context), icd=icd_code_set())
    [kx] = [f for f in report.findings if f.rule == "BIL030"]
    [mn] = [f for f in report.findings if f.rule == "MN001"]
    total = kx.message.split("$")[1].split(" ")[0]
    assert f"${total}," in mn.message, (kx.message, mn.message)


@pytest.mark.parametrize(
    ("payer", "medicare"),
    [
        ({"name": "Medicare"}, True),
        ({"name": " MEDICARE "}, True),
        ({"name": "Non-Medicare commercial"}, False),
        ({"name": "Medicare Advantage plan"}, False),
        ({"name": "Medicare Advantage plan", "medicare_rules": True}, True),
        ({"name": "Medicare", "medicare_rules": False}, False),
    ],
)
def test_medicare_rules_come_from_the_setting_or_the_exact_name(
    payer: dict[str, Any], medicare: bool
) -> None:
    context = edited(example_context(), {"ytd_allowed": 5000.0, "payer": payer})
    pta = {"interventions.0.provider": "PTA", "timer_segments": []}
    note = Note.model_validate(edited(example(), pta))
    result = claim_for(note, VisitContext.model_validate(context)).result
    modifiers = {m for line in lines(result) for m in line[2]}
    assert ("KX" in modifiers) is medicare
    assert ("CQ" in modifiers) is medicare
