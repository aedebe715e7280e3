"""Clinics, clinicians, patients, plans of care and sessions: rows <-> domain records."""

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from assistant.domain.billing import Role, TimerSegment
from assistant.domain.canonical import canonical_json, sha256_of
from assistant.domain.context import PayerSettings, PlanOfCare
from assistant.domain.note import NoteType
from assistant.domain.records import (
    ClinicianRecord,
    PatientRecord,
    PlanRecord,
    SessionRecord,
    SessionStatus,
)
from assistant.errors import ConflictError, NotFoundError
from assistant.store.ids import existing_id
from assistant.store.tables import ClinicianRow, PatientRow, PlanRow, SessionRow, table

DEFAULT_CLINIC = "default"
_CLINIC, _CLINICIAN, _PATIENT, _PLAN, _SESSION = (
    table(n) for n in ("clinic", "clinician", "patient", "plan_of_care", "session")
)
# The lookups every lifecycle step makes, as prebuilt Core statements (see notes.py).
_CLINIC_BY_NAME = core_select(_CLINIC.c.id).where(_CLINIC.c.name == bindparam("name"))
_NEW_CLINIC = insert(_CLINIC).returning(_CLINIC.c.id)
_CLINICIAN_BY_EMAIL = core_select(_CLINICIAN).where(_CLINICIAN.c.email == bindparam("email"))
_CLINICIAN_BY_ID = core_select(_CLINICIAN).where(_CLINICIAN.c.id == bindparam("id"))
_PATIENT_BY_MRN = core_select(_PATIENT).where(
    _PATIENT.c.clinic_id == bindparam("clinic"), _PATIENT.c.mrn == bindparam("mrn")
)
_PATIENT_BY_ID = core_select(_PATIENT).where(_PATIENT.c.id == bindparam("id"))
_PLAN_FOR = (
    core_select(_PLAN.c.id, _PLAN.c.plan_json, _PLAN.c.frequency, _PLAN.c.requires_cosign)
    .where(_PLAN.c.patient_id == bindparam("patient"), _PLAN.c.first_treatment <= bindparam("day"))
    .order_by(_PLAN.c.first_treatment.desc(), _PLAN.c.id.desc())
    .limit(1)
)
_NEW_SESSION = insert(_SESSION).returning(_SESSION.c.id)
_MARK_SESSION = (
    update(_SESSION)
    .where(_SESSION.c.id == bindparam("session"))
    .values(status=bindparam("new_status"), failure=bindparam("new_failure"))
)


def _id(value: int | None) -> int:
    if value is None:  # only before a flush; every row read back has one
        raise RuntimeError("row has no id")
    return value


def clinician_record(row: Any) -> ClinicianRecord:
    """A clinician from an ORM row or a Core row (the same column names)."""
    return ClinicianRecord(
        id=_id(row.id),
        clinic_id=row.clinic_id,
        name=row.name,
        credentials=row.credentials,
        role=Role(row.role),
        email=row.email,
        npi=row.npi,
        supervisor_id=row.supervisor_id,
    )


def patient_record(row: Any) -> PatientRecord:
    return PatientRecord(
        id=_id(row.id),
        clinic_id=row.clinic_id,
        name=row.name,
        date_of_birth=row.date_of_birth,
        mrn=row.mrn,
        payer=PayerSettings.model_validate_json(row.payer_json),
        carried_in_pt_slp=row.carried_in_pt_slp,
        carried_in_ot=row.carried_in_ot,
        carried_in_year=row.carried_in_year,
    )


def session_record(row: SessionRow) -> SessionRecord:
    return SessionRecord(
        id=_id(row.id),
        patient_id=row.patient_id,
        clinician_id=row.clinician_id,
        raw_input=row.raw_input,
        timers=[TimerSegment.model_validate(t) for t in _timers(row.timers_json)],
        note_type=NoteType(row.note_type),
        date_of_service=row.date_of_service,
        backend=row.backend,
        status=SessionStatus(row.status),
        failure=row.failure,
    )


def _plan(row: PlanRow) -> PlanRecord:
    return PlanRecord(
        id=_id(row.id),
        patient_id=row.patient_id,
        plan=PlanOfCare.model_validate_json(row.plan_json),
        frequency=row.frequency,
        requires_cosign=row.requires_cosign,
    )


def _timers(text: str) -> list[dict[str, object]]:
    data = json.loads(text)
    return data if isinstance(data, list) else []


