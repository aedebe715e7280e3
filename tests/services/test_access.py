"""The one role policy as a table: role x action x record -> allowed, 403 or 404."""

import pytest

from assistant.domain.accounts import AccountRole
from assistant.domain.note import NoteType
from assistant.errors import ForbiddenError, NotFoundError
from assistant.services import access
from assistant.services.access import Action, Target
from assistant.services.accounts import Principal
from assistant.store.db import Database
from tests.store_support import draft, seed, signed_note

R = AccountRole
PT_ID, PTA_ID, OTHER_PT_ID = 1, 2, 3  # clinician ids; the PTA's supervisor is the PT


def who(role: AccountRole, clinician_id: int | None = None, clinic_id: int = 1) -> Principal:
    return Principal(
        account_id=1,
        email="x@clinic.test",
        role=role,
        clinic_id=clinic_id,
        clinician_id=clinician_id,
        name="X",
        credentials="",
    )


PT, PTA, OTHER = who(R.PT, PT_ID), who(R.PTA, PTA_ID), who(R.PT, OTHER_PT_ID)
OT, SLP = who(R.OT, 7), who(R.SLP, 8)
BILLER, ADMIN = who(R.BILLER), who(R.ADMIN)
PTA_DAILY = Target(clinic_id=1, author_id=PTA_ID, supervisor_id=PT_ID, note_type=NoteType.DAILY)
PTA_SIGNED = PTA_DAILY.model_copy(update={"signed": True})
PT_EVAL = Target(clinic_id=1, author_id=PT_ID, note_type=NoteType.EVALUATION)
NEW_EVAL = Target(clinic_id=1, note_type=NoteType.EVALUATION)
NEW_DAILY = Target(clinic_id=1, note_type=NoteType.DAILY)
ELSEWHERE = PTA_SIGNED.model_copy(update={"clinic_id": 2})

ALLOWED, FORBIDDEN, NOT_FOUND = "ok", 403, 404
CASES = [
    # Therapists write and sign their own notes, co-sign their assistants'.
    (PT, Action.WRITE_NOTE, NEW_EVAL, ALLOWED),
    (PT, Action.SIGN, PT_EVAL, ALLOWED),
    (PT, Action.COSIGN, PTA_SIGNED, ALLOWED),
    (PT, Action.WRITE_NOTE, PTA_DAILY, ALLOWED),  # the supervisor may revise
    (OTHER, Action.COSIGN, PTA_SIGNED, FORBIDDEN),  # not this assistant's supervisor
    (OTHER, Action.SIGN, PT_EVAL, FORBIDDEN),  # not the author
    (OTHER, Action.WRITE_NOTE, PTA_DAILY, FORBIDDEN),
    (OTHER, Action.READ_NOTE, PTA_DAILY, ALLOWED),  # the clinic's care team reads
    (OT, Action.WRITE_NOTE, NEW_EVAL, ALLOWED),
    (SLP, Action.COSIGN, None, ALLOWED),
    # Assistants: daily notes only; never co-sign.
    (PTA, Action.WRITE_NOTE, NEW_DAILY, ALLOWED),
    (PTA, Action.SIGN, PTA_DAILY, ALLOWED),
    (PTA, Action.WRITE_NOTE, NEW_EVAL, FORBIDDEN),
    (PTA, Action.SIGN, PT_EVAL, FORBIDDEN),
    (PTA, Action.COSIGN, PTA_SIGNED, FORBIDDEN),
    (PTA, Action.WRITE_PATIENT, None, FORBIDDEN),
    (
        who(R.OTA, 9),
        Action.WRITE_NOTE,
        Target(clinic_id=1, note_type=NoteType.DISCHARGE),
        FORBIDDEN,
    ),
    # Billers: signed notes, claims, exports; nothing written.
    (BILLER, Action.READ_NOTE, PTA_SIGNED, ALLOWED),
    (BILLER, Action.READ_NOTE, PTA_DAILY, FORBIDDEN),
    (BILLER, Action.READ_CLAIM, None, ALLOWED),
    (BILLER, Action.EXPORT, None, ALLOWED),
    (BILLER, Action.EXPORT, PTA_SIGNED, ALLOWED),
    (BILLER, Action.EXPORT, PTA_DAILY, FORBIDDEN),  # a draft is not for billing
    # Clinicians export their own notes and their assistants' (issue 13).
    (PTA, Action.EXPORT, PTA_DAILY, ALLOWED),
    (PT, Action.EXPORT, PTA_SIGNED, ALLOWED),  # the supervisor
    (OTHER, Action.EXPORT, PTA_SIGNED, FORBIDDEN),
    (ADMIN, Action.EXPORT, None, FORBIDDEN),
    (BILLER, Action.WRITE_NOTE, PTA_DAILY, FORBIDDEN),
    (BILLER, Action.SIGN, PTA_DAILY, FORBIDDEN),
    (BILLER, Action.READ_AUDIT, None, FORBIDDEN),
    # Admins: accounts and the audit trail, no clinical content.
    (ADMIN, Action.READ_AUDIT, None, ALLOWED),
    (ADMIN, Action.MANAGE_ACCOUNTS, None, ALLOWED),
    (ADMIN, Action.READ_NOTE, PTA_SIGNED, FORBIDDEN),
    (ADMIN, Action.READ_PATIENT, None, FORBIDDEN),
    (PT, Action.READ_AUDIT, None, FORBIDDEN),
    (PT, Action.MANAGE_ACCOUNTS, None, FORBIDDEN),
    # Everyone reads the reference (rules, schemas, the stateless bill).
    *[(p, Action.READ_REFERENCE, None, ALLOWED) for p in (PT, PTA, BILLER, ADMIN)],
    # Another clinic's record is not found, whatever the role would allow.
    (PT, Action.COSIGN, ELSEWHERE, NOT_FOUND),
    (BILLER, Action.READ_NOTE, ELSEWHERE, NOT_FOUND),
    (ADMIN, Action.READ_NOTE, ELSEWHERE, NOT_FOUND),  # 404 before the role's 403
]


