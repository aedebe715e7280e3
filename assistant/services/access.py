"""The one role policy: who may do what to which record. The API and the web pages both ask
`require` before calling a service; no other module decides a role question.

Order matters: a record of another clinic is NotFoundError (404) whatever the role, so a
caller cannot learn that it exists; only then does the role decide (ForbiddenError, 403).

- PT, OT, SLP (therapists) write and sign their own notes and co-sign their assistants'.
- PTA, OTA write and sign daily notes only (no evaluation, re-evaluation, progress report or
  discharge); where required their notes go to the co-sign queue (services/signing.py).
- biller reads signed notes and claims and exports them (any signed note, the clinic's
  billing feed); edits nothing. A clinician exports their own notes and their assistants'.
- admin manages accounts and reads the audit trail; no clinical content.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assistant.domain.accounts import AccountRole
from assistant.domain.lifecycle import SIGNED_STATUSES, may_amend
from assistant.domain.note import NoteType
from assistant.errors import ForbiddenError, NotFoundError
from assistant.services.accounts import Principal
from assistant.store.current import NoteTarget
from assistant.store.db import Database


class Action(StrEnum):
    READ_REFERENCE = "read_reference"  # rules, schemas, the stateless bill
    READ_PATIENT = "read_patient"
    WRITE_PATIENT = "write_patient"  # register a patient or a plan of care
    READ_NOTE = "read_note"  # drafts included for clinicians; signed only for billers
    WRITE_NOTE = "write_note"  # new session, revise, acknowledge, override
    SIGN = "sign"
    COSIGN = "cosign"
    AMEND = "amend"  # an addendum to a signed note
    READ_CLAIM = "read_claim"
    EXPORT = "export"
    READ_AUDIT = "read_audit"
    MANAGE_ACCOUNTS = "manage_accounts"


R = AccountRole
THERAPISTS = frozenset({R.PT, R.OT, R.SLP})
CLINICAL = THERAPISTS | {R.PTA, R.OTA}
EVERYONE = frozenset(R)

# The role table: who may attempt each action at all. Record-level conditions follow below.
ROLES: dict[Action, frozenset[AccountRole]] = {
    Action.READ_REFERENCE: EVERYONE,
    Action.READ_PATIENT: CLINICAL | {R.BILLER},
    Action.WRITE_PATIENT: THERAPISTS,
    Action.READ_NOTE: CLINICAL | {R.BILLER},
    Action.WRITE_NOTE: CLINICAL,
    Action.SIGN: CLINICAL,
    Action.COSIGN: THERAPISTS,
    Action.AMEND: CLINICAL,
    Action.READ_CLAIM: CLINICAL | {R.BILLER},
    Action.EXPORT: CLINICAL | {R.BILLER},
    Action.READ_AUDIT: frozenset({R.ADMIN}),
    Action.MANAGE_ACCOUNTS: frozenset({R.ADMIN}),
}


class Target(BaseModel):
    """The record an action is about, as far as the policy needs to know it."""

    model_config = ConfigDict(frozen=True)

    clinic_id: int
    author_id: int | None = None  # the clinician who wrote the note
    supervisor_id: int | None = None  # the author's supervising therapist
    note_type: NoteType | None = None
    signed: bool = False


def _refusal(principal: Principal, action: Action, target: Target | None) -> str | None:
    """Why the role may not do this to this record, or None when it may."""
    role = principal.role
    if role not in ROLES[action]:
        return f"a {role} account may not {action.value.replace('_', ' ')}"
    if target is None:
        return None
    me = principal.clinician_id
    assistant = role in (R.PTA, R.OTA)
    kind = target.note_type
    writes = action in (Action.WRITE_NOTE, Action.SIGN, Action.AMEND)
    if action in (Action.READ_NOTE, Action.READ_CLAIM) and role is R.BILLER and not target.signed:
        return "a biller reads signed notes and their claims only"
    if action is Action.EXPORT and role is R.BILLER and not target.signed:
        return "a biller exports signed notes only"
    if writes and assistant and kind is not None and kind.therapist_only:
        return f"a {role} may not write or sign a {kind.value.replace('_', ' ')}"
    if target.author_id is None:
        return None  # a record not written yet (a new session): the role decided
    if action is Action.WRITE_NOTE and me not in (target.author_id, target.supervisor_id):
        return "only the note's clinician or their supervisor may change it"
    if action is Action.SIGN and me != target.author_id:
        return "only the note's clinician may sign it"
    if action is Action.AMEND and not may_amend(
        me, author_id=target.author_id, supervisor_id=target.supervisor_id
    ):
        return "only the note's clinician or their supervising therapist may add an addendum"
    if action is Action.COSIGN and (target.supervisor_id is None or me != target.supervisor_id):
        return "only the author's supervising therapist may co-sign"
    if (
        action is Action.EXPORT
        and role in CLINICAL
        and me not in (target.author_id, target.supervisor_id)
    ):
        return "a clinician exports only their own notes and their assistants'"
    return None


def claims_scope(principal: Principal) -> int | None:
    """Whose claim lines an export may hold: a clinician's own only (their clinician id), a
    biller's the whole clinic's (None). Ask after `require(principal, Action.EXPORT)`."""
    if principal.role in CLINICAL:
        # A clinical account without a clinician row has no lines (no id is 0).
        return principal.clinician_id or 0
    return None


def require(principal: Principal, action: Action, target: Target | None = None) -> None:
    """Raise unless the principal may do `action` (to `target`, when it names a record)."""
    if target is not None and target.clinic_id != principal.clinic_id:
        raise NotFoundError("no such record")
    reason = _refusal(principal, action, target)
    if reason is not None:
        raise ForbiddenError(reason)


def allowed(principal: Principal, action: Action, target: Target | None = None) -> bool:
    """The same decision as a boolean (pages use it to show only the buttons that work)."""
    if target is not None and target.clinic_id != principal.clinic_id:
        return False
    return _refusal(principal, action, target) is None


def target_of(note: NoteTarget) -> Target:
    """The policy's view of a note read with the store's one joined statement."""
    state = note.state
    return Target(
        clinic_id=state.clinic_id,
        author_id=state.clinician_id,
        supervisor_id=note.supervisor_id,
        note_type=note.note_type,
        signed=state.status in SIGNED_STATUSES,
    )


def note_target(db: Database, note_id: int) -> Target:
    """The policy's view of a stored note (NotFoundError when there is none)."""
    with db.reading() as tx:
        return target_of(tx.current.target(note_id))


