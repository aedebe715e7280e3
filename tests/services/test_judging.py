"""Re-validation reuses a stored revision's report only while nothing it was judged from has
changed: every change to the patient's history must judge afresh, and the reused report
must always equal a fresh review."""

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from assistant.domain.lifecycle import NoteStatus
from assistant.domain.note import Note, Side
from assistant.domain.validation import ValidationReport
from assistant.errors import SignBlockedError
from assistant.services import judging, notes, people, signing
from assistant.store.db import Database
from tests.store_support import DICTATION, ROOT, Seed, ack_all, draft, seed, signed_note

_CEST = timezone(timedelta(hours=2))

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


def _reviews(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the validator runs judging makes (a reused report makes none)."""
    runs: list[int] = []
    real = judging.review

    def counted(*args: Any, **kwargs: Any) -> ValidationReport:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(judging, "review", counted)
    return runs


def _kept(db: Database, note_id: int) -> ValidationReport | None:
    with db.reading() as tx:
        current = tx.current.note(note_id)
        hit = judging._memo.get((db.token, note_id, current.revision.id))
    return hit[2] if hit else None


def test_a_new_draft_keeps_its_report_and_signing_reuses_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = seed(db)
    note = draft(db, s.pt)
    kept = _kept(db, note)
    assert kept is not None, "the draft's report was not kept"
    assert kept.model_dump() == _fresh(db, note).model_dump()
    ack_all(db, note, 1, s.pt)
    runs = _reviews(monkeypatch)
    signed = signing.sign(db, note, revision=1, clinician_email=s.pt)
    assert signed.status is NoteStatus.SIGNED
    assert not runs, "signing validated an unchanged draft again"


def test_a_draft_changed_after_its_review_is_not_kept(db: Database) -> None:
    s = seed(db)
    # An assistant's draft gets its supervisor after the review: the stored document is not
    # the one reviewed, so its report must not stand for it.
    note = draft(db, s.pta, text=LATER)
    assert _kept(db, note) is None
    assert notes.check(db, note).model_dump() == _fresh(db, note).model_dump()


def test_signing_judges_afresh_when_the_history_moved_since_the_draft(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = seed(db)
    copy = draft(db, s.pt, day=date(2025, 6, 4))
    assert _kept(db, copy) is not None
    # The same dictation signed for an earlier visit after the draft was judged: the kept
    # report (no copy-forward warning) no longer stands.
    signed_note(db, s.pt, day=date(2025, 6, 2), text=DICTATION)
    runs = _reviews(monkeypatch)
    with pytest.raises(SignBlockedError) as blocked:
        signing.sign(db, copy, revision=1, clinician_email=s.pt)
    assert runs
    assert "AU001" in {f["rule"] for f in blocked.value.findings}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (2, 2, True),
        (2, 2.0, False),
        (0.0, -0.0, False),
        (Side.RIGHT, "right", False),
        ([Side.LEFT, 3], [Side.LEFT, 3], True),
        ({"k": 1.5}, {"k": 1.5}, True),
        (Decimal("2.0"), Decimal("2"), False),
        (datetime(2025, 6, 2, 9, tzinfo=UTC), datetime(2025, 6, 2, 11, tzinfo=_CEST), False),
    ],
)
def test_identical_tells_apart_what_equality_takes_for_the_same(
    a: object, b: object, same: bool
) -> None:
    assert judging._identical(a, b) is same


def test_identical_compares_fields_left_out_of_dumps() -> None:
    note = Note.model_validate_json(
        (ROOT / "examples" / "notes" / "pt_daily_knee.json").read_text()
    )
    assert judging._identical(note, note.model_copy(deep=True))
    assert not judging._identical(note, note.model_copy(update={"cosigned": True}))


def _minutes_behind_the_service(db: Database, note: int) -> None:
    """Raw SQL sets the unsigned revision's first minutes far beyond the timed total."""
    with db.transaction() as tx:
        conn = tx.session.connection()
        row = conn.execute(
            text("SELECT id, note_json FROM revision WHERE note_id = :n"), {"n": note}
        ).one()
        doc = json.loads(row.note_json)
        doc["interventions"][0]["minutes"] = 400
        conn.execute(
            text("UPDATE revision SET note_json = :j WHERE id = :i"),
            {"j": json.dumps(doc), "i": row.id},
        )


def test_a_revision_changed_behind_the_service_is_judged_afresh_at_signing(
    db: Database,
) -> None:
    """An unsigned revision's row may still change (raw SQL, a repair): the kept report is
    for the text it was judged from, so the sign of the new text must not rest on it."""
    s = seed(db)
    note = draft(db, s.pt)
    assert _kept(db, note) is not None
    ack_all(db, note, 1, s.pt)
    _minutes_behind_the_service(db, note)
    fresh = _fresh(db, note)
    assert not fresh.signable
    with pytest.raises(SignBlockedError):
        signing.sign(db, note, revision=1, clinician_email=s.pt)


def test_a_recheck_outside_a_transaction_is_the_report_judged_in_one(db: Database) -> None:
    """`notes.check` finds a kept report in two statements on the lookup connection; it is
    the report a transaction judges, and a revision changed behind the service is judged
    afresh there too."""
    s = seed(db)
    note = draft(db, s.pt)
    first = notes.check(db, note)  # judged, then kept
    assert notes.check(db, note) is first  # the kept report, found outside a transaction
    assert first == _fresh(db, note)
    _minutes_behind_the_service(db, note)
    again = notes.check(db, note)
    assert again is not first
    assert again == _fresh(db, note)
    assert not again.signable
