"""The queries behind a note's history: earlier signed notes and the facts of every signature.

Every figure is read from signatures, which hold the claim as signed with its date of
service, note type and KX bucket, so the history never depends on a note's mutable status.
The statements are built once (bound parameters) because they run on every validation.
`version` is what a cached history is checked against: signatures and plans are never
updated or deleted, so their count and newest id change exactly when the history does.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from assistant.domain.records import PatientRecord, SignatureKind
from assistant.errors import NotFoundError
from assistant.store.ids import existing_id
from assistant.store.notes import SignedRevision
from assistant.store.people import patient_record
from assistant.store.tables import PatientRow, PlanRow, RevisionRow, SignatureRow, table

_SIGN = SignatureKind.SIGN.value
_NO_NOTE = -1  # stands for "exclude nothing" so one statement serves both cases

_signed = (
    col(SignatureRow.patient_id) == bindparam("patient"),
    col(SignatureRow.kind) == _SIGN,
    col(SignatureRow.date_of_service) <= bindparam("through"),
    col(SignatureRow.note_id) != bindparam("exclude"),
)
_NOTES = (
    select(col(SignatureRow.sha256), col(RevisionRow.note_json), col(SignatureRow.date_of_service))
    .join(RevisionRow, col(RevisionRow.id) == col(SignatureRow.revision_id))
    .where(*_signed)
    .order_by(col(SignatureRow.date_of_service).desc(), col(SignatureRow.id).desc())
    .limit(bindparam("limit"))
)
# Five columns: past sqlmodel's typed overloads, so plain SQLAlchemy Core runs it.
_FACTS = (
    sa_select(
        col(SignatureRow.date_of_service),
        col(SignatureRow.note_type),
        col(SignatureRow.clinic_id),
        col(SignatureRow.kx_bucket),
        col(SignatureRow.allowed),
    )
    .where(*_signed)
    .order_by(col(SignatureRow.date_of_service), col(SignatureRow.id))
)
_PLANS = (
    select(func.coalesce(func.max(PlanRow.id), 0))
    .where(col(PlanRow.patient_id) == bindparam("patient"))
    .scalar_subquery()
)
_VERSION = select(
    func.count(col(SignatureRow.id)), func.coalesce(func.max(SignatureRow.id), 0), _PLANS
).where(col(SignatureRow.patient_id) == bindparam("patient"))
_IMPORTS = table("reference_import")
# The same with the reference tables' version (ReferenceRepo.version) in one round trip:
# what a judged report is reused by.
_VERSIONS = sa_select(
    func.count(col(SignatureRow.id)),
    func.coalesce(func.max(SignatureRow.id), 0),
    _PLANS,
    sa_select(func.coalesce(func.max(_IMPORTS.c.id), 0)).scalar_subquery(),
).where(col(SignatureRow.patient_id) == bindparam("patient"))

# A patient's record with `_VERSIONS`' figures in the same row: judging a stored note reads
# both, and on PostgreSQL each statement is a round trip.
_SIGNED_BY_PATIENT = col(SignatureRow.patient_id) == bindparam("patient")
_PATIENT_TABLE = PatientRow.__table__  # type: ignore[attr-defined]
_PATIENT_VERSIONS = sa_select(
    _PATIENT_TABLE,
    sa_select(func.count(col(SignatureRow.id))).where(_SIGNED_BY_PATIENT).scalar_subquery(),
    sa_select(func.coalesce(func.max(SignatureRow.id), 0))
    .where(_SIGNED_BY_PATIENT)
    .scalar_subquery(),
    _PLANS,
    sa_select(func.coalesce(func.max(_IMPORTS.c.id), 0)).scalar_subquery(),
).where(_PATIENT_TABLE.c.id == bindparam("patient"))


@dataclass(frozen=True, slots=True)
class SignedFact:
    date_of_service: date
    note_type: str
    clinic_id: int
    kx_bucket: str
    allowed: float


def patient_versions(
    conn: Connection, patient_id: int
) -> tuple[PatientRecord, tuple[int, int, int], int]:
    """The patient's record with their history's version and the reference tables' version,
    in one statement: in a transaction, or on a bare lookup connection."""
    params = {"patient": existing_id(patient_id, "patient")}
    row = conn.execute(_PATIENT_VERSIONS, params).first()
    if row is None:
        raise NotFoundError(f"no patient {patient_id}")
    count, newest, plan, imported = row[-4:]
    history = (int(count or 0), int(newest or 0), int(plan or 0))
    return patient_record(row), history, int(imported or 0)


class HistoryRepo:
    def __init__(self, session: Session) -> None:
        self.s = session

    def version(self, patient_id: int) -> tuple[int, int, int]:
        found = self.s.connection().execute(_VERSION, {"patient": patient_id})
        count, newest, plan = found.one()
        return int(count or 0), int(newest or 0), int(plan or 0)

    def versions(self, patient_id: int) -> tuple[tuple[int, int, int], int]:
        """`version` and the reference tables' version, read together."""
        found = self.s.connection().execute(_VERSIONS, {"patient": patient_id})
        count, newest, plan, imported = found.one()
        return (int(count or 0), int(newest or 0), int(plan or 0)), int(imported or 0)

    def patient_versions(self, patient_id: int) -> tuple[PatientRecord, tuple[int, int, int], int]:
        """The patient's record with `versions`, in one statement."""
        return patient_versions(self.s.connection(), patient_id)

    def signed_notes(
        self, patient_id: int, *, through: date, exclude_note: int | None, limit: int
    ) -> list[SignedRevision]:
        """The patient's newest signed notes dated on or before `through`, newest first."""
        params = {
            "patient": patient_id,
            "through": through,
            "exclude": _NO_NOTE if exclude_note is None else exclude_note,
            "limit": limit,
        }
        rows = self.s.connection().execute(_NOTES, params)
        return [SignedRevision(sha, text, day) for sha, text, day in rows]

    def signed_facts(
        self, patient_id: int, *, through: date, exclude_note: int | None
    ) -> list[SignedFact]:
        """Every signature of the patient's notes up to the day, oldest first."""
        params = {
            "patient": patient_id,
            "through": through,
            "exclude": _NO_NOTE if exclude_note is None else exclude_note,
        }
        rows = self.s.connection().execute(_FACTS, params)
        return [SignedFact(*row) for row in rows]
