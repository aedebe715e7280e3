"""The note lifecycle up to signing: a session in, a drafted note, revisions, acknowledgements.

Each call is one transaction ending in one audit event, with one exception by design: a new
session's input is committed before any drafter runs, so a drafter failure or a crash leaves
the input stored and the session marked not drafted with the reason; the draft itself then
lands in a second transaction.
"""

import logging
from datetime import date

from pydantic import ValidationError

from assistant.domain.billing import TimerSegment
from assistant.domain.lifecycle import Event, NoteStatus, transition
from assistant.domain.note import Note, NoteType
from assistant.domain.records import AckKind, NoteState, SessionStatus
from assistant.domain.session import DraftContext, Patient
from assistant.domain.validation import ValidationReport
from assistant.errors import ConflictError, InputError, NotFoundError, PtscribeError
from assistant.services import access
from assistant.services.accounts import Principal
from assistant.services.audit import Action, now_utc, record
from assistant.services.drafting import BACKENDS, DrafterFactory, draft_session, session_from_text
from assistant.services.history import cosign_required, visit_context
from assistant.services.inputs import validation_message
from assistant.services.judging import judged, review_stored, stored_context
from assistant.services.reference import tables
from assistant.services.views import NoteView, note_view, view_of
from assistant.store.db import Database
from assistant.store.repo import Tx

log = logging.getLogger(__name__)
READ = access.Action.READ_NOTE
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
    return _draft_stored(db, session.id, day, backend, llm_factory, today)


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
    # The stored date of service: a draft the next day must not move the visit to today.
    return _draft_stored(
        db,
        session_id,
        session.date_of_service,
        backend or session.backend,
        llm_factory,
        today or now_utc().date(),
    )


def _draft_stored(
    db: Database,
    session_id: int,
    day: date | None,
    backend: str,
    llm_factory: DrafterFactory | None,
    today: date,
) -> NoteView:
    """Draft a stored session's input and keep the note as revision 1; on any drafter
    failure the session stays not drafted with the reason."""
    with db.transaction() as tx:
        session = tx.people.session(session_id)
        clinician = tx.people.clinician(session.clinician_id)
        patient = tx.people.patient(session.patient_id)
        clinic = patient.clinic_id
        dos = session.date_of_service
        context = visit_context(tx, clinic, patient, day=dos, discipline=clinician.discipline)
        supervisor = (
            tx.people.clinician(clinician.supervisor_id) if clinician.supervisor_id else None
        )
        imported = tables(tx)
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
        outcome = draft_session(
            session_input,
            backend,
            llm_factory=llm_factory,
            today=today,
            ncci=imported.ncci,
            fees=imported.fees,
        )
    except Exception as exc:  # any failure: keep the input, say why
        reason = " ".join(str(exc).split())[:500] or type(exc).__name__
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
        state = tx.notes.create(
            clinic,
            session_id=session.id,
            patient_id=patient.id,
            clinician_id=clinician.id,
            # Decided from the context the note was drafted with.
            requires_cosign=cosign_required(clinician.role, context),
            now=now_utc(),
        )
        tx.notes.add_revision(
            state.id,
            number=1,
            base_revision=None,
            note=note,
            claim=outcome.claim,
            findings=outcome.findings,
            author_id=clinician.id,
            now=now_utc(),
        )
        status = transition(state.status, Event.DRAFT)
        tx.notes.advance(
            state.id, from_revision=0, from_status=state.status, to_revision=1, to_status=status
        )
        tx.people.mark_session(session.id, SessionStatus.DRAFTED)
        record(tx, clinician.email, Action.DRAFT, note_id=state.id, revision=1)
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


def check(db: Database, note_id: int) -> ValidationReport:
    """Re-validate the note's current revision with the store's history as it stands now."""
    return check_current(db, note_id)[1]


def check_current(db: Database, note_id: int) -> tuple[int, ValidationReport]:
    """`check`, with the number of the revision it judged."""
    with db.reading() as tx:
        current = tx.current.note(note_id)
        state = current.target.state
        return state.revision, judged(tx, state, current.revision)


def check_to(db: Database, principal: Principal, note_id: int) -> tuple[int, ValidationReport]:
    """`check_current` for a caller who may read the note, asked in the same read."""
    with db.reading() as tx:
        current = tx.current.note(note_id)
        access.require_target(principal, READ, note_id, access.target_of(current.target))
        state = current.target.state
        return state.revision, judged(tx, state, current.revision)


def show(db: Database, note_id: int, *, actor: str) -> NoteView:
    with db.reading() as tx:
        view = note_view(tx, note_id)
    _viewed(db, actor, view)
    return view


def show_to(
    db: Database, principal: Principal, note_id: int, action: access.Action = READ
) -> NoteView:
    """The note for a caller the policy lets do `action` to it (a read: READ_NOTE or
    READ_CLAIM), decided on the same joined read that loads it."""
    return open_to(db, principal, note_id, action)[1]


