"""Signing, the co-sign queue, co-signing and addenda."""

from typing import Annotated

from fastapi import Path

from api.body import json_body
from api.deps import CurrentUser, DatabaseDep
from api.errors import error_responses
from api.onehop import router as one_hop_router
from api.schemas import PREFIX, AmendIn, NoteOut, NoteSummaryOut, SignIn
from assistant.services import access, signing, worklist
from assistant.services.access import Action

router = one_hop_router(prefix=PREFIX, tags=["signing"])
NoteId = Annotated[int, Path(ge=1, description="The note's id")]


@router.post(
    "/notes/{note_id}/sign",
    response_model=NoteOut,
    responses=error_responses(401, 403, 404, 409, 413, 422, 423),
)
def sign(
    user: CurrentUser,
    db: DatabaseDep,
    note_id: NoteId,
    payload: Annotated[SignIn, json_body(SignIn, "signature")],
) -> NoteOut:
    """Sign the revision you read. It is re-validated with the patient's history: an error,
    or a warning neither acknowledged nor overridden, blocks it (423 lists them)."""
    access.require_note(db, user, Action.SIGN, note_id)
    return NoteOut.of(
        signing.sign(db, note_id, revision=payload.revision, clinician_email=user.email)
    )


@router.get(
    "/cosign-queue", response_model=list[NoteSummaryOut], responses=error_responses(401, 403)
)
def cosign_queue(user: CurrentUser, db: DatabaseDep) -> list[NoteSummaryOut]:
    """Your assistants' signed notes awaiting your co-signature, oldest first (the same list
    as the web co-sign queue)."""
    access.require(user, Action.COSIGN)
    queue = worklist.cosign_queue(
        db, clinic_id=user.clinic_id, supervisor_id=user.clinician_id or 0
    )
    return [NoteSummaryOut.of_item(item) for item in queue]


@router.post(
    "/notes/{note_id}/cosign",
    response_model=NoteOut,
    responses=error_responses(401, 403, 404, 409, 422, 423),
)
def cosign(user: CurrentUser, db: DatabaseDep, note_id: NoteId) -> NoteOut:
    """Co-sign an assistant's signed note as their supervising therapist."""
    access.require_note(db, user, Action.COSIGN, note_id)
    return NoteOut.of(signing.cosign(db, note_id, clinician_email=user.email))


@router.post(
    "/notes/{note_id}/addenda",
    status_code=201,
    response_model=NoteOut,
    responses=error_responses(401, 403, 404, 409, 413, 422, 423),
)
def amend(
    user: CurrentUser,
    db: DatabaseDep,
    note_id: NoteId,
    payload: Annotated[AmendIn, json_body(AmendIn, "addendum")],
) -> NoteOut:
    """Add a signed addendum to a signed note; a whole corrected note JSON as the text is a
    correction, flagged `corrected_claim` when its claim differs."""
    access.require_note(db, user, Action.AMEND, note_id)
    view = signing.amend(
        db, note_id, clinician_email=user.email, reason=payload.reason, text=payload.text
    )
    return NoteOut.of(view)
