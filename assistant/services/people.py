"""Registering clinicians, patients and plans of care: one transaction and one audit event each.

Names, dates of birth and MRNs are patient identifiers: they are stored, but no message,
log line or audit event repeats them.
"""

import math
from datetime import date

from pydantic import ValidationError

from assistant.domain.billing import MAX_YTD_ALLOWED, Role
from assistant.domain.context import PayerSettings, PlanOfCare
from assistant.domain.note import Goal, GoalTerm
from assistant.domain.records import ClinicianRecord, PatientRecord, PlanRecord
from assistant.errors import ConflictError, InputError, NotFoundError
from assistant.services.audit import Action, now_utc, record
from assistant.store.db import Database
from assistant.store.repo import Tx

SYSTEM = "system"


MAX_FIELD = 200  # a name, an MRN or an email; the store and every page show them whole
BORN_AFTER = date(1900, 1, 1)


def _plain(value: str, what: str) -> None:
    """Refuse a field no person's record holds: control characters (PostgreSQL refuses a
    NUL outright) or a length no form shows."""
    if len(value) > MAX_FIELD:
        raise InputError(f"{what} is longer than {MAX_FIELD} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InputError(f"{what} holds a control character (a tab, newline or NUL)")


def add_clinician(
    db: Database,
    *,
    name: str,
    credentials: str,
    role: Role,
    email: str,
    npi: str | None = None,
    supervisor_email: str | None = None,
    actor: str = SYSTEM,
    clinic: str | None = None,
) -> ClinicianRecord:
    """`clinic`: the clinic's name (created on first use); a single-clinic install names none."""
    email = email.strip().lower()
    if "@" not in email or not name.strip() or not credentials.strip():
        raise InputError("a clinician needs a name, credentials and an email address")
    for what, value in (("name", name), ("credentials", credentials), ("email", email)):
        _plain(value, f"the clinician's {what}")
    if npi is not None:
        _plain(npi, "the clinician's NPI")
    with db.transaction() as tx:
        clinic_id = tx.people.clinic_id(clinic) if clinic else tx.people.clinic_id()
        supervisor_id = None
        if supervisor_email:
            supervisor = tx.people.clinician_by_email(supervisor_email.strip().lower())
            needed = role.supervisor
            if supervisor.clinic_id != clinic_id:
                raise ConflictError("a supervisor works in the same clinic as their assistant")
            if needed is None or supervisor.role is not needed:
                raise ConflictError(
                    f"a {role} cannot be supervised by a {supervisor.role}: "
                    "only a PTA (by a PT) or an OTA (by an OT) has a supervisor"
                )
            supervisor_id = supervisor.id
        found = tx.people.add_clinician(
            clinic_id,
            name=name.strip(),
            credentials=credentials.strip(),
            role=role,
            email=email,
            npi=npi,
            supervisor_id=supervisor_id,
        )
        record(tx, actor, Action.CREATE, detail=f"clinician {found.id}")
        return found


def add_patient(
    db: Database,
    *,
    name: str,
    date_of_birth: date,
    mrn: str,
    payer: PayerSettings | None = None,
    carried_in: float = 0.0,
    carried_in_ot: float = 0.0,
    carried_in_year: int | None = None,
    actor: str = SYSTEM,
    clinic_id: int | None = None,
) -> PatientRecord:
    """`clinic_id`: the caller's clinic (a single-clinic install names none)."""
    if not name.strip() or not mrn.strip():
        raise InputError("a patient needs a name and an MRN")
    _plain(name, "the patient's name")
    _plain(mrn, "the patient's MRN")
    if not BORN_AFTER <= date_of_birth <= now_utc().date():
        raise InputError(
            f"date of birth {date_of_birth} is not possible: it must be on or after "
            f"{BORN_AFTER} and not in the future"
        )
    _carried_in(carried_in, carried_in_ot, carried_in_year)
    with db.transaction() as tx:
        found = tx.people.add_patient(
            clinic_id or tx.people.clinic_id(),
            name=name.strip(),
            date_of_birth=date_of_birth,
            mrn=mrn.strip(),
            payer=payer or PayerSettings(),
            carried_in_pt_slp=carried_in,
            carried_in_ot=carried_in_ot,
            carried_in_year=carried_in_year or now_utc().year,
        )
        record(tx, actor, Action.CREATE, detail=f"patient {found.id}")
        return found


def _carried_in(pt_slp: float, ot: float, year: int | None) -> None:
    """The spend carried in from before ptscribe: the one rule for the CLI, the API and the
    pages. A year ahead is allowed (a clinic registers January's patients in December)."""
    for what, value in (("PT and SLP", pt_slp), ("OT", ot)):
        if not math.isfinite(value) or not 0 <= value <= MAX_YTD_ALLOWED:
            raise InputError(
                f"the {what} amount carried in must be between 0 and {MAX_YTD_ALLOWED:,.0f} USD"
            )
    if year is not None and not 2000 <= year <= now_utc().year + 1:
        raise InputError(f"the carried-in year {year} is not a plausible year")


def add_plan(
    db: Database,
    *,
    mrn: str | None = None,
    patient_id: int | None = None,
    clinic_id: int | None = None,
    first_treatment: date,
    certified_through: date | None = None,
    certified: bool = False,
    goals: list[str] | None = None,
    frequency: str = "",
    requires_cosign: bool = False,
    actor: str = SYSTEM,
) -> PlanRecord:
    """For the patient named by MRN or by id, in the caller's clinic."""
    if (mrn is None) == (patient_id is None):
        raise InputError("name the patient by MRN or by id")
    try:
        plan = PlanOfCare(
            first_treatment=first_treatment,
            certified=certified or certified_through is not None,
            certified_through=certified_through,
            goals=[
                Goal(id=f"G{i}", text=text.strip(), term=GoalTerm.LONG)
                for i, text in enumerate(goals or [], start=1)
            ],
        )
    except ValidationError as exc:
        raise InputError(f"invalid plan of care: {exc.errors()[0]['msg']}") from exc
    if certified_through is not None and certified_through < first_treatment:
        raise InputError("the certified period ends before the first treatment")
    with db.transaction() as tx:
        clinic = clinic_id or tx.people.clinic_id()
        if patient_id is not None:
            patient = _in_clinic(tx, clinic, patient_id)
        else:
            patient = tx.people.patient_by_mrn(clinic, (mrn or "").strip())
        found = tx.people.add_plan(
            patient.id,
            plan,
            frequency=frequency,
            requires_cosign=requires_cosign,
            now=now_utc(),
        )
        record(tx, actor, Action.CREATE, detail=f"plan {found.id} for patient {patient.id}")
        return found


def _in_clinic(tx: Tx, clinic_id: int, patient_id: int) -> PatientRecord:
    found = tx.people.patient(patient_id)
    # Another clinic's patient is not there for this caller: the same answer as no patient.
    if found.clinic_id != clinic_id:
        raise NotFoundError(f"no patient {patient_id}")
    return found


def patients(
    db: Database, *, clinic_id: int, limit: int = 100, offset: int = 0
) -> list[PatientRecord]:
    with db.transaction() as tx:
        return tx.people.patients(clinic_id, limit=limit, offset=offset)


def patient(db: Database, patient_id: int, *, clinic_id: int) -> PatientRecord:
    with db.transaction() as tx:
        return _in_clinic(tx, clinic_id, patient_id)


def plans(db: Database, patient_id: int, *, clinic_id: int) -> list[PlanRecord]:
    with db.transaction() as tx:
        return tx.people.plans(_in_clinic(tx, clinic_id, patient_id).id)
