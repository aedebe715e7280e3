"""The note lifecycle on a real database: draft, review, revise, acknowledge, sign."""

import json
from datetime import date

import pytest
from sqlalchemy import text

from assistant.domain.canonical import sha256_of
from assistant.domain.lifecycle import NoteStatus
from assistant.domain.records import SessionStatus
from assistant.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    RuleTableError,
    SignBlockedError,
)
from assistant.services import notes, signing
from assistant.store.db import Database
from tests.store_support import DICTATION, ack_all, draft, seed, signed_note


def test_session_is_drafted_with_findings(db: Database) -> None:
    s = seed(db)
    view = notes.new_session(db, DICTATION, mrn=s.mrn, clinician_email=s.pt, day=date(2025, 6, 2))
    assert (view.status, view.revision) == (NoteStatus.IN_REVIEW, 1)
    assert view.note.clinician.name == "Pat Lee"  # the store's clinician, not a guess
    assert view.claim is not None
    assert {ln.code for ln in view.claim.lines} >= {"97110", "97140"}
    assert any(f.severity == "warning" for f in view.findings)
    with db.transaction() as tx:
        session = tx.people.session(view.session_id)
    assert session.raw_input == DICTATION
    assert session.status is SessionStatus.DRAFTED


def test_drafter_failure_keeps_the_input_marked_not_drafted(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = seed(db)

    class Broken:
        def draft(self, _session: object) -> object:
            raise RuntimeError("parser exploded")

    monkeypatch.setattr("assistant.services.drafting.OfflineDrafter", Broken)
    with pytest.raises(notes.DraftFailedError, match="parser exploded") as caught:
        notes.new_session(db, DICTATION, mrn=s.mrn, clinician_email=s.pt)
    with db.transaction() as tx:
        session = tx.people.session(caught.value.session_id)
    assert session.raw_input == DICTATION
    assert session.status is SessionStatus.NOT_DRAFTED
    assert "parser exploded" in session.failure


def test_an_unreadable_imported_table_stops_the_draft_but_keeps_the_input(db: Database) -> None:
    """The tables are read in the transaction that stores the input: a failure to read them
    must not take the input with it."""
    s = seed(db)
    with db.engine.begin() as conn:  # a fee import whose rows are gone
        conn.execute(
            text(
                "INSERT INTO reference_import (kind, year, source, rows, imported_at) "
                "VALUES ('fees', 2025, 'tampered', 0, CURRENT_TIMESTAMP)"
            )
        )
    with pytest.raises(RuleTableError, match="re-import"):
        notes.new_session(db, DICTATION, mrn=s.mrn, clinician_email=s.pt, day=date(2025, 6, 2))
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT raw_input, status, failure FROM session")).all()
    assert [(r.raw_input, r.status) for r in rows] == [(DICTATION, SessionStatus.NOT_DRAFTED)]
    assert "re-import" in rows[0].failure  # the reason, not "did not finish"
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM note")).scalar_one() == 0


def test_sign_blocks_on_unacknowledged_warnings_then_signs(db: Database) -> None:
    s = seed(db)
    note = draft(db, s.pt)
    with pytest.raises(SignBlockedError) as blocked:
        signing.sign(db, note, revision=1, clinician_email=s.pt)
    assert blocked.value.findings
    assert all(f["severity"] == "warning" for f in blocked.value.findings)
    assert notes.show(db, note, actor="t").signatures == []  # the refusal wrote nothing
    ack_all(db, note, 1, s.pt)
    view = signing.sign(db, note, revision=1, clinician_email=s.pt)
    assert view.status is NoteStatus.SIGNED
    (sig,) = view.signatures
    assert (sig.name, sig.credentials, sig.revision) == ("Pat Lee", "PT, DPT", 1)
    with db.engine.connect() as conn:
        stored = conn.execute(
            text("SELECT note_json FROM revision WHERE note_id = :n"), {"n": note}
        ).scalar_one()
    assert sig.sha256 == sha256_of(json.loads(stored))


def test_an_error_blocks_signing_and_cannot_be_acknowledged(db: Database) -> None:
    s = seed(db)
    note = draft(db, s.pt)
    view = notes.show(db, note, actor="t")
    broken = view.note.model_copy(update={"clinician": view.note.clinician})
    # A note with an ICD code that does not exist is an error finding.
    bad = broken.model_copy(
        update={"diagnoses": [d.model_copy(update={"code": "M17.99"}) for d in broken.diagnoses]}
    )
    revised = notes.revise(db, note, revision=1, note=bad)
    errors = [f for f in revised.findings if f.severity == "error"]
    assert errors
    with pytest.raises(InputError, match="not a warning"):
        notes.acknowledge(db, note, revision=2, rule=errors[0].rule, path=errors[0].path)
    with pytest.raises(SignBlockedError, match=r"[1-9]\d* error"):
        signing.sign(db, note, revision=2, clinician_email=s.pt)


def test_only_the_notes_clinician_signs(db: Database) -> None:
    s = seed(db)
    note = draft(db, s.pt)
    ack_all(db, note, 1, s.pt)
    with pytest.raises(SignBlockedError, match="only the note's clinician"):
        signing.sign(db, note, revision=1, clinician_email=s.other_pt)
    with pytest.raises(NotFoundError):
        signing.sign(db, note, revision=1, clinician_email="nobody@clinic.test")


def test_stale_revision_is_a_conflict_that_overwrites_nothing(db: Database) -> None:
    s = seed(db)
    note = draft(db, s.pt)
    first = notes.show(db, note, actor="t").note
    edited = first.model_copy(update={"plan": "Continue 2x/week; add step-ups."})
    assert notes.revise(db, note, revision=1, note=edited).revision == 2
    other = first.model_copy(update={"plan": "A colleague's edit of revision 1."})
    with pytest.raises(ConflictError, match="revision 1 is stale"):
        notes.revise(db, note, revision=1, note=other)
    current = notes.show(db, note, actor="t")
    assert (current.revision, current.note.plan) == (2, "Continue 2x/week; add step-ups.")
    with pytest.raises(ConflictError, match="stale"):
        signing.sign(db, note, revision=1, clinician_email=s.pt)


def test_acknowledgements_belong_to_their_revision(db: Database) -> None:
    s = seed(db)
    note = draft(db, s.pt)
    ack_all(db, note, 1, s.pt)
    view = notes.show(db, note, actor="t")
    notes.revise(db, note, revision=1, note=view.note)
    # Revision 2 carries the same warnings, but the acknowledgements were for revision 1.
    with pytest.raises(SignBlockedError, match="warning"):
        signing.sign(db, note, revision=2, clinician_email=s.pt)


def test_override_keeps_its_reason(db: Database) -> None:
    s = seed(db)
    note = draft(db, s.pt)
    with pytest.raises(SignBlockedError) as blocked:
        signing.sign(db, note, revision=1, clinician_email=s.pt)
    f = blocked.value.findings[0]
    view = notes.acknowledge(
        db, note, revision=1, rule=f["rule"], path=f["path"], reason="Load documented on flowsheet"
    )
    (ack,) = view.acknowledgements
    assert (ack.kind, ack.reason, ack.revision) == ("override", "Load documented on flowsheet", 1)
    with pytest.raises(ConflictError, match="already"):
        notes.acknowledge(db, note, revision=1, rule=f["rule"], path=f["path"])
    with pytest.raises(InputError, match="no finding"):
        notes.acknowledge(db, note, revision=1, rule="XX999", path="nowhere")


def test_signed_note_cannot_be_revised_or_signed_again(db: Database) -> None:
    s = seed(db)
    note = signed_note(db, s.pt)
    view = notes.show(db, note, actor="t")
    with pytest.raises(ConflictError, match="cannot revise a note that is signed"):
        notes.revise(db, note, revision=1, note=view.note)
    with pytest.raises(ConflictError, match="cannot sign"):
        signing.sign(db, note, revision=1, clinician_email=s.pt)
