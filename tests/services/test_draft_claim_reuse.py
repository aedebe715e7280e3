"""The draft's validator reuses the claim computed to complete the note: that holds only
while `claim_for` reads none of what completing fills in (the totals and proposed lines),
so a report built with the reused claim must equal one that bills the note again."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from assistant.domain.billing import TimerSegment
from assistant.domain.note import ProposedLine
from assistant.domain.session import DraftContext
from assistant.rules.claim import claim_for
from assistant.rules.validation import review
from assistant.services.drafting import draft_and_review, session_from_text
from assistant.services.icd import icd_code_set

ROOT = Path(__file__).parents[2]
DAY = date(2025, 6, 2)
TEXTS = [
    (ROOT / "bench" / "data" / "clean_dictation.txt").read_text(),
    (ROOT / "examples" / "dictation.txt").read_text(),
    (ROOT / "examples" / "shorthand.txt").read_text(),
    "TherEx 33 min: SLR 3x10. Billed 97110 x3, 97140 x1.",  # the note proposes its own lines
    "Pt did exercises, tolerated well. Continue POC.",  # nothing billable
]


def _timers() -> list[TimerSegment]:
    start = datetime.combine(DAY, datetime.min.time()).replace(hour=9)
    return [TimerSegment(code="97110", start=start, end=start + timedelta(minutes=25))]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("timed", [False, True])
def test_the_reused_claim_gives_the_report_a_fresh_review_gives(text: str, timed: bool) -> None:
    context = DraftContext(schema_version="1", date_of_service=DAY)
    session = session_from_text(text, context=context, timers=_timers() if timed else None)
    outcome, report = draft_and_review(session, "offline", today=DAY)
    fresh = review(outcome.note, session.context, icd=icd_code_set())
    assert report.model_dump() == fresh.model_dump()


def test_the_claim_does_not_read_what_completing_a_draft_fills_in() -> None:
    session = session_from_text(TEXTS[0], today=DAY)
    outcome, _ = draft_and_review(session, "offline", today=DAY)
    note = outcome.note
    other = note.model_copy(
        update={
            "total_timed_minutes": 999,
            "total_treatment_minutes": 1,
            "claim_lines": [ProposedLine(code="97530", units=8, modifiers=["GP"])],
        }
    )
    assert claim_for(note, None) == claim_for(other, None)