def open_to(
    db: Database, principal: Principal, note_id: int, action: access.Action = READ
) -> tuple[access.Target, NoteView]:
    """`show_to` with the policy's view of the note (pages decide their buttons by it)."""
    with db.reading() as tx:
        current = tx.current.note(note_id)
        target = access.target_of(current.target)
        access.require_target(principal, action, note_id, target)
        view = view_of(tx, current)
    _viewed(db, principal.email, view)
    return target, view


def _viewed(db: Database, actor: str, view: NoteView) -> None:
    # Its own short write after the read: the view is audited before anyone is shown it,
    # and the write lock (the audit chain's head) is held for three statements only.
    with db.transaction() as tx:
        record(tx, actor, Action.VIEW, note_id=view.note_id, revision=view.revision)


def _current(tx: Tx, note_id: int, revision: int, event: Event) -> NoteState:
    """The locked note, checked for the event and for the revision the caller edited."""
    state = tx.notes.get(note_id, lock=True)
    transition(state.status, event)
    if revision != state.revision:
        raise ConflictError(
            f"revision {revision} is stale: note {note_id} is at revision {state.revision}; "
            "reload it and apply your change again"
        )
    return state


def revise(
    db: Database,
    note_id: int,
    *,
    revision: int,
    note: Note,
    clinician_email: str | None = None,
) -> NoteView:
    """A new revision from the one the caller edited; a stale revision overwrites nothing."""
    with db.transaction() as tx:
        state = _current(tx, note_id, revision, Event.REVISE)
        owner = tx.people.clinician(state.clinician_id)
        author = tx.people.clinician_by_email(clinician_email) if clinician_email else owner
        if author.id not in (owner.id, owner.supervisor_id):
            raise ConflictError("only the note's clinician or their supervisor may revise it")
        # Who wrote the note is the store's fact, not the document's.
        stored = tx.notes.revision(note_id, revision).note
        note = note.model_copy(
            update={"clinician": stored.clinician, "supervisor": stored.supervisor}
        )
        report = review_stored(tx, state, note)
        number = revision + 1
        tx.notes.add_revision(
            note_id,
            number=number,
            base_revision=revision,
            note=note,
            claim=report.recomputed_claim,
            findings=report.findings,
            author_id=author.id,
            now=now_utc(),
        )
        tx.notes.advance(
            note_id,
            from_revision=revision,
            from_status=state.status,
            to_revision=number,
            to_status=transition(state.status, Event.REVISE),
        )
        record(tx, author.email, Action.REVISE, note_id=note_id, revision=number)
        return note_view(tx, note_id)


def acknowledge(
    db: Database,
    note_id: int,
    *,
    revision: int,
    rule: str,
    path: str,
    reason: str = "",
    clinician_email: str | None = None,
) -> NoteView:
    """Acknowledge a warning on this revision, or override it when a reason is given."""
    kind = AckKind.OVERRIDE if reason.strip() else AckKind.ACKNOWLEDGE
    event = Event.OVERRIDE if kind is AckKind.OVERRIDE else Event.ACKNOWLEDGE
    with db.transaction() as tx:
        state = _current(tx, note_id, revision, event)
        who = (
            tx.people.clinician_by_email(clinician_email)
            if clinician_email
            else tx.people.clinician(state.clinician_id)
        )
        stored = tx.notes.revision(note_id, revision)
        # The warnings as signing will see them now, and those stored with the revision.
        findings = [*review_stored(tx, state, stored.note).findings, *tx.notes.findings(stored.id)]
        matching = [f for f in findings if f.rule == rule and f.path == path]
        if not matching:
            raise InputError(f"revision {revision} has no finding {rule} at {path or '(note)'}")
        if all(f.severity != "warning" for f in matching):
            raise InputError(
                f"{rule} at {path or '(note)'} is {matching[0].severity.value}, not a warning: "
                "only warnings are acknowledged; fix an error in a new revision"
            )
        tx.notes.add_ack(
            stored.id,
            revision,
            rule=rule,
            path=path,
            kind=kind,
            reason=reason.strip(),
            clinician_id=who.id,
            now=now_utc(),
        )
        action = Action.OVERRIDE if kind is AckKind.OVERRIDE else Action.ACKNOWLEDGE
        record(tx, who.email, action, note_id=note_id, revision=revision, detail=rule)
        return note_view(tx, note_id)


__all__ = [
    "DraftFailedError",
    "NoteStatus",
    "acknowledge",
    "check",
    "check_current",
    "check_to",
    "new_session",
    "open_to",
    "redraft",
    "review_stored",
    "revise",
    "show",
    "show_to",
    "stored_context",
]
