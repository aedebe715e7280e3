"""What a note looks like to its readers (CLI, API, web): the document with its lifecycle."""

from pydantic import BaseModel

from assistant.domain.billing import BillResult
from assistant.domain.findings import Finding
from assistant.domain.lifecycle import SIGNED_STATUSES, NoteStatus
from assistant.domain.note import Note
from assistant.domain.records import (
    Acknowledgement,
    AddendumRecord,
    NoteSummary,
    SignatureRecord,
)
from assistant.drafting.base import DrafterInfo
from assistant.store.db import Database
from assistant.store.repo import Tx


class NoteView(BaseModel):
    note_id: int
    session_id: int
    status: NoteStatus
    revision: int
    note: Note
    claim: BillResult | None
    findings: list[Finding]
    acknowledgements: list[Acknowledgement]
    signatures: list[SignatureRecord]
    addenda: list[AddendumRecord]
    # Which drafter wrote revision 1 and any fallback notice: known only to the call that
    # drafted it (a stored note does not keep it).
    drafter: DrafterInfo | None = None


def note_view(tx: Tx, note_id: int) -> NoteView:
    state = tx.notes.get(note_id)
    stored = tx.notes.revision(note_id, state.revision)
    signed = tx.notes.signed(note_id) if state.status in SIGNED_STATUSES else None
    return NoteView(
        note_id=state.id,
        session_id=state.session_id,
        status=state.status,
        revision=state.revision,
        note=stored.note,
        # A signed note shows the claim as signed (with the year-to-date of that moment).
        claim=signed.claim if signed else stored.claim,
        findings=tx.notes.findings(stored.id),
        acknowledgements=tx.notes.acks(stored.id, stored.number),
        signatures=tx.notes.signatures(note_id),
        addenda=tx.notes.addenda(note_id),
    )


def note_summary(db: Database, note_id: int) -> NoteSummary:
    """Who a note belongs to and where it stands, without its clinical content: what an
    access decision needs."""
    with db.transaction() as tx:
        state = tx.notes.get(note_id)
        found = tx.notes.summaries(tx.notes.clinic_of(note_id), note_id=state.id, limit=1)
    if not found:  # pragma: no cover - the note was read in the same transaction
        raise RuntimeError(f"note {note_id} vanished")
    return found[0]


def note_list(
    db: Database,
    clinic_id: int,
    *,
    patient_id: int | None = None,
    statuses: tuple[NoteStatus, ...] = (),
    limit: int = 100,
    offset: int = 0,
) -> list[NoteSummary]:
    with db.transaction() as tx:
        return tx.notes.summaries(
            clinic_id, patient_id=patient_id, statuses=statuses, limit=limit, offset=offset
        )
