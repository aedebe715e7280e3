"""Signing, co-signing and addenda: the steps that make a note a legal record.

Sign runs in one transaction with the note row locked: it re-validates the stored revision
with the store's history (errors block; every warning needs an acknowledgement or override
on that revision), hashes the revision's canonical JSON and writes the signature with the
claim as recomputed then. The signature's unique (note, kind) constraint and the conditional
status update make a second, racing signer fail rather than sign twice.
"""

from pydantic import ValidationError

from assistant.domain.billing import BillResult
from assistant.domain.canonical import canonical_json, sha256_of, sha256_of_json_text
from assistant.domain.findings import Finding, Severity
from assistant.domain.lifecycle import Event, may_amend, transition
from assistant.domain.note import Note
from assistant.domain.records import (
    AddendumContent,
    ClinicianRecord,
    NoteState,
    SignatureKind,
    SignatureRecord,
)
from assistant.errors import InputError, SignBlockedError
from assistant.services.audit import Action, now_utc, record
from assistant.services.history import allowed_of, cosign_required, kx_bucket
from assistant.services.judging import judged_in_context
from assistant.services.notes import _current, review_stored
from assistant.services.views import NoteView, note_view
from assistant.store.db import Database
from assistant.store.repo import Tx


def revision_hash(note_json: str) -> str:
    """SHA-256 of the revision's canonical JSON (key order and spacing do not matter)."""
    return sha256_of_json_text(note_json)


def _blocker(f: Finding) -> dict[str, str]:
    return {"rule": f.rule, "severity": f.severity.value, "path": f.path, "message": f.message}


def sign(db: Database, note_id: int, *, revision: int, clinician_email: str) -> NoteView:
    with db.transaction() as tx:
        state, stored = _current(tx, note_id, revision, Event.SIGN)
        signer = tx.people.clinician_by_email(clinician_email.strip().lower())
        if signer.id != state.clinician_id:
            owner = tx.people.clinician(state.clinician_id)
            raise SignBlockedError(
                f"only the note's clinician ({owner.email}) may sign note {note_id}", []
            )
        note = stored.note
        # Judged afresh in this locked transaction unless the revision's report (its
        # draft's, or an earlier check's) was judged from exactly the history and tables
        # this transaction reads.
        context, report = judged_in_context(tx, state, stored)
        acks = tx.notes.acks(stored.id, revision)
        acked = {(a.rule, a.path) for a in acks}
        blockers = [
            f
            for f in report.findings
            if f.severity is Severity.ERROR
            or (f.severity is Severity.WARNING and (f.rule, f.path) not in acked)
        ]
        if blockers:
            errors = sum(1 for f in blockers if f.severity is Severity.ERROR)
            raise SignBlockedError(
                f"cannot sign revision {revision}: {errors} error(s) and "
                f"{len(blockers) - errors} warning(s) neither acknowledged nor overridden",
                [_blocker(f) for f in blockers],
            )
        # Decided at creation and again now (a plan may have changed since), by one function.
        needs_cosign = state.requires_cosign or cosign_required(signer.role, context)
        event = Event.SIGN_FOR_COSIGN if needs_cosign else Event.SIGN
        signature = _write_signature(
            tx,
            state,
            SignatureKind.SIGN,
            signer,
            stored.id,
            note,
            stored.note_json,
            report.recomputed_claim,
        )
        after = transition(state.status, event)
        tx.notes.advance(
            note_id,
            from_revision=revision,
            from_status=state.status,
            to_revision=revision,
            to_status=after,
        )
        record(tx, signer.email, Action.SIGN, note_id=note_id, revision=revision)
        # Built from what this transaction read and wrote: a note in review has no addenda
        # and no signature but the one just written.
        return NoteView(
            note_id=note_id,
            session_id=state.session_id,
            status=after,
            revision=revision,
            note=note,
            claim=report.recomputed_claim,
            findings=tx.notes.findings(stored.id),
            acknowledgements=acks,
            signatures=[signature],
            addenda=[],
        )