def require_target(principal: Principal, action: Action, note_id: int, target: Target) -> None:
    """`require` for a stored note's target; another clinic's note reads exactly like a
    missing one."""
    if target.clinic_id != principal.clinic_id:
        raise NotFoundError(f"no note {note_id}")
    require(principal, action, target)


def require_note(db: Database, principal: Principal, action: Action, note_id: int) -> Target:
    """`require` for a stored note; another clinic's note reads exactly like a missing one."""
    target = note_target(db, note_id)
    require_target(principal, action, note_id, target)
    return target


def require_in_clinic(
    principal: Principal, action: Action, *, note_type: NoteType | None = None
) -> None:
    """`require` for an action on no single record yet (a new session, a list, the audit
    trail): it happens in the principal's own clinic, the only one their lists show."""
    require(principal, action, Target(clinic_id=principal.clinic_id, note_type=note_type))


def require_patient(db: Database, principal: Principal, action: Action, mrn: str) -> int:
    """`require` for the patient with this MRN in the principal's clinic (MRNs are unique
    per clinic only); returns the patient's id. Another clinic's patient reads exactly like
    a missing MRN."""
    require(principal, action, Target(clinic_id=principal.clinic_id))
    with db.reading() as tx:
        return tx.people.patient_by_mrn(principal.clinic_id, mrn.strip()).id


def session_target(db: Database, session_id: int) -> Target:
    """The policy's view of a stored session (NotFoundError when there is none)."""
    with db.reading() as tx:
        session = tx.people.session(session_id)
        author = tx.people.clinician(session.clinician_id)
    return Target(
        clinic_id=author.clinic_id,
        author_id=author.id,
        supervisor_id=author.supervisor_id,
        note_type=session.note_type,
    )


def require_session(db: Database, principal: Principal, action: Action, session_id: int) -> Target:
    """`require` for a stored session; another clinic's reads exactly like a missing one."""
    target = session_target(db, session_id)
    if target.clinic_id != principal.clinic_id:
        raise NotFoundError(f"no session {session_id}")
    require(principal, action, target)
    return target
