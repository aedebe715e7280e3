"""A new session: the patient with the plan of care in force, the note type and date, the
dictation, minutes typed per code or timer segments recorded on the page; then Draft.

Minutes typed per code become lines of the session's text ("Manual therapy 97140: 10
minutes."), so the drafter reads them like dictated minutes and each has its evidence in the
stored input; recorded timers are sent as segments and bill from their start and end.
"""

from datetime import date
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import DatabaseDep, DrafterDep, in_drafting_thread
from api.errors import status_of
from api.onehop import router as one_hop_router
from assistant.domain.note import NoteType
from assistant.errors import InputError, PtscribeError
from assistant.services import access, notes, worklist
from assistant.services.access import Action
from assistant.services.dictation import parse_timers
from assistant.services.notes import DraftFailedError
from web.deps import PageUser
from web.pages.common import failure, see_other
from web.render import page

router = one_hop_router()
MAX_DICTATION = 100_000
# The timed codes offered for typed minutes, with the words the drafter knows them by.
MINUTE_CODES = (
    ("97110", "Therapeutic exercise"),
    ("97112", "Neuromuscular re-education"),
    ("97116", "Gait training"),
    ("97140", "Manual therapy"),
    ("97530", "Therapeutic activities"),
    ("97535", "Self-care training"),
    ("97032", "Electrical stimulation"),
    ("97035", "Ultrasound"),
)
_LABEL = dict(MINUTE_CODES)
MINUTE_ROWS = 4


def minutes_text(rows: list[tuple[str, str]]) -> str:
    """Typed minutes as lines of the session's text; blank rows are skipped."""
    lines = []
    for code, minutes in rows:
        code, minutes = code.strip(), minutes.strip()
        if not code and not minutes:
            continue
        if code not in _LABEL:
            raise InputError(f"typed minutes: choose a code from the list, not {code!r}")
        if not minutes.isdigit() or not 1 <= int(minutes) <= 600:
            raise InputError(f"typed minutes for {code}: a whole number from 1 to 600")
        lines.append(f"{_LABEL[code]} {code}: {int(minutes)} minutes.")
    return "\n".join(lines)


async def _form_page(
    request: Request,
    db: DatabaseDep,
    user: Any,
    values: dict[str, Any],
    *,
    error: str = "",
    status: int = 200,
) -> Response:
    patients = await run_in_threadpool(worklist.patients, db, clinic_id=user.clinic_id)
    plan = None
    chosen = values.get("patient_id")
    if chosen:
        try:
            _, plan = await run_in_threadpool(
                lambda: worklist.patient_plan(db, clinic_id=user.clinic_id, patient_id=int(chosen))
            )
        except (PtscribeError, ValueError):
            plan = None
    context = {
        "patients": patients,
        "plan": plan,
        "values": values,
        "error": error,
        "note_types": list(NoteType),
        "minute_codes": MINUTE_CODES,
        "minute_rows": MINUTE_ROWS,
        "today": date.today().isoformat(),
    }
    return page(request, "session_new.html", context, user=user, status=status)


@router.get("/sessions/new", response_model=None)
async def new_session_page(
    request: Request, db: DatabaseDep, user: PageUser, patient: int | None = None
) -> Response:
    try:
        access.require(user, Action.WRITE_NOTE)
    except PtscribeError as exc:
        return failure(request, user, exc)
    return await _form_page(request, db, user, {"patient_id": patient or ""})


@router.get("/sessions/plan", response_model=None)
async def plan_fragment(
    request: Request, db: DatabaseDep, user: PageUser, patient_id: int | None = None
) -> Response:
    """The plan of care and goals of the chosen patient (swapped in beside the picker)."""
    plan = None
    if patient_id is not None:
        try:
            access.require(user, Action.READ_PATIENT)
            _, plan = await run_in_threadpool(
                lambda: worklist.patient_plan(db, clinic_id=user.clinic_id, patient_id=patient_id)
            )
        except PtscribeError as exc:
            return failure(request, user, exc)
    return page(request, "_plan.html", {"plan": plan, "chosen": patient_id}, user=user)


@router.post("/sessions", response_model=None)
async def create_session(
    request: Request,
    db: DatabaseDep,
    user: PageUser,
    drafter: DrafterDep,
    text: Annotated[str, Form(max_length=MAX_DICTATION)] = "",
    patient_id: Annotated[str, Form(max_length=20)] = "",
    note_type: Annotated[str, Form(max_length=40)] = NoteType.DAILY.value,
    day: Annotated[str, Form(max_length=20)] = "",
    timers: Annotated[str, Form(max_length=200_000)] = "",
) -> Response:
    form = await request.form()
    codes = [str(v) for v in form.getlist("minutes_code")]
    minutes = [str(v) for v in form.getlist("minutes_value")]
    values = {
        "text": text,
        "patient_id": patient_id,
        "note_type": note_type,
        "day": day,
        "timers": timers,
        "minutes": list(zip(codes, minutes, strict=False)),
    }
    try:
        if not patient_id.isdigit():
            raise InputError("choose the patient")
        kind = NoteType(note_type) if note_type in set(NoteType) else None
        if kind is None:
            raise InputError(f"unknown note type {note_type!r}")
        access.require_in_clinic(user, Action.WRITE_NOTE, note_type=kind)
        typed = minutes_text(list(zip(codes, minutes, strict=False)))
        body = text.rstrip()
        if not body.strip() and not typed:
            raise InputError("write or paste the session's dictation first")
        full = f"{body}\n\n{typed}\n" if typed else body
        segments = parse_timers(timers, "timers") if timers.strip() else []
        try:
            when = date.fromisoformat(day) if day else None
        except ValueError:
            raise InputError(f"date of service {day!r}: use the date picker (YYYY-MM-DD)") from None
        patient, _ = await run_in_threadpool(
            lambda: worklist.patient_plan(db, clinic_id=user.clinic_id, patient_id=int(patient_id))
        )
        view = await in_drafting_thread(
            request,
            lambda: notes.new_session(
                db,
                full,
                mrn=patient.mrn,
                clinician_email=user.email,
                timers=segments,
                day=when,
                note_type=kind,
                backend=drafter.backend,
                llm_factory=drafter.llm_factory,
            ),
        )
    except DraftFailedError as exc:
        message = f"{exc} It is listed under Sessions not drafted; your text is still below."
        return await _form_page(request, db, user, values, error=message, status=503)
    except PtscribeError as exc:
        return await _form_page(request, db, user, values, error=str(exc), status=status_of(exc))
    return see_other(f"/notes/{view.note_id}")


@router.post("/sessions/{session_id}/redraft", response_model=None)
async def redraft(
    request: Request, db: DatabaseDep, user: PageUser, drafter: DrafterDep, session_id: int
) -> Response:
    """Draft again a session whose drafter failed: its stored input, its date of service."""
    try:
        access.require(user, Action.WRITE_NOTE)
        view = await in_drafting_thread(
            request,
            lambda: notes.redraft(
                db,
                session_id,
                clinician_email=user.email,
                backend=drafter.backend,
                llm_factory=drafter.llm_factory,
            ),
        )
    except PtscribeError as exc:
        return failure(request, user, exc)
    return see_other(f"/notes/{view.note_id}")
