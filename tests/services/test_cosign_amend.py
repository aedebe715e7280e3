"""Co-signing an assistant's note, and addenda to signed notes."""

import json
from datetime import date

import pytest

from assistant.domain.accounts import AccountRole
from assistant.domain.context import PayerSettings
from assistant.domain.lifecycle import NoteStatus
from assistant.errors import ConflictError, InputError, SignBlockedError
from assistant.services import notes, people, signing
from assistant.services.accounts import Principal
from assistant.services.history import cosign_required
from assistant.store.db import Database
from tests.store_support import DICTATION, PHI, ack_all, draft, seed, signed_note


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


@pytest.mark.parametrize(
    ("payer_requires", "plan_requires", "who", "expected"),
    [
        (True, False, "pta", True),
        (False, True, "pta", True),
        (False, False, "pta", False),
        (True, True, "pt", False),  # a therapist's own note never waits for a co-signature
    ],
)
def test_one_cosign_decision_for_creation_validation_and_signing(
    db: Database, payer_requires: bool, plan_requires: bool, who: str, expected: bool
) -> None:
    s = seed(db)
    mrn = "MRN-COSIGN"
    people.add_patient(
        db,
        name="Cos Patient",
        date_of_birth=PHI["dob"],  # type: ignore[arg-type]
        mrn=mrn,
        carried_in_year=2025,
        payer=PayerSettings(requires_assistant_cosign=payer_requires),
    )
    people.add_plan(
        db,
        mrn=mrn,
        first_treatment=date(2025, 5, 1),
        certified_through=date(2025, 7, 29),
        goals=["Climb 12 stairs with one rail"],
        requires_cosign=plan_requires,
    )
    email = getattr(s, who)
    view = notes.new_session(db, DICTATION, mrn=mrn, clinician_email=email, day=date(2025, 6, 2))
    with db.transaction() as tx:
        state = tx.notes.get(view.note_id)
        context = notes.stored_context(tx, state, view.note)
        signer = tx.people.clinician_by_email(email)
    # Creation, the validator's context and the signing step all read the same answer.
    assert state.requires_cosign is expected
    assert cosign_required(signer.role, context) is expected
    ack_all(db, view.note_id, 1, email)
    signed = signing.sign(db, view.note_id, revision=1, clinician_email=email)
    assert signed.status is (NoteStatus.AWAITING_COSIGN if expected else NoteStatus.SIGNED)


def test_a_cosign_between_the_two_reads_of_a_signed_view_is_seen_whole(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signed note's view is read first in one statement, then again with its signatures
    in a transaction: a co-signature landing in between must not show a note still awaiting
    its co-signature beside that co-signature."""
    s = seed(db, cosign=True)
    note = draft(db, s.pta)
    ack_all(db, note, 1, s.pta)
    signing.sign(db, note, revision=1, clinician_email=s.pta)
    real = notes.shown_note

    def then_cosign(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        signing.cosign(db, note, clinician_email=s.pt)
        return found

    monkeypatch.setattr(notes, "shown_note", then_cosign)
    pt = Principal(
        account_id=1,
        email=s.pt,
        role=AccountRole.PT,
        clinic_id=1,
        clinician_id=1,
        name="Pat Lee",
        credentials="PT, DPT",
    )
    view = notes.show_to(db, pt, note)
    assert view.status is NoteStatus.COSIGNED
    assert [sig.kind for sig in view.signatures] == ["sign", "cosign"]