def _write_signature(
    tx: Tx,
    state: NoteState,
    kind: SignatureKind,
    who: ClinicianRecord,
    revision_id: int,
    note: Note,
    note_json: str,
    claim: BillResult | None,
) -> SignatureRecord:
    now, sha256 = now_utc(), revision_hash(note_json)
    tx.notes.add_signature(
        state,
        kind=kind,
        revision_id=revision_id,
        signer=who,
        sha256=sha256,
        note=note,
        claim=claim,
        allowed=allowed_of(claim),
        kx_bucket=kx_bucket(note.discipline),
        now=now,
    )
    return SignatureRecord(
        kind=kind,
        revision=state.revision,
        clinician_id=who.id,
        name=who.name,
        credentials=who.credentials,
        signed_at=now,
        sha256=sha256,
    )


def cosign(db: Database, note_id: int, *, clinician_email: str) -> NoteView:
    """The supervising therapist co-signs the revision the assistant signed."""
    with db.transaction() as tx:
        state = tx.notes.get(note_id, lock=True)
        after = transition(state.status, Event.COSIGN)
        owner = tx.people.clinician(state.clinician_id)
        cosigner = tx.people.clinician_by_email(clinician_email.strip().lower())
        if owner.supervisor_id != cosigner.id or owner.role.supervisor is not cosigner.role:
            raise SignBlockedError(
                f"only the supervising therapist of {owner.email} may co-sign note {note_id}", []
            )
        stored = tx.notes.revision(note_id, state.revision)
        signed = tx.notes.signed(note_id)
        claim = signed.claim if signed else None
        _write_signature(
            tx,
            state,
            SignatureKind.COSIGN,
            cosigner,
            stored.id,
            stored.note,
            stored.note_json,
            claim,
        )
        tx.notes.advance(
            note_id,
            from_revision=state.revision,
            from_status=state.status,
            to_revision=state.revision,
            to_status=after,
        )
        record(tx, cosigner.email, Action.COSIGN, note_id=note_id, revision=state.revision)
        return note_view(tx, note_id)


def _billed(claim: BillResult | None) -> list[tuple[str, int, tuple[str, ...]]]:
    lines = claim.lines if claim else []
    return sorted((ln.code, ln.units, tuple(sorted(ln.modifiers))) for ln in lines if ln.units)


def amend(db: Database, note_id: int, *, clinician_email: str, reason: str, text: str) -> NoteView:
    """Add an addendum to a signed note. Text that is a whole note JSON is a correction: its
    claim is recomputed and compared with the signed one to flag a corrected claim."""
    if not reason.strip() or not text.strip():
        raise InputError("an addendum needs its text and the reason for it")
    with db.transaction() as tx:
        state = tx.notes.get(note_id, lock=True)
        transition(state.status, Event.AMEND)
        owner = tx.people.clinician(state.clinician_id)
        author = tx.people.clinician_by_email(clinician_email.strip().lower())
        if not may_amend(author.id, author_id=owner.id, supervisor_id=owner.supervisor_id):
            raise SignBlockedError(
                "only the note's clinician or their supervising therapist may add an addendum",
                [],
            )
        stored = tx.notes.revision(note_id, state.revision)
        signed = tx.notes.signed(note_id)
        if signed is None:  # a signed status without a signature: the record is damaged
            raise SignBlockedError(f"note {note_id} has no signature to amend", [])
        corrected, claim = _correction(tx, state, text)
        content = AddendumContent(
            note_id=note_id,
            revision_id=stored.id,
            signed_sha256=signed.sha256,
            clinician_id=author.id,
            name=author.name,
            credentials=author.credentials,
            text=text,
            reason=reason.strip(),
            corrected_note_json=corrected.model_dump_json() if corrected else "null",
            corrected_claim_json=claim.model_dump_json() if claim else "null",
            corrected_claim=corrected is not None and _billed(claim) != _billed(signed.claim),
            created_at=now_utc(),
        )
        tx.notes.add_addendum(content, sha256_of(content.payload()))
        record(tx, author.email, Action.ADDENDUM, note_id=note_id, revision=state.revision)
        return note_view(tx, note_id)


def _correction(tx: Tx, state: NoteState, text: str) -> tuple[Note | None, BillResult | None]:
    if not text.lstrip().startswith("{"):
        return None, None
    try:
        corrected = Note.model_validate_json(text)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "note"
        raise InputError(f"the addendum is not a valid note JSON: {where}: {err['msg']}") from exc
    return corrected, review_stored(tx, state, corrected).recomputed_claim


__all__ = ["amend", "canonical_json", "cosign", "revision_hash", "sign"]
