"""The note lifecycle in review: showing, re-validating, revising and acknowledging a stored
note (sessions.py drafts the note; signing.py signs it).

Each change is one transaction ending in one audit event. A read (show, check) is a
statement or two outside a transaction where that is consistent enough (store/shown.py,
judging.known_report), and a view's audit event is a grouped write of its own.
"""

from assistant.domain.lifecycle import SIGNED_STATUSES, Event, NoteStatus, transition
from assistant.domain.note import Note
from assistant.domain.records import AckKind, NoteState, PatientRecord
from assistant.domain.validation import ValidationReport
from assistant.errors import ConflictError, InputError, NotFoundError
from assistant.services import access
from assistant.services.accounts import Principal
from assistant.services.audit import Action, now_utc, record, record_view
from assistant.services.judging import judged, known_report, review_stored, stored_context
from assistant.services.sessions import DraftFailedError, new_session, redraft
from assistant.services.views import NoteView, note_view, shown_view, view_of
from assistant.store.current import current_note
from assistant.store.db import Database
from assistant.store.notes import StoredRevision
from assistant.store.repo import Tx
from assistant.store.shown import shown_note

READ = access.Action.READ_NOTE


def check(db: Database, note_id: int) -> ValidationReport:
    """Re-validate the note's current revision with the store's history as it stands now."""
    return check_current(db, note_id)[1]


def check_current(db: Database, note_id: int) -> tuple[int, ValidationReport]:
    """`check`, with the number of the revision it judged."""
    return _check(db, None, note_id)


def check_to(db: Database, principal: Principal, note_id: int) -> tuple[int, ValidationReport]:
    """`check_current` for a caller who may read the note, asked in the same read."""
    return _check(db, principal, note_id)


def _check(db: Database, principal: Principal | None, note_id: int) -> tuple[int, ValidationReport]:
    # A review screen re-checks an unchanged note often: a report this process already
    # judged is found in two statements outside a transaction (judging.known_report).
    with db.lookup() as conn:
        current = current_note(conn, note_id)
        if principal is not None:
            access.require_target(principal, READ, note_id, access.target_of(current.target))
        report = known_report(conn, db.token, current)
    if report is not None:
        return current.target.state.revision, report
    with db.reading() as tx:
        current = tx.current.note(note_id)
        if principal is not None:
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
    target, view, _ = _open(db, principal, note_id, action, patient=False)
    return target, view


def open_for_review(
    db: Database, principal: Principal, note_id: int
) -> tuple[access.Target, NoteView, PatientRecord]:
    """`open_to` with the note's patient, read in the same transaction (the review page)."""
    target, view, patient = _open(db, principal, note_id, READ, patient=True)
    assert patient is not None
    return target, view, patient


def _open(
    db: Database, principal: Principal, note_id: int, action: access.Action, *, patient: bool
) -> tuple[access.Target, NoteView, PatientRecord | None]:
    # The note with its findings and acknowledgements (and the patient, for the review
    # page) is one statement on the bare lookup connection; the policy decides on that row.
    with db.lookup() as conn:
        shown = shown_note(conn, note_id, patient=patient)
    target = access.target_of(shown.current.target)
    access.require_target(principal, action, note_id, target)
    whose = shown.patient
    if shown.current.target.state.status in SIGNED_STATUSES:
        # A signed note still changes (a co-signature, an addendum): its lifecycle, its
        # signatures and addenda are read again together, in one transaction.
        with db.reading() as tx:
            current = tx.current.note(note_id)
            target = access.target_of(current.target)
            access.require_target(principal, action, note_id, target)
            view = view_of(tx, current)
    else:
        view = shown_view(shown)
    _viewed(db, principal.email, view)
    return target, view, whose


def _viewed(db: Database, actor: str, view: NoteView) -> None:
    # Its own short write after the read, grouped with the views other requests audit at
    # the same moment: the view is committed before anyone is shown it, and many views
    # take the write lock (the audit chain's head) once.
    record_view(db, actor, note_id=view.note_id, revision=view.revision)


def _current(tx: Tx, note_id: int, revision: int, event: Event) -> tuple[NoteState, StoredRevision]:
    """The locked note and the revision the caller edited, checked for the event and for
    that revision still being the current one."""
    state, stored = tx.notes.current(note_id, lock=True)
    transition(state.status, event)
    if revision != state.revision:
        raise ConflictError(
            f"revision {revision} is stale: note {note_id} is at revision {state.revision}; "
            "reload it and apply your change again"
        )
    if stored is None:  # a status past draft without its revision: the record is damaged
        raise NotFoundError(f"note {note_id} has no revision {revision}")
    return state, stored


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
        state, current = _current(tx, note_id, revision, Event.REVISE)
        owner = tx.people.clinician(state.clinician_id)
        author = tx.people.clinician_by_email(clinician_email) if clinician_email else owner
        if author.id not in (owner.id, owner.supervisor_id):
            raise ConflictError("only the note's clinician or their supervisor may revise it")
        # Who wrote the note is the store's fact, not the document's.
        stored = current.note
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
        state, stored = _current(tx, note_id, revision, event)
        who = (
            tx.people.clinician_by_email(clinician_email)
            if clinician_email
            else tx.people.clinician(state.clinician_id)
        )
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
    "open_for_review",
    "open_to",
    "redraft",
    "review_stored",
    "revise",
    "show",
    "show_to",
    "stored_context",
]
