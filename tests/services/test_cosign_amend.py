"""Co-signing an assistant's note, and addenda to signed notes."""

import json

import pytest

from assistant.domain.lifecycle import NoteStatus
from assistant.errors import ConflictError, InputError, SignBlockedError
from assistant.services import notes, signing
from assistant.store.db import Database
from tests.store_support import ack_all, draft, seed, signed_note


def test_assistant_note_awaits_cosign_where_the_plan_requires_it(db: Database) -> None:
    s = seed(db, cosign=True)
    note = draft(db, s.pta)
    assert notes.show(db, note, actor="t").note.supervisor.name == "Pat Lee"
    ack_all(db, note, 1, s.pta)
    signed = signing.sign(db, note, revision=1, clinician_email=s.pta)
    assert signed.status is NoteStatus.AWAITING_COSIGN
    with pytest.raises(SignBlockedError, match="supervising therapist"):
        signing.cosign(db, note, clinician_email=s.other_pt)
    done = signing.cosign(db, note, clinician_email=s.pt)
    assert done.status is NoteStatus.COSIGNED
    kinds = [(sig.kind, sig.name, sig.revision) for sig in done.signatures]
    assert kinds == [("sign", "Alex Kim", 1), ("cosign", "Pat Lee", 1)]
    assert done.signatures[0].sha256 == done.signatures[1].sha256  # the same revision
    with pytest.raises(ConflictError, match="cannot cosign"):
        signing.cosign(db, note, clinician_email=s.pt)


def test_no_cosign_step_where_nothing_requires_it(db: Database) -> None:
    s = seed(db, cosign=False)
    note = signed_note(db, s.pta)
    assert notes.show(db, note, actor="t").status is NoteStatus.SIGNED
    with pytest.raises(ConflictError, match="cannot cosign"):
        signing.cosign(db, note, clinician_email=s.pt)


def test_addendum_leaves_the_signed_revision_untouched(db: Database) -> None:
    s = seed(db)
    note = signed_note(db, s.pt)
    before = notes.show(db, note, actor="t")
    view = signing.amend(
        db, note, clinician_email=s.pt, reason="Late entry", text="Patient called: pain 2/10."
    )
    (add,) = view.addenda
    assert (add.text, add.reason, add.name, add.corrected_claim) == (
        "Patient called: pain 2/10.",
        "Late entry",
        "Pat Lee",
        False,
    )
    assert len(add.sha256) == 64
    assert view.note == before.note
    assert view.signatures == before.signatures
    assert view.status is NoteStatus.SIGNED


def test_correction_changing_units_flags_a_corrected_claim(db: Database) -> None:
    s = seed(db)
    note = signed_note(db, s.pt)
    doc = notes.show(db, note, actor="t").note
    same = signing.amend(
        db,
        note,
        clinician_email=s.pt,
        reason="Typo in plan",
        text=doc.model_copy(update={"plan": doc.plan + " Typo fixed."}).model_dump_json(),
    )
    assert same.addenda[-1].corrected_claim is False
    longer = [
        iv.model_copy(update={"minutes": (iv.minutes or 0) + 15}) if iv.code == "97110" else iv
        for iv in doc.interventions
    ]
    changed = doc.model_copy(update={"interventions": longer})
    view = signing.amend(
        db,
        note,
        clinician_email=s.pt,
        reason="97110 ran 15 minutes longer",
        text=json.dumps(changed.model_dump(mode="json")),
    )
    assert view.addenda[-1].corrected_claim is True


def test_addenda_only_on_signed_notes_by_their_clinicians(db: Database) -> None:
    s = seed(db)
    unsigned = draft(db, s.pt)
    with pytest.raises(ConflictError, match="cannot amend"):
        signing.amend(db, unsigned, clinician_email=s.pt, reason="r", text="t")
    note = signed_note(db, s.pt)
    with pytest.raises(SignBlockedError, match="only the note's clinician"):
        signing.amend(db, note, clinician_email=s.other_pt, reason="r", text="t")
    with pytest.raises(InputError, match="reason"):
        signing.amend(db, note, clinician_email=s.pt, reason=" ", text="t")
    with pytest.raises(InputError, match="not a valid note"):
        signing.amend(db, note, clinician_email=s.pt, reason="r", text='{"schema_version": "1"}')
