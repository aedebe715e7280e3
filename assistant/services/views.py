"""What a note looks like to its readers (CLI, API, web): the document with its lifecycle."""

from pydantic import BaseModel

from assistant.domain.billing import BillResult
from assistant.domain.findings import Finding
from assistant.domain.lifecycle import SIGNED_STATUSES, NoteStatus
from assistant.domain.note import Note
from assistant.domain.records import Acknowledgement, AddendumRecord, SignatureRecord
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
