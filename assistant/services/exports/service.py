"""The export use cases, each one call for the CLI, the API and the web alike.

A note is read in one transaction, rendered outside it (a PDF takes a moment; the store is
not held meanwhile) and the export is recorded as an audit event only once its bytes exist,
so the audit trail names exactly the exports that were produced. A caller with a role policy
passes `check`, which sees the loaded document before anything is rendered or recorded.
"""

from collections.abc import Callable
from datetime import date

from assistant.domain.lifecycle import NoteStatus
from assistant.errors import ConflictError
from assistant.services.audit import Action, record
from assistant.services.exports.document import ExportDocument, load_document
from assistant.services.exports.feed import ClaimsFeed, build_feed
from assistant.services.exports.fhir import build_bundle, build_resources
from assistant.services.exports.pdf import render_pdf
from assistant.store.db import Database

Check = Callable[[ExportDocument], None]


def document(db: Database, note_id: int, *, check: Check | None = None) -> ExportDocument:
    with db.transaction() as tx:
        doc = load_document(tx, note_id)
    if check is not None:
        check(doc)
    return doc


def _recorded(db: Database, actor: str, doc: ExportDocument, what: str) -> None:
    with db.transaction() as tx:
        record(tx, actor, Action.EXPORT, note_id=doc.note_id, revision=doc.revision, detail=what)


def note_pdf(db: Database, note_id: int, *, actor: str, check: Check | None = None) -> bytes:
    """The note as a PDF; a note that is not signed prints with a DRAFT watermark."""
    doc = document(db, note_id, check=check)
    pdf = render_pdf(doc)
    _recorded(db, actor, doc, "pdf" if doc.signed else "pdf draft")
    return pdf


def note_fhir(db: Database, note_id: int, *, actor: str, check: Check | None = None) -> str:
    """The signed note as a FHIR R4 document Bundle (JSON); an unsigned note is refused."""
    doc = document(db, note_id, check=check)
    build_resources(doc, b"")  # refuses an unsigned note before a PDF is rendered for it
    bundle = build_bundle(doc, render_pdf(doc))
    _recorded(db, actor, doc, "fhir")
    return bundle


def claims_feed(
    db: Database,
    start: date,
    end: date,
    *,
    actor: str,
    clinic_id: int | None = None,
    clinician_id: int | None = None,
) -> ClaimsFeed:
    """Every signed claim line of the clinic (the caller's; the single clinic of a store
    used from the command line) dated start..end (at most a year), or only one clinician's."""
    with db.transaction() as tx:
        clinic = clinic_id if clinic_id is not None else tx.people.clinic_id()
        feed = build_feed(tx, clinic, start, end, clinician_id=clinician_id)
        detail = f"claims {start.isoformat()}..{end.isoformat()}: {len(feed.lines)} lines"
        record(tx, actor, Action.EXPORT, detail=detail)
    return feed


def note_claims(
    db: Database, note_id: int, *, actor: str, check: Check | None = None
) -> ClaimsFeed:
    """One signed note's claim lines in the feed's shape; an unsigned note is refused."""
    with db.transaction() as tx:
        doc = load_document(tx, note_id)
        if check is not None:
            check(doc)
        if not doc.signed:
            raise ConflictError(
                f"note {note_id} is {doc.status.value.replace('_', ' ')}: only a signed note's "
                "claim is exported for billing; sign it first"
            )
        if doc.status is NoteStatus.AWAITING_COSIGN:
            raise ConflictError(
                f"note {note_id} awaits its required co-signature: its claim is not exported "
                "for billing until the supervising therapist co-signs it"
            )
        day = doc.note.date_of_service
        feed = build_feed(tx, tx.notes.clinic_of(note_id), day, day, note_id=note_id)
        record(tx, actor, Action.EXPORT, note_id=note_id, revision=doc.revision, detail="claims")
    return feed
