"""The queries behind a note's history: earlier signed notes, treatment days, signed spend.

Every figure is read from signatures, which hold the claim as signed with its date of
service and KX bucket, so the history never depends on a note's mutable status.
"""

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from assistant.domain.records import SignatureKind
from assistant.store.notes import SignedRevision
from assistant.store.tables import RevisionRow, SignatureRow

_SIGN = SignatureKind.SIGN.value


class HistoryRepo:
    def __init__(self, session: Session) -> None:
        self.s = session

    def signed_notes(
        self, patient_id: int, *, through: date, exclude_note: int | None, limit: int
    ) -> list[SignedRevision]:
        """The patient's newest signed notes dated on or before `through`, newest first."""
        query = (
            select(
                col(SignatureRow.sha256),
                col(RevisionRow.note_json),
                col(SignatureRow.date_of_service),
            )
            .join(RevisionRow, col(RevisionRow.id) == col(SignatureRow.revision_id))
            .where(
                SignatureRow.patient_id == patient_id,
                SignatureRow.kind == _SIGN,
                SignatureRow.date_of_service <= through,
            )
            .order_by(col(SignatureRow.date_of_service).desc(), col(SignatureRow.id).desc())
            .limit(limit)
        )
        if exclude_note is not None:
            query = query.where(SignatureRow.note_id != exclude_note)
        return [SignedRevision(sha, text, day) for sha, text, day in self.s.exec(query)]

    def last_report(
        self, patient_id: int, *, before: date, since: date | None, report_types: list[str]
    ) -> tuple[date, str] | None:
        """The latest signed evaluation/progress-type note before the day: (date, type)."""
        query = (
            select(col(SignatureRow.date_of_service), col(SignatureRow.note_type))
            .where(
                SignatureRow.patient_id == patient_id,
                SignatureRow.kind == _SIGN,
                SignatureRow.date_of_service < before,
                col(SignatureRow.note_type).in_(report_types),
            )
            .order_by(col(SignatureRow.date_of_service).desc(), col(SignatureRow.id).desc())
            .limit(1)
        )
        if since is not None:
            query = query.where(SignatureRow.date_of_service >= since)
        found = self.s.exec(query).first()
        return (found[0], found[1]) if found else None

    def treatment_dates(
        self, patient_id: int, *, start: date, through: date, exclude_note: int | None
    ) -> set[date]:
        query = (
            select(col(SignatureRow.date_of_service))
            .distinct()
            .where(
                SignatureRow.patient_id == patient_id,
                SignatureRow.kind == _SIGN,
                SignatureRow.date_of_service >= start,
                SignatureRow.date_of_service <= through,
            )
        )
        if exclude_note is not None:
            query = query.where(SignatureRow.note_id != exclude_note)
        return set(self.s.exec(query))

    def signed_allowed(
        self,
        clinic_id: int,
        patient_id: int,
        *,
        bucket: str,
        start: date,
        through: date,
        exclude_note: int | None,
    ) -> float:
        """This clinic's signed allowed amounts for the patient in [start, through]."""
        query = select(func.coalesce(func.sum(SignatureRow.allowed), 0.0)).where(
            SignatureRow.clinic_id == clinic_id,
            SignatureRow.patient_id == patient_id,
            SignatureRow.kind == _SIGN,
            SignatureRow.kx_bucket == bucket,
            SignatureRow.date_of_service >= start,
            SignatureRow.date_of_service <= through,
        )
        if exclude_note is not None:
            query = query.where(SignatureRow.note_id != exclude_note)
        return float(self.s.exec(query).one())
