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
from assistant.store.current import CurrentNote
from assistant.store.db import Database
from assistant.store.repo import Tx
from assistant.store.shown import ShownNote


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
    return view_of(tx, tx.current.note(note_id))


def view_of(tx: Tx, current: CurrentNote) -> NoteView:
    """The view of a note already read with its current revision (store/current.py)."""
    state, stored = current.target.state, current.revision
    if state.status not in SIGNED_STATUSES:
        # Signatures and addenda come only with signing, and a signed note never returns
        # to review: an unsigned note has none to look for.
        findings, acks = tx.notes.findings(stored.id), tx.notes.acks(stored.id, stored.number)
        return shown_view(ShownNote(current, findings, acks))
    signature = tx.notes.signed(state.id)
    return _view(
        current,
        # A signed note shows the claim as signed (with the year-to-date of that moment).
        claim=signature.claim if signature else stored.claim,
        findings=tx.notes.findings(stored.id),
        acknowledgements=tx.notes.acks(stored.id, stored.number),
        signatures=tx.notes.signatures(state.id),
        addenda=tx.notes.addenda(state.id),
    )


def shown_view(shown: ShownNote) -> NoteView:
    """The view of an unsigned note read in one statement (store/shown.py): it has no
    signatures or addenda, and its claim is its revision's."""
    state = shown.current.target.state
    if state.status in SIGNED_STATUSES:
        raise ValueError(f"note {state.id} is signed: read its view in a transaction")
    return _view(
        shown.current,
        claim=shown.current.revision.claim,
        findings=shown.findings,
        acknowledgements=shown.acknowledgements,
        signatures=[],
        addenda=[],
    )


def _view(
    current: CurrentNote,
    *,
    claim: BillResult | None,
    findings: list[Finding],
    acknowledgements: list[Acknowledgement],
    signatures: list[SignatureRecord],
    addenda: list[AddendumRecord],
) -> NoteView:
    state = current.target.state
    return NoteView(
        note_id=state.id,
        session_id=state.session_id,
        status=state.status,
        revision=state.revision,
        note=current.revision.note,
        claim=claim,
        findings=findings,
        acknowledgements=acknowledgements,
        signatures=signatures,
        addenda=addenda,
    )


def note_summary(db: Database, note_id: int) -> NoteSummary:
    """Who a note belongs to and where it stands, without its clinical content: what an
    access decision needs."""
    with db.reading() as tx:
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
    with db.reading() as tx:
        return tx.notes.summaries(
            clinic_id, patient_id=patient_id, statuses=statuses, limit=limit, offset=offset
        )
