"""Read-only lists for the screens people work from: worklists, queues, a patient's chart, the
audit trail. Each list is one query with a bound, joined so a screen never loops over rows;
nothing here writes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import Select

from assistant.domain.lifecycle import NoteStatus
from assistant.domain.records import AuditEvent, PatientRecord, SessionStatus
from assistant.store.audit import event_record, in_clinic
from assistant.store.people import _id, patient_record
from assistant.store.tables import (
    AuditEventRow,
    ClinicianRow,
    NoteRow,
    PatientRow,
    RevisionRow,
    SessionRow,
    SignatureRow,
)

MAX_ROWS = 500


@dataclass(frozen=True, slots=True)
class NoteItem:
    """One note as a list shows it: enough to pick it, never its content."""

    note_id: int
    patient_id: int
    patient_name: str
    clinician_id: int
    clinician_name: str
    note_type: str
    date_of_service: date
    status: NoteStatus
    revision: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SessionItem:
    session_id: int
    patient_id: int
    patient_name: str
    note_type: str
    date_of_service: date
    status: SessionStatus
    failure: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    note_id: int | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 200


_NoteRows = Select[NoteRow, SessionRow, str, str]


def _note_query() -> _NoteRows:
    return (
        select(NoteRow, SessionRow, col(PatientRow.name), col(ClinicianRow.name))
        .join(SessionRow, col(SessionRow.id) == NoteRow.session_id)
        .join(PatientRow, col(PatientRow.id) == NoteRow.patient_id)
        .join(ClinicianRow, col(ClinicianRow.id) == NoteRow.clinician_id)
    )


def _items(rows: Iterable[tuple[NoteRow, SessionRow, str, str]]) -> list[NoteItem]:
    found: list[NoteItem] = []
    for note, session, patient_name, clinician_name in rows:
        found.append(
            NoteItem(
                note_id=_id(note.id),
                patient_id=note.patient_id,
                patient_name=patient_name,
                clinician_id=note.clinician_id,
                clinician_name=clinician_name,
                note_type=session.note_type,
                date_of_service=session.date_of_service,
                status=NoteStatus(note.status),
                revision=note.current_revision,
                created_at=note.created_at,
            )
        )
    return found


class ListingRepo:
    def __init__(self, session: Session) -> None:
        self.s = session

    def notes_of(
        self, clinic_id: int, clinician_id: int, statuses: list[NoteStatus]
    ) -> list[NoteItem]:
        query = (
            _note_query()
            .where(
                NoteRow.clinic_id == clinic_id,
                NoteRow.clinician_id == clinician_id,
                col(NoteRow.status).in_([s.value for s in statuses]),
            )
            .order_by(col(NoteRow.id).desc())
            .limit(MAX_ROWS)
        )
        return _items(self.s.exec(query))

    def awaiting_cosign(self, clinic_id: int, supervisor_id: int | None) -> list[NoteItem]:
        """Assistants' notes waiting for a co-signature; only the supervisor's own when given."""
        query = _note_query().where(
            NoteRow.clinic_id == clinic_id, NoteRow.status == NoteStatus.AWAITING_COSIGN.value
        )
        if supervisor_id is not None:
            query = query.where(ClinicianRow.supervisor_id == supervisor_id)
        return _items(self.s.exec(query.order_by(col(NoteRow.id)).limit(MAX_ROWS)))

    def signed_between(
        self, clinic_id: int, clinician_id: int, start: datetime, end: datetime
    ) -> list[NoteItem]:
        """Notes this clinician signed or co-signed in [start, end)."""
        signed = select(SignatureRow.note_id).where(
            SignatureRow.clinician_id == clinician_id,
            col(SignatureRow.signed_at) >= start,
            col(SignatureRow.signed_at) < end,
        )
        query = (
            _note_query()
            .where(NoteRow.clinic_id == clinic_id, col(NoteRow.id).in_(signed))
            .order_by(col(NoteRow.id).desc())
            .limit(MAX_ROWS)
        )
        return _items(self.s.exec(query))

    def notes_in(self, clinic_id: int, statuses: list[NoteStatus]) -> list[NoteItem]:
        query = (
            _note_query()
            .where(
                NoteRow.clinic_id == clinic_id, col(NoteRow.status).in_([s.value for s in statuses])
            )
            .order_by(col(SessionRow.date_of_service).desc(), col(NoteRow.id).desc())
            .limit(MAX_ROWS)
        )
        return _items(self.s.exec(query))

    def notes_of_patient(self, clinic_id: int, patient_id: int) -> list[NoteItem]:
        query = (
            _note_query()
            .where(NoteRow.clinic_id == clinic_id, NoteRow.patient_id == patient_id)
            .order_by(col(SessionRow.date_of_service).desc(), col(NoteRow.id).desc())
            .limit(MAX_ROWS)
        )
        return _items(self.s.exec(query))

    def signed_notes_json(self, patient_id: int) -> list[tuple[date, str]]:
        """The patient's signed revisions (first signature of each note), oldest first."""
        first = (
            select(func.min(SignatureRow.id))
            .where(SignatureRow.patient_id == patient_id)
            .group_by(col(SignatureRow.note_id))
        )
        query = (
            select(col(SignatureRow.date_of_service), col(RevisionRow.note_json))
            .join(RevisionRow, col(RevisionRow.id) == SignatureRow.revision_id)
            .where(col(SignatureRow.id).in_(first))
            .order_by(col(SignatureRow.date_of_service), col(SignatureRow.id))
            .limit(MAX_ROWS)
        )
        return [(day, text) for day, text in self.s.exec(query)]

    def undrafted_sessions(self, clinic_id: int, clinician_id: int) -> list[SessionItem]:
        query = (
            select(SessionRow, PatientRow.name)
            .join(PatientRow, col(PatientRow.id) == SessionRow.patient_id)
            .where(
                SessionRow.clinic_id == clinic_id,
                SessionRow.clinician_id == clinician_id,
                SessionRow.status != SessionStatus.DRAFTED.value,
            )
            .order_by(col(SessionRow.id).desc())
            .limit(MAX_ROWS)
        )
        return [
            SessionItem(
                session_id=_id(row.id),
                patient_id=row.patient_id,
                patient_name=name,
                note_type=row.note_type,
                date_of_service=row.date_of_service,
                status=SessionStatus(row.status),
                failure=row.failure,
                created_at=row.created_at,
            )
            for row, name in self.s.exec(query)
        ]

    def patients(self, clinic_id: int) -> list[PatientRecord]:
        query = (
            select(PatientRow)
            .where(PatientRow.clinic_id == clinic_id)
            .order_by(col(PatientRow.name), col(PatientRow.id))
            .limit(MAX_ROWS)
        )
        return [patient_record(row) for row in self.s.exec(query)]

    def audit_events(self, which: AuditFilter, clinic_id: int) -> list[AuditEvent]:
        """One clinic's newest events first, filtered; the chain itself is checked by
        audit.verify."""
        query = in_clinic(select(AuditEventRow), clinic_id)
        if which.actor:
            query = query.where(AuditEventRow.actor == which.actor.strip().lower())
        if which.action:
            query = query.where(AuditEventRow.action == which.action)
        if which.note_id is not None:
            query = query.where(AuditEventRow.note_id == which.note_id)
        if which.since is not None:
            query = query.where(col(AuditEventRow.at) >= datetime.combine(which.since, _MIDNIGHT))
        if which.until is not None:
            query = query.where(col(AuditEventRow.at) < _day_after(which.until))
        query = query.order_by(col(AuditEventRow.seq).desc()).limit(min(which.limit, MAX_ROWS))
        return [event_record(row) for row in self.s.exec(query)]


_MIDNIGHT = time(0, tzinfo=UTC)


def _day_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), _MIDNIGHT)