@pytest.mark.parametrize(("principal", "action", "target", "expected"), CASES)
def test_policy(
    principal: Principal, action: Action, target: Target | None, expected: object
) -> None:
    assert access.allowed(principal, action, target) is (expected == ALLOWED)
    if expected == ALLOWED:
        access.require(principal, action, target)
    else:
        error = ForbiddenError if expected == FORBIDDEN else NotFoundError
        with pytest.raises(error):
            access.require(principal, action, target)


def test_every_action_has_a_row_in_the_role_table() -> None:
    assert set(access.ROLES) == set(Action)


def test_stored_note_targets(db: Database) -> None:
    s = seed(db)
    drafted = draft(db, s.pta)
    signed = signed_note(db, s.pt)
    target = access.note_target(db, drafted)
    assert (target.author_id, target.supervisor_id, target.signed) == (PTA_ID, PT_ID, False)
    assert target.note_type is NoteType.DAILY
    assert access.note_target(db, signed).signed is True
    access.require_note(db, PT, Action.WRITE_NOTE, drafted)
    with pytest.raises(ForbiddenError):
        access.require_note(db, BILLER, Action.READ_NOTE, drafted)
    access.require_note(db, BILLER, Action.READ_NOTE, signed)
    # Another clinic's user gets exactly what a missing note gives.
    stranger = who(R.PT, 99, clinic_id=2)
    with pytest.raises(NotFoundError) as theirs:
        access.require_note(db, stranger, Action.READ_NOTE, signed)
    with pytest.raises(NotFoundError) as missing:
        access.require_note(db, PT, Action.READ_NOTE, 999)
    assert str(theirs.value) == f"no note {signed}"
    assert str(missing.value) == "no note 999"


def test_clinic_and_patient_checks_are_the_principals_own_clinic(db: Database) -> None:
    s = seed(db)
    with db.transaction() as tx:
        home = tx.people.clinic_id()
        theirs = tx.people.clinic_id("b")
    mine = who(R.PT, PT_ID, clinic_id=home)
    assistant = who(R.PTA, PTA_ID, clinic_id=home)
    stranger = who(R.PT, 99, clinic_id=theirs)
    assert access.require_patient(db, mine, Action.READ_PATIENT, s.mrn) > 0
    access.require_in_clinic(mine, Action.WRITE_NOTE, note_type=NoteType.EVALUATION)
    with pytest.raises(ForbiddenError):
        access.require_in_clinic(assistant, Action.WRITE_NOTE, note_type=NoteType.EVALUATION)
    # Another clinic's user works in their own clinic, where this MRN does not exist.
    access.require_in_clinic(stranger, Action.WRITE_NOTE, note_type=NoteType.DAILY)
    with pytest.raises(NotFoundError) as other:
        access.require_patient(db, stranger, Action.READ_PATIENT, s.mrn)
    with pytest.raises(NotFoundError) as missing:
        access.require_patient(db, mine, Action.READ_PATIENT, "NO-SUCH-MRN")
    assert str(other.value) == str(missing.value)
    with pytest.raises(ForbiddenError):
        access.require_in_clinic(stranger, Action.READ_AUDIT)


def test_claims_scope_limits_clinicians_to_their_own_lines() -> None:
    assert access.claims_scope(BILLER) is None
    assert access.claims_scope(PT) == PT_ID
    assert access.claims_scope(who(R.PT, None)) == 0
