"""The read-only lists behind the web pages, on SQLite and on PostgreSQL: a clinician's
worklist, the co-sign queue, signed-today bounds, undrafted sessions, a patient's chart
with exercise progressions, and the filtered audit trail."""

from datetime import UTC, date, datetime, timedelta

import pytest

from assistant.domain.lifecycle import NoteStatus
from assistant.errors import NotFoundError
from assistant.services import notes, signing, worklist
from assistant.services.worklist import AuditFilter
from assistant.store.db import Database
from tests.store_support import DICTATION, ack_all, draft, seed


def _ids(db: Database, email: str) -> tuple[int, int]:
    with db.transaction() as tx:
        found = tx.people.clinician_by_email(email)
    return found.clinic_id, found.id


def _sign(db: Database, note_id: int, who: str) -> None:
    ack_all(db, note_id, 1, who)
    signing.sign(db, note_id, revision=1, clinician_email=who)


def test_worklist_tabs_follow_the_lifecycle(db: Database) -> None:
    s = seed(db, cosign=True)
    clinic, pt = _ids(db, s.pt)
    _, pta = _ids(db, s.pta)
    mine = draft(db, s.pt)
    signed = draft(db, s.pt, day=date(2025, 6, 3))
    _sign(db, signed, s.pt)
    theirs = draft(db, s.pta, day=date(2025, 6, 4))
    _sign(db, theirs, s.pta)
    lists = worklist.worklist(db, clinic_id=clinic, clinician_id=pt)
    assert [n.note_id for n in lists.in_review] == [mine]
    assert [n.note_id for n in lists.to_cosign] == [theirs]
    assert [n.note_id for n in lists.signed_today] == [signed]
    assert lists.in_review[0].patient_name == "Jane Q Roe"
    assert lists.to_cosign[0].status is NoteStatus.AWAITING_COSIGN
    # Yesterday's list holds none of today's signatures.
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    earlier = worklist.worklist(db, clinic_id=clinic, clinician_id=pt, today=yesterday)
    assert earlier.signed_today == []
    # The PTA's own lists: nothing to co-sign, their note is no longer in review.
    assert worklist.worklist(db, clinic_id=clinic, clinician_id=pta).in_review == []
    assert [n.note_id for n in worklist.cosign_queue(db, clinic_id=clinic, supervisor_id=pt)] == [
        theirs
    ]
    assert worklist.cosign_queue(db, clinic_id=clinic, supervisor_id=pta) == []
    signing.cosign(db, theirs, clinician_email=s.pt)
    assert worklist.cosign_queue(db, clinic_id=clinic, supervisor_id=pt) == []
    assert {n.note_id for n in worklist.signed_notes(db, clinic_id=clinic)} == {signed, theirs}
    # Another clinic sees none of it.
    assert worklist.worklist(db, clinic_id=clinic + 1, clinician_id=pt).in_review == []


def test_undrafted_sessions_are_listed_with_why(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = seed(db)
    clinic, pt = _ids(db, s.pt)

    class Broken:
        def draft(self, _session: object) -> object:
            raise RuntimeError("parser exploded")

    monkeypatch.setattr("assistant.services.drafting.OfflineDrafter", Broken)
    with pytest.raises(notes.DraftFailedError):
        notes.new_session(db, DICTATION, mrn=s.mrn, clinician_email=s.pt)
    (item,) = worklist.worklist(db, clinic_id=clinic, clinician_id=pt).undrafted
    assert "parser exploded" in item.failure


def test_chart_has_notes_and_progressions_and_stays_in_its_clinic(db: Database) -> None:
    s = seed(db)
    clinic, _ = _ids(db, s.pt)
    first = draft(db, s.pt, day=date(2025, 6, 2))
    _sign(db, first, s.pt)
    heavier = DICTATION.replace("two pound ankle weight", "three pound ankle weight").replace(
        "from one pound to two pounds", "from two pounds to three pounds"
    )
    second = draft(db, s.pt, day=date(2025, 6, 9), text=heavier)
    _sign(db, second, s.pt)
    draft(db, s.pt, day=date(2025, 6, 12))  # in review: listed, not in the progressions
    with db.reading() as tx:
        patient = tx.people.patient(tx.notes.get(first).patient_id)
    chart = worklist.chart(db, clinic_id=clinic, patient_id=patient.id, actor=s.pt)
    assert len(chart.notes) == 3
    assert chart.plan is not None
    slr = next(p for p in chart.progressions if "straight leg raise" in p.name)
    assert [(p.day, p.load) for p in slr.points] == [
        (date(2025, 6, 2), 2.0),
        (date(2025, 6, 9), 3.0),
    ]
    with pytest.raises(NotFoundError):
        worklist.chart(db, clinic_id=clinic + 1, patient_id=patient.id, actor=s.pt)


def test_audit_trail_filters(db: Database) -> None:
    s = seed(db)
    note_id = draft(db, s.pt)
    notes.show(db, note_id, actor=s.pt)
    with db.transaction() as tx:
        clinic = tx.people.clinic_id()
    everything = worklist.audit_trail(db, AuditFilter(), clinic_id=clinic)
    assert [e.seq for e in everything] == sorted((e.seq for e in everything), reverse=True)
    drafts = worklist.audit_trail(db, AuditFilter(action="draft"), clinic_id=clinic)
    assert [e.note_id for e in drafts] == [note_id]
    views = worklist.audit_trail(
        db, AuditFilter(actor=s.pt.upper(), note_id=note_id), clinic_id=clinic
    )
    assert {e.action for e in views} == {"draft", "view"}
    today = datetime.now(UTC).date()
    assert (
        worklist.audit_trail(db, AuditFilter(since=today + timedelta(days=1)), clinic_id=clinic)
        == []
    )
    assert len(worklist.audit_trail(db, AuditFilter(until=today, limit=2), clinic_id=clinic)) == 2
