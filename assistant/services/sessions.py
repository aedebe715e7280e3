"""A session in, a drafted note out: the first steps of the note lifecycle.

A new session's input is committed before any drafter runs, so a drafter failure or a crash
leaves the input stored and the session marked not drafted with the reason; the draft itself
then lands in a second transaction. What the drafter needs from the store (the patient's
history, the imported tables) is read in the first one, from the rows it has just read or
written, so a lifecycle spends two transactions before signing rather than three.
"""

import logging
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from assistant.domain.billing import TimerSegment
from assistant.domain.context import VisitContext
from assistant.domain.lifecycle import Event, NoteStatus, transition
from assistant.domain.note import NoteType
from assistant.domain.records import (
    ClinicianRecord,
    PatientRecord,
    SessionRecord,
    SessionStatus,
)
from assistant.domain.session import DraftContext, Patient
from assistant.errors import ConflictError, InputError, NotFoundError, PtscribeError
from assistant.services import judging
from assistant.services.audit import Action, now_utc, record
from assistant.services.drafting import (
    BACKENDS,
    DrafterFactory,
    draft_and_review,
    session_from_text,
)
from assistant.services.history import cosign_required, visit_context
from assistant.services.inputs import validation_message
from assistant.services.reference import ImportedTables, tables
from assistant.services.views import NoteView
from assistant.store.db import Database
from assistant.store.repo import Tx

log = logging.getLogger(__name__)
NOT_FINISHED = "drafting did not finish (the process stopped before the draft was stored)"


class DraftFailedError(PtscribeError):
    """The drafter failed; the session and its input are kept, marked not drafted."""

    def __init__(self, message: str, session_id: int) -> None:
        super().__init__(message)
        self.session_id = session_id


def new_session(
    db: Database,
    text: str,
    *,
    mrn: str,
    clinician_email: str,
    timers: list[TimerSegment] | None = None,
    day: date | None = None,
    note_type: NoteType = NoteType.DAILY,
    backend: str = "offline",
    llm_factory: DrafterFactory | None = None,
    today: date | None = None,
) -> NoteView:
    """Store a session's input, draft it with the store's history, keep revision 1."""
    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")
    today = today or now_utc().date()
    timers = timers or []
    # The date decides the history, so resolve it first exactly as the drafter will.
    try:
        probe = DraftContext(schema_version="1", date_of_service=day)
    except ValidationError as exc:  # a date of service past the tables' range (9999-12-30)
        raise InputError(f"date of service {day}: {validation_message(exc)}") from None
    resolved = session_from_text(text, context=probe, timers=timers, today=today)
    failure: Exception | None = None
    with db.transaction() as tx:
        clinician = tx.people.clinician_by_email(clinician_email.strip().lower())
        # A clinician works in one clinic: the patient is looked up there.
        clinic = clinician.clinic_id
        patient = tx.people.patient_by_mrn(clinic, mrn.strip())
        session = tx.people.add_session(
            clinic,
            patient_id=patient.id,
            clinician_id=clinician.id,
            raw_input=text,
            timers=timers,
            note_type=note_type,
            date_of_service=resolved.date_of_service,
            backend=backend,
            # Not drafted until the draft is stored: a crash mid-draft leaves this reason.
            status=SessionStatus.NOT_DRAFTED,
            failure=NOT_FINISHED,
            now=now_utc(),
        )
        record(tx, clinician.email, Action.CREATE, detail=f"session {session.id}")
        # What the drafter needs is read in the same transaction, from the rows at hand.
        try:
            inputs = _inputs(tx, session, clinician, patient)
        except (PtscribeError, ValueError) as exc:
            # A stored row or imported table that cannot be read: the input is kept anyway,
            # as it was when this read had a transaction of its own. (A database error
            # still rolls back: the transaction could not commit.) The session says why.
            failure = exc
            reason = _reason(exc)
            tx.people.mark_session(session.id, SessionStatus.NOT_DRAFTED, reason)
    if failure is not None:
        raise failure
    return _draft(db, inputs, day, backend, llm_factory, today)


def _reason(exc: Exception) -> str:
    """Why a session stays not drafted, on one line short enough for the worklist."""
    return " ".join(str(exc).split())[:500] or type(exc).__name__


def redraft(
    db: Database,
    session_id: int,
    *,
    clinician_email: str,
    backend: str | None = None,
    llm_factory: DrafterFactory | None = None,
    today: date | None = None,
) -> NoteView:
    """Draft again a stored session that has no note (its drafter failed or never finished)."""
    if backend is not None and backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")
    with db.transaction() as tx:
        session = tx.people.session(session_id)
        clinician = tx.people.clinician_by_email(clinician_email.strip().lower())
        owner = tx.people.clinician(session.clinician_id)
        if clinician.clinic_id != owner.clinic_id:
            raise NotFoundError(f"no session {session_id}")
        if clinician.id not in (owner.id, owner.supervisor_id):
            raise ConflictError(
                f"only the session's clinician or their supervisor may draft session {session_id}"
            )
        if session.status is SessionStatus.DRAFTED:
            raise ConflictError(f"session {session_id} is already drafted")
        inputs = _inputs(tx, session, owner, tx.people.patient(session.patient_id))
    # The stored date of service: a draft the next day must not move the visit to today.
    return _draft(
        db,
        inputs,
        session.date_of_service,
        backend or session.backend,
        llm_factory,
        today or now_utc().date(),
    )