class PeopleRepo:
    def __init__(self, session: Session) -> None:
        self.s = session

    @property
    def c(self) -> Connection:
        return self.s.connection()

    def clinic_id(self, name: str = DEFAULT_CLINIC) -> int:
        """The clinic's id, creating it on first use (a single-clinic install never names one)."""
        found = self.c.execute(_CLINIC_BY_NAME, {"name": name}).scalar()
        if found is None:
            found = self.c.execute(_NEW_CLINIC, {"name": name}).scalar_one()
        return int(found)

    def add_clinician(
        self,
        clinic_id: int,
        *,
        name: str,
        credentials: str,
        role: Role,
        email: str,
        npi: str | None,
        supervisor_id: int | None,
    ) -> ClinicianRecord:
        if self.s.exec(select(ClinicianRow.id).where(ClinicianRow.email == email)).first():
            raise ConflictError(f"a clinician with email {email} already exists")
        row = ClinicianRow(
            clinic_id=clinic_id,
            name=name,
            credentials=credentials,
            role=role.value,
            email=email,
            npi=npi,
            supervisor_id=supervisor_id,
        )
        self.s.add(row)
        self.s.flush()
        return clinician_record(row)

    def clinician_by_email(self, email: str) -> ClinicianRecord:
        row = self.c.execute(_CLINICIAN_BY_EMAIL, {"email": email}).first()
        if row is None:
            raise NotFoundError(f"no clinician with email {email}")
        return clinician_record(row)

    def clinician(self, clinician_id: int) -> ClinicianRecord:
        found = self.c.execute(_CLINICIAN_BY_ID, {"id": existing_id(clinician_id, "clinician")})
        row = found.first()
        if row is None:
            raise NotFoundError(f"no clinician {clinician_id}")
        return clinician_record(row)

    def add_patient(
        self,
        clinic_id: int,
        *,
        name: str,
        date_of_birth: date,
        mrn: str,
        payer: PayerSettings,
        carried_in_pt_slp: float,
        carried_in_ot: float,
        carried_in_year: int,
    ) -> PatientRecord:
        taken = select(PatientRow.id).where(
            PatientRow.clinic_id == clinic_id, PatientRow.mrn == mrn
        )
        if self.s.exec(taken).first():
            raise ConflictError("a patient with this MRN already exists in the clinic")
        row = PatientRow(
            clinic_id=clinic_id,
            name=name,
            date_of_birth=date_of_birth,
            mrn=mrn,
            payer_json=payer.model_dump_json(),
            carried_in_pt_slp=carried_in_pt_slp,
            carried_in_ot=carried_in_ot,
            carried_in_year=carried_in_year,
        )
        self.s.add(row)
        self.s.flush()
        return patient_record(row)

    def patient_by_mrn(self, clinic_id: int, mrn: str) -> PatientRecord:
        row = self.c.execute(_PATIENT_BY_MRN, {"clinic": clinic_id, "mrn": mrn}).first()
        if row is None:
            # The MRN itself is a patient identifier: it stays out of the message.
            raise NotFoundError("no patient with that MRN in the clinic")
        return patient_record(row)

    def patient(self, patient_id: int) -> PatientRecord:
        found = self.c.execute(_PATIENT_BY_ID, {"id": existing_id(patient_id, "patient")})
        row = found.first()
        if row is None:
            raise NotFoundError(f"no patient {patient_id}")
        return patient_record(row)

    def patients(self, clinic_id: int, *, limit: int, offset: int) -> list[PatientRecord]:
        query = (
            select(PatientRow)
            .where(PatientRow.clinic_id == clinic_id)
            .order_by(col(PatientRow.id))
            .offset(offset)
            .limit(limit)
        )
        return [patient_record(r) for r in self.s.exec(query)]

    def plans(self, patient_id: int) -> list[PlanRecord]:
        query = select(PlanRow).where(PlanRow.patient_id == patient_id).order_by(col(PlanRow.id))
        return [_plan(row) for row in self.s.exec(query)]

    def add_plan(
        self,
        patient_id: int,
        plan: PlanOfCare,
        *,
        frequency: str,
        requires_cosign: bool,
        now: datetime,
    ) -> PlanRecord:
        row = PlanRow(
            patient_id=patient_id,
            first_treatment=plan.first_treatment,
            plan_json=plan.model_dump_json(),
            frequency=frequency,
            requires_cosign=requires_cosign,
            created_at=now,
        )
        self.s.add(row)
        self.s.flush()
        return PlanRecord(
            id=_id(row.id),
            patient_id=patient_id,
            plan=plan,
            frequency=frequency,
            requires_cosign=requires_cosign,
        )

    def plan_for(self, patient_id: int, day: date) -> PlanRecord | None:
        """The newest plan whose episode began on or before the day."""
        row = self.c.execute(_PLAN_FOR, {"patient": patient_id, "day": day}).first()
        if row is None:
            return None
        return PlanRecord(
            id=row.id,
            patient_id=patient_id,
            plan=PlanOfCare.model_validate_json(row.plan_json),
            frequency=row.frequency,
            requires_cosign=row.requires_cosign,
        )

    def add_session(
        self,
        clinic_id: int,
        *,
        patient_id: int,
        clinician_id: int,
        raw_input: str,
        timers: list[TimerSegment],
        note_type: NoteType,
        date_of_service: date,
        backend: str,
        status: SessionStatus,
        failure: str,
        now: datetime,
    ) -> SessionRecord:
        values = {
            "clinic_id": clinic_id,
            "patient_id": patient_id,
            "clinician_id": clinician_id,
            "raw_input": raw_input,
            "input_sha256": sha256_of(raw_input),
            "timers_json": canonical_json([t.model_dump(mode="json") for t in timers]),
            "note_type": note_type.value,
            "date_of_service": date_of_service,
            "backend": backend,
            "status": status.value,
            "failure": failure,
            "created_at": now,
        }
        session_id = self.c.execute(_NEW_SESSION, values).scalar_one()
        return SessionRecord(
            id=session_id,
            patient_id=patient_id,
            clinician_id=clinician_id,
            raw_input=raw_input,
            timers=timers,
            note_type=note_type,
            date_of_service=date_of_service,
            backend=backend,
            status=status,
            failure=failure,
        )

    def session(self, session_id: int) -> SessionRecord:
        row = self.s.get(SessionRow, existing_id(session_id, "session"))
        if row is None:
            raise NotFoundError(f"no session {session_id}")
        return session_record(row)

    def mark_session(self, session_id: int, status: SessionStatus, failure: str = "") -> None:
        params = {"session": existing_id(session_id, "session"), "new_status": status.value}
        if self.c.execute(_MARK_SESSION, {**params, "new_failure": failure}).rowcount != 1:
            raise NotFoundError(f"no session {session_id}")
