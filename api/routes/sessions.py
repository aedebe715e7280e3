"""Sessions: the therapist's text (and timers) in, a drafted note out.

The input is stored before any drafter runs (services/notes.py), so a drafter failure, the
LLM deadline or a crash leaves the session marked not drafted; `POST /sessions/{id}/draft`
drafts it again. Drafting runs inside the request, on the drafting threads (never the few
request threads every read waits for): the LLM drafter is bounded by the
PTSCRIBE_LLM_DEADLINE wall clock and falls back to the offline draft with a notice.
"""

from typing import Annotated

from fastapi import Path, Request

from api.body import json_body
from api.deps import CurrentUser, DatabaseDep, DrafterDep, in_drafting_thread
from api.errors import error_responses
from api.onehop import router as one_hop_router
from api.schemas import PREFIX, DraftedOut, RedraftIn, SessionIn
from assistant.services import access, notes, people
from assistant.services.access import Action, Target
from assistant.services.dictation import dictation_text
from assistant.services.views import NoteView

router = one_hop_router(prefix=PREFIX, tags=["sessions"])
_ERRORS = error_responses(401, 403, 404, 409, 413, 422, 503)


@router.post("/sessions", status_code=201, response_model=DraftedOut, responses=_ERRORS)
async def new_session(
    request: Request,
    user: CurrentUser,
    db: DatabaseDep,
    drafter: DrafterDep,
    payload: Annotated[SessionIn, json_body(SessionIn, "session")],
) -> DraftedOut:
    """Store a session's input, draft it with the patient's history, keep revision 1 in
    review. The response names the drafter that wrote it and any fallback notice."""

    def store_and_draft() -> NoteView:
        # The note this session will become: the caller's own, of the requested type.
        mine = Target(
            clinic_id=user.clinic_id, author_id=user.clinician_id, note_type=payload.note_type
        )
        access.require(user, Action.WRITE_NOTE, mine)
        patient = people.patient(db, payload.patient_id, clinic_id=user.clinic_id)
        return notes.new_session(
            db,
            dictation_text(payload.text),
            mrn=patient.mrn,
            clinician_email=user.email,
            timers=payload.timers,
            day=payload.date_of_service,
            note_type=payload.note_type,
            backend=payload.backend or drafter.backend,
            llm_factory=drafter.llm_factory,
        )

    return DraftedOut.of(await in_drafting_thread(request, store_and_draft))


@router.post("/sessions/{session_id}/draft", response_model=DraftedOut, responses=_ERRORS)
async def draft_again(
    request: Request,
    user: CurrentUser,
    db: DatabaseDep,
    drafter: DrafterDep,
    session_id: Annotated[int, Path(ge=1)],
    payload: Annotated[RedraftIn, json_body(RedraftIn, "draft request")],
) -> DraftedOut:
    """Draft again a stored session that has no note yet (409 when it has one)."""

    def draft() -> NoteView:
        access.require_session(db, user, Action.WRITE_NOTE, session_id)
        return notes.redraft(
            db,
            session_id,
            clinician_email=user.email,
            backend=payload.backend,
            llm_factory=drafter.llm_factory,
        )

    return DraftedOut.of(await in_drafting_thread(request, draft))
