"""Notes: read, revise from the revision you read, validate, findings, acknowledge/override.

Every route asks the one policy (services/access.py) about the stored note first: another
clinic's note is a 404, a role that may not act is a 403; the services then enforce the
lifecycle (a stale revision or a signed note is a 409).
"""

from typing import Annotated

from fastapi import Path, Query

from api.body import json_body
from api.deps import CurrentUser, DatabaseDep
from api.errors import error_responses
from api.onehop import router as one_hop_router
from api.schemas import PREFIX, AckIn, FindingsOut, NoteOut, NoteSummaryOut, ReviseIn, ValidationOut
from assistant.domain.billing import BillResult
from assistant.domain.lifecycle import SIGNED_STATUSES, NoteStatus
from assistant.services import access, notes, views
from assistant.services.access import Action, Target

router = one_hop_router(prefix=PREFIX, tags=["notes"])
NoteId = Annotated[int, Path(ge=1, description="The note's id")]
_READ = error_responses(401, 403, 404, 422)
_WRITE = error_responses(401, 403, 404, 409, 413, 422)


@router.get("/notes", response_model=list[NoteSummaryOut], responses=_READ)
def list_notes(
    user: CurrentUser,
    db: DatabaseDep,
    patient_id: Annotated[int | None, Query(ge=1)] = None,
    status: Annotated[NoteStatus | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[NoteSummaryOut]:
    """The clinic's notes, newest first (ids and lifecycle only, no clinical text)."""
    access.require(user, Action.READ_NOTE)
    statuses: tuple[NoteStatus, ...] = (status,) if status else ()
    # A role that may read only signed notes lists only those.
    unsigned = Target(clinic_id=user.clinic_id, signed=False)
    if not access.allowed(user, Action.READ_NOTE, unsigned):
        statuses = tuple(s for s in statuses or tuple(NoteStatus) if s in SIGNED_STATUSES)
        if not statuses:
            return []
    found = views.note_list(
        db, user.clinic_id, patient_id=patient_id, statuses=statuses, limit=limit, offset=offset
    )
    return [NoteSummaryOut.of(s) for s in found]


@router.get("/notes/{note_id}", response_model=NoteOut, responses=_READ)
def get_note(user: CurrentUser, db: DatabaseDep, note_id: NoteId) -> NoteOut:
    """The current revision with its claim, findings, acknowledgements, signatures, addenda."""
    return NoteOut.of(notes.show_to(db, user, note_id))


@router.get("/notes/{note_id}/claim", response_model=BillResult | None, responses=_READ)
def get_claim(user: CurrentUser, db: DatabaseDep, note_id: NoteId) -> BillResult | None:
    """The claim: as signed for a signed note, else as recomputed for the current revision."""
    return notes.show_to(db, user, note_id, Action.READ_CLAIM).claim


@router.post("/notes/{note_id}/revisions", response_model=NoteOut, responses=_WRITE)
def revise(
    user: CurrentUser,
    db: DatabaseDep,
    note_id: NoteId,
    payload: Annotated[ReviseIn, json_body(ReviseIn, "revision")],
) -> NoteOut:
    """Save the edited note as a new revision of the one you read (stale: 409)."""
    target = access.require_note(db, user, Action.WRITE_NOTE, note_id)
    # The edit may change the note's type: judge the type it would have too.
    edited = target.model_copy(update={"note_type": payload.note.note_type})
    access.require(user, Action.WRITE_NOTE, edited)
    view = notes.revise(
        db, note_id, revision=payload.revision, note=payload.note, clinician_email=user.email
    )
    return NoteOut.of(view)


@router.post("/notes/{note_id}/validate", response_model=ValidationOut, responses=_READ)
def validate(user: CurrentUser, db: DatabaseDep, note_id: NoteId) -> ValidationOut:
    """Re-validate the current revision with the store's history as it stands now."""
    revision, report = notes.check_to(db, user, note_id)
    return ValidationOut(note_id=note_id, revision=revision, **report.model_dump())


@router.get("/notes/{note_id}/findings", response_model=FindingsOut, responses=_READ)
def findings(user: CurrentUser, db: DatabaseDep, note_id: NoteId) -> FindingsOut:
    """The current revision's findings and the acknowledgements and overrides given."""
    view = notes.show_to(db, user, note_id)
    return FindingsOut(
        note_id=note_id,
        revision=view.revision,
        findings=view.findings,
        acknowledgements=view.acknowledgements,
    )


@router.post("/notes/{note_id}/acknowledgements", response_model=NoteOut, responses=_WRITE)
def acknowledge(
    user: CurrentUser,
    db: DatabaseDep,
    note_id: NoteId,
    payload: Annotated[AckIn, json_body(AckIn, "acknowledgement")],
) -> NoteOut:
    """Acknowledge a warning of the revision you read, or override it with a reason."""
    access.require_note(db, user, Action.WRITE_NOTE, note_id)
    view = notes.acknowledge(
        db,
        note_id,
        revision=payload.revision,
        rule=payload.rule,
        path=payload.path,
        reason=payload.reason,
        clinician_email=user.email,
    )
    return NoteOut.of(view)
