"""The reads behind exports: a clinic's name, the signed claims of a date range, corrections.

The billing feed reads the claim exactly as it was stored at signing (and, for a corrected
claim, as stored with the addendum): nothing here recomputes a figure. Each range query is
one statement so that a month of a busy clinic's claims is read in a few round trips.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from assistant.domain.records import SignatureKind
from assistant.errors import NotFoundError
from assistant.store.tables import AddendumRow, Clinic, NoteRow, RevisionRow, SignatureRow

_SIGN = SignatureKind.SIGN.value


@dataclass(frozen=True, slots=True)
class SignedClaimRow:
    """One signed note of the range: the signature's facts, the claim and note as signed."""

    note_id: int
    status: str
    patient_id: int
    clinician_id: int
    date_of_service: date
    signed_at: datetime
    sha256: str
    claim_json: str
    note_json: str


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    """An addendum that changed a billed code, unit or modifier: its claim as recomputed then."""

    addendum_id: int
    note_id: int
    clinician_id: int
    created_at: datetime
    sha256: str
    claim_json: str
    note_json: str


class ExportRepo:
    def __init__(self, session: Session) -> None:
        self.s = session

    def clinic_name(self, clinic_id: int) -> str:
        row = self.s.get(Clinic, clinic_id)
        if row is None:
            raise NotFoundError(f"no clinic {clinic_id}")
        return row.name

    def signed_claims(
        self,
        clinic_id: int,
        *,
        start: date,
        end: date,
        clinician_id: int | None = None,
        note_id: int | None = None,
    ) -> Iterator[SignedClaimRow]:
        """Every signature (not co-signature) of the clinic dated start..end inclusive, in
        date-of-service then note order."""
        # Columns, not entities: a year of a clinic's claims is thousands of rows, and
        # building ORM objects for them costs more than the query.
        query = (
            sa_select(
                col(SignatureRow.note_id),
                col(NoteRow.status),
                col(SignatureRow.patient_id),
                col(SignatureRow.clinician_id),
                col(SignatureRow.date_of_service),
                col(SignatureRow.signed_at),
                col(SignatureRow.sha256),
                col(SignatureRow.claim_json),
                col(RevisionRow.note_json),
            )
            .join(RevisionRow, col(RevisionRow.id) == col(SignatureRow.revision_id))
            .join(NoteRow, col(NoteRow.id) == col(SignatureRow.note_id))
            .where(
                col(SignatureRow.clinic_id) == clinic_id,
                col(SignatureRow.kind) == _SIGN,
                col(SignatureRow.date_of_service) >= start,
                col(SignatureRow.date_of_service) <= end,
            )
            .order_by(col(SignatureRow.date_of_service), col(SignatureRow.note_id))
        )
        if clinician_id is not None:
            query = query.where(col(SignatureRow.clinician_id) == clinician_id)
        if note_id is not None:
            query = query.where(col(SignatureRow.note_id) == note_id)
        for row in self.s.connection().execute(query):
            yield SignedClaimRow(*row)

    def corrections(self, note_ids: list[int]) -> list[CorrectionRow]:
        """The corrected-claim addenda of these notes, oldest first."""
        if not note_ids:
            return []
        found: list[CorrectionRow] = []
        # Chunked: PostgreSQL and SQLite both cap the parameters of one statement.
        for offset in range(0, len(note_ids), 5000):
            chunk = note_ids[offset : offset + 5000]
            query = (
                select(AddendumRow)
                .where(col(AddendumRow.note_id).in_(chunk), col(AddendumRow.corrected_claim))
                .order_by(col(AddendumRow.id))
            )
            found.extend(
                CorrectionRow(
                    addendum_id=row.id or 0,
                    note_id=row.note_id,
                    clinician_id=row.clinician_id,
                    created_at=row.created_at,
                    sha256=row.sha256,
                    claim_json=row.corrected_claim_json,
                    note_json=row.corrected_note_json,
                )
                for row in self.s.exec(query)
            )
        return sorted(found, key=lambda c: c.addendum_id)