@dataclass(frozen=True, slots=True)
class _Inputs:
    """A stored session and what drafting it reads from the store."""

    session: SessionRecord
    clinician: ClinicianRecord
    patient: PatientRecord
    context: VisitContext
    supervisor: ClinicianRecord | None
    imported: ImportedTables
    # How the context was looked up, and the fingerprint and tables version it and the
    # tables were read at: what lets signing reuse the draft's report (judging.remember).
    looked_up: judging.ContextArgs
    judged_from: judging.JudgedFrom


def _inputs(
    tx: Tx, session: SessionRecord, clinician: ClinicianRecord, patient: PatientRecord
) -> _Inputs:
    judged_from = judging.judged_from(tx, patient)
    looked_up = (patient.clinic_id, patient.id, session.date_of_service, clinician.discipline, None)
    context = visit_context(
        tx,
        patient.clinic_id,
        patient,
        day=session.date_of_service,
        discipline=clinician.discipline,
        version=judged_from[0],
    )
    supervisor = tx.people.clinician(clinician.supervisor_id) if clinician.supervisor_id else None
    imported = tables(tx, judged_from[1])
    return _Inputs(
        session, clinician, patient, context, supervisor, imported, looked_up, judged_from
    )


def _draft(
    db: Database,
    inputs: _Inputs,
    day: date | None,
    backend: str,
    llm_factory: DrafterFactory | None,
    today: date,
) -> NoteView:
    """Draft a stored session's input and keep the note as revision 1; on any drafter
    failure the session stays not drafted with the reason."""
    session, clinician, patient = inputs.session, inputs.clinician, inputs.patient
    context, supervisor, imported = inputs.context, inputs.supervisor, inputs.imported
    clinic = patient.clinic_id
    draft_context = DraftContext(
        **dict(context),
        date_of_service=day,
        discipline=clinician.discipline,
        note_type=session.note_type,
        clinician=clinician.as_clinician(),
        patient=Patient(name=patient.name, date_of_birth=patient.date_of_birth, mrn=patient.mrn),
    )
    try:
        session_input = session_from_text(
            session.raw_input, context=draft_context, timers=session.timers, today=today
        )
        outcome, report = draft_and_review(
            session_input,
            backend,
            llm_factory=llm_factory,
            today=today,
            ncci=imported.ncci,
            fees=imported.fees,
        )
    except Exception as exc:  # any failure: keep the input, say why
        reason = _reason(exc)
        with db.transaction() as tx:
            tx.people.mark_session(session.id, SessionStatus.NOT_DRAFTED, reason)
            record(tx, clinician.email, Action.DRAFT_FAILED, detail=f"session {session.id}")
        log.warning("session %s not drafted: %s", session.id, type(exc).__name__)
        raise DraftFailedError(
            f"drafting failed: {reason}; the input is kept as session {session.id}", session.id
        ) from exc
    note = outcome.note
    if supervisor is not None:
        note = note.model_copy(update={"supervisor": supervisor.as_clinician()})
    with db.transaction() as tx:
        # The note row is born drafted: nobody saw it in between, so there is no move to lock.
        status = transition(NoteStatus.DRAFT, Event.DRAFT)
        state = tx.notes.create(
            clinic,
            session_id=session.id,
            patient_id=patient.id,
            clinician_id=clinician.id,
            # Decided from the context the note was drafted with.
            requires_cosign=cosign_required(clinician.role, context),
            now=now_utc(),
            status=status,
            revision=1,
        )
        revision = tx.notes.add_revision(
            state.id,
            number=1,
            base_revision=None,
            note=note,
            claim=outcome.claim,
            findings=outcome.findings,
            author_id=clinician.id,
            now=now_utc(),
        )
        tx.people.mark_session(session.id, SessionStatus.DRAFTED)
        record(tx, clinician.email, Action.DRAFT, note_id=state.id, revision=1)
    judging.remember(
        db.token,
        state,
        revision,
        reviewed=outcome.note,
        drafted_with=inputs.looked_up,
        inputs=inputs.judged_from,
        report=report,
    )
    # Everything in the view was just written: no need to read it back.
    return NoteView(
        note_id=state.id,
        session_id=session.id,
        status=status,
        revision=1,
        note=note,
        claim=outcome.claim,
        findings=outcome.findings,
        acknowledgements=[],
        signatures=[],
        addenda=[],
        drafter=outcome.drafter,
    )
