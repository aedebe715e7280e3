"""Re-validation reuses a stored revision's report only while nothing it was judged from has
changed: every change to the patient's history must judge afresh, and the reused report
must always equal a fresh review."""

from datetime import date

from sqlalchemy import text

from assistant.domain.validation import ValidationReport
from assistant.services import judging, notes, people
from assistant.store.db import Database
from tests.store_support import DICTATION, Seed, draft, seed, signed_note

LATER = """Patient reports knee pain 2/10 today, stairs easier since last week.
Performed step-ups 3x12 on a 6 inch step, terminal knee extension 3x15 with green band,
and retro walking 4 laps. Manual therapy: patellar mobilizations 8 min.
Assessment: improving quad control. Plan: progress step height next visit."""


def _fresh(db: Database, note_id: int) -> ValidationReport:
    """The review as it would be without any reuse."""
    with db.reading() as tx:
        current = tx.current.note(note_id)
        return judging.review_stored(tx, current.target.state, current.revision.note)


def _same_as_fresh(db: Database, note_id: int) -> ValidationReport:
    report = notes.check(db, note_id)
    assert report.model_dump() == _fresh(db, note_id).model_dump()
    return report


def _kx(report: ValidationReport) -> bool:
    claim = report.recomputed_claim
    assert claim is not None
    return any("KX" in line.modifiers for line in claim.lines)


def test_an_unchanged_revision_reuses_its_report(db: Database) -> None:
    s = seed(db)
    note = draft(db, s.pt, text=LATER)
    first = _same_as_fresh(db, note)
    assert notes.check(db, note) is first
    # Neither a view nor an acknowledgement changes what the revision is judged from.
    notes.show(db, note, actor="t")
    assert notes.check(db, note) is first


def test_a_new_revision_is_judged_afresh(db: Database) -> None:
    s = seed(db)
    note = draft(db, s.pt, text=LATER)
    first = notes.check(db, note)
    doc = notes.show(db, note, actor="t").note
    notes.revise(db, note, revision=1, note=doc.model_copy(update={"plan": "Edited plan."}))
    revision, again = notes.check_current(db, note)
    assert revision == 2
    assert again is not first
    assert again.model_dump() == _fresh(db, note).model_dump()


def test_a_signed_note_of_the_patient_changes_the_report(db: Database) -> None:
    s = seed(db)
    note = draft(db, s.pt, day=date(2025, 6, 4))
    before = _same_as_fresh(db, note)
    assert "AU001" not in {f.rule for f in before.findings}
    # The same dictation signed for an earlier visit: this note now copies it.
    signed_note(db, s.pt, day=date(2025, 6, 2), text=DICTATION)
    after = _same_as_fresh(db, note)
    assert "AU001" in {f.rule for f in after.findings}


def test_a_new_plan_of_care_changes_the_report(db: Database) -> None:
    s = seed(db)
    note = draft(db, s.pt, text=LATER)
    before = _same_as_fresh(db, note)
    with db.reading() as tx:
        fingerprint = judging.fingerprint(
            tx, tx.people.patient_by_mrn(tx.people.clinic_id(), s.mrn)
        )
    # A plan whose certification ended before the visit: the note is now outside any plan.
    people.add_plan(
        db,
        mrn=Seed.mrn,
        first_treatment=date(2025, 5, 20),
        certified_through=date(2025, 5, 30),
        goals=["Walk 100 ft"],
    )
    with db.reading() as tx:
        patient = tx.people.patient_by_mrn(tx.people.clinic_id(), s.mrn)
        assert judging.fingerprint(tx, patient) != fingerprint
    after = _same_as_fresh(db, note)
    assert after is not before


def test_carried_in_spend_changes_the_report(db: Database) -> None:
    s = seed(db, carried_in=0.0)
    note = draft(db, s.pt, text=LATER)
    assert not _kx(_same_as_fresh(db, note))
    # No service edits carried-in spend yet; a correction made in the database (by a future
    # import or by hand) must still reach the next validation, not a reused report.
    with db.transaction() as tx:
        tx.session.connection().execute(
            text("UPDATE patient SET carried_in_pt_slp = 5000 WHERE mrn = :mrn"), {"mrn": s.mrn}
        )
    assert _kx(_same_as_fresh(db, note))
