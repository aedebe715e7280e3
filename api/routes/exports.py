"""Exports over HTTP: a note as PDF or FHIR, claim lines for billers as CSV or JSON.

The one policy decides (services/access.py): clinicians export their own notes (and their
assistants'), billers any signed note and the whole clinic's feed, an admin nothing
clinical. Another clinic's note is a 404. The services refuse an unsigned note's FHIR or
claim export (409) and a reversed or over-a-year range (422). Every answer is marked
no-store: a PDF of a chart must not linger in a shared cache.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import Path, Query, Response

from api.deps import CurrentUser, DatabaseDep
from api.errors import error_responses
from api.onehop import router as one_hop_router
from api.schemas import PREFIX
from assistant.services import access, exports
from assistant.services.access import Action

router = one_hop_router(prefix=PREFIX, tags=["exports"])
NoteId = Annotated[int, Path(ge=1, description="The note's id")]
_ERRORS = error_responses(401, 403, 404, 409, 422)


class FeedFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


def _download(content: bytes | str, media_type: str, filename: str) -> Response:
    return Response(
        content=content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def _feed(feed: exports.ClaimsFeed, fmt: FeedFormat, name: str) -> Response:
    if fmt is FeedFormat.CSV:
        return _download(exports.feed_csv(feed), "text/csv; charset=utf-8", f"{name}.csv")
    return _download(exports.feed_json(feed), "application/json", f"{name}.json")


_PDF = {"content": {"application/pdf": {}}, "description": "The note as a PDF"}
_FHIR = {"content": {"application/fhir+json": {}}, "description": "A FHIR R4 document Bundle"}
_CSV = {
    "content": {"text/csv": {}, "application/json": {}},
    "description": "Claim lines, one row per line",
}


@router.get("/notes/{note_id}/export.pdf", responses={200: _PDF, **_ERRORS})
def note_pdf(user: CurrentUser, db: DatabaseDep, note_id: NoteId) -> Response:
    """The note as a PDF; a note that is not signed prints with a DRAFT watermark."""
    access.require_note(db, user, Action.EXPORT, note_id)
    pdf = exports.note_pdf(db, note_id, actor=user.email)
    return _download(pdf, "application/pdf", f"note-{note_id}.pdf")


@router.get("/notes/{note_id}/export.fhir", responses={200: _FHIR, **_ERRORS})
def note_fhir(user: CurrentUser, db: DatabaseDep, note_id: NoteId) -> Response:
    """The signed note as a FHIR R4 document Bundle (409 for a note not signed yet)."""
    access.require_note(db, user, Action.EXPORT, note_id)
    bundle = exports.note_fhir(db, note_id, actor=user.email)
    return _download(bundle, "application/fhir+json", f"note-{note_id}.fhir.json")


@router.get("/notes/{note_id}/export.claims", responses={200: _CSV, **_ERRORS})
def note_claims(
    user: CurrentUser,
    db: DatabaseDep,
    note_id: NoteId,
    format: Annotated[FeedFormat, Query(description="csv or json")] = FeedFormat.CSV,
) -> Response:
    """One signed note's claim lines in the billing feed's shape (409 when not signed)."""
    access.require_note(db, user, Action.EXPORT, note_id)
    feed = exports.note_claims(db, note_id, actor=user.email)
    return _feed(feed, format, f"claims-note-{note_id}")


@router.get("/claims/export", responses={200: _CSV, **_ERRORS})
def claims_export(
    user: CurrentUser,
    db: DatabaseDep,
    start: Annotated[date, Query(alias="from", description="First date of service")],
    end: Annotated[date, Query(alias="to", description="Last date of service")],
    format: Annotated[FeedFormat, Query(description="csv or json")] = FeedFormat.CSV,
) -> Response:
    """Every signed claim line dated from..to (at most 366 days) the caller may export: a
    biller the clinic's, a clinician their own."""
    access.require(user, Action.EXPORT)
    feed = exports.claims_feed(
        db,
        start,
        end,
        actor=user.email,
        clinic_id=user.clinic_id,
        clinician_id=access.claims_scope(user),
    )
    return _feed(feed, format, f"claims-{start.isoformat()}-{end.isoformat()}")
