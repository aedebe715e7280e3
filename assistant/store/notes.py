"""Notes, revisions, findings, acknowledgements and signatures: rows <-> domain records.

A note row carries the lifecycle (status, current revision); revisions are append-only.
`advance` is the optimistic lock: it moves the note only from the exact revision and status
the caller read, so of two racing writers exactly one succeeds. On PostgreSQL `note(...,
lock=True)` also takes the row lock, so a signer's checks and writes see no concurrent change.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select, update

from assistant.domain.billing import BillResult
from assistant.domain.findings import Finding
from assistant.domain.lifecycle import NoteStatus
from assistant.domain.note import Note
from assistant.domain.records import (
    AckKind,
    Acknowledgement,
    AddendumContent,
    AddendumRecord,
    ClinicianRecord,
    NoteState,
    SignatureKind,
    SignatureRecord,
)
from assistant.errors import ConflictError, NotFoundError
from assistant.store.ids import existing_id
from assistant.store.people import _id
from assistant.store.tables import (
    AcknowledgementRow,
    AddendumRow,
    FindingRow,
    NoteRow,
    RevisionRow,
    SignatureRow,
)


@dataclass(frozen=True, slots=True)
class StoredRevision:
    id: int
    number: int
    base_revision: int | None
    note_json: str
    claim_json: str
    author_id: int
    created_at: datetime

    @property
    def note(self) -> Note:
        return Note.model_validate_json(self.note_json)

    @property
    def claim(self) -> BillResult | None:
        if self.claim_json == "null":
            return None
        return BillResult.model_validate_json(self.claim_json)


@dataclass(frozen=True, slots=True)
class SignedClaim:
    sha256: str
    claim: BillResult | None


@dataclass(frozen=True, slots=True)
class SignedRevision:
    """A signed note as the history needs it: the hash names the content for caching."""

    sha256: str
    note_json: str
    date_of_service: date


def note_state(row: NoteRow) -> NoteState:
    return NoteState(
        id=_id(row.id),
        session_id=row.session_id,
        patient_id=row.patient_id,
        clinician_id=row.clinician_id,
        status=NoteStatus(row.status),
        revision=row.current_revision,
        requires_cosign=row.requires_cosign,
    )


class NoteRepo:
    def __init__(self, session: Session, *, postgres: bool) -> None:
        self.s = session
        self.postgres = postgres

    def create(
        self,
        clinic_id: int,
        *,
        session_id: int,
        patient_id: int,
        clinician_id: int,
        requires_cosign: bool,
        now: datetime,
    ) -> NoteState:
        row = NoteRow(
            clinic_id=clinic_id,
            session_id=session_id,
            patient_id=patient_id,
            clinician_id=clinician_id,
            status=NoteStatus.DRAFT.value,
            requires_cosign=requires_cosign,
            created_at=now,
        )
        self.s.add(row)
        self.s.flush()
        return note_state(row)

    def get(self, note_id: int, *, lock: bool = False) -> NoteState:
        query = select(NoteRow).where(NoteRow.id == existing_id(note_id, "note"))
        if lock:
            query = query.with_for_update()
        row = self.s.exec(query).first()
        if row is None:
            raise NotFoundError(f"no note {note_id}")
        return note_state(row)

    def clinic_of(self, note_id: int) -> int:
        row = self.s.get(NoteRow, existing_id(note_id, "note"))
        if row is None:
            raise NotFoundError(f"no note {note_id}")
        return row.clinic_id

    def advance(
        self,
        note_id: int,
        *,
        from_revision: int,
        from_status: NoteStatus,
        to_revision: int,
        to_status: NoteStatus,
    ) -> None:
        """Move the note on, only from the state the caller saw; otherwise a conflict."""
        stmt = (
            update(NoteRow)
            .where(
                col(NoteRow.id) == note_id,
                col(NoteRow.current_revision) == from_revision,
                col(NoteRow.status) == from_status.value,
            )
            .values(current_revision=to_revision, status=to_status.value)
        )
        # An ORM-enabled UPDATE: a NoteRow already loaded in this session is updated with it.
        if self.s.exec(stmt).rowcount != 1:
            raise ConflictError(
                f"note {note_id} changed meanwhile (it is no longer revision "
                f"{from_revision}, {from_status.value.replace('_', ' ')}); reload it"
            )

    def add_revision(
        self,
        note_id: int,
        *,
        number: int,
        base_revision: int | None,
        note: Note,
        claim: BillResult | None,
        findings: list[Finding],
        author_id: int,
        now: datetime,
    ) -> StoredRevision:
        row = RevisionRow(
            note_id=note_id,
            number=number,
            base_revision=base_revision,
            note_json=note.model_dump_json(),
            claim_json=claim.model_dump_json() if claim is not None else "null",
            author_id=author_id,
            created_at=now,
        )
        self.s.add(row)
        self.s.flush()
        revision_id = _id(row.id)
        self.s.add_all(
            FindingRow(
                revision_id=revision_id,
                rule=f.rule,
                severity=f.severity.value,
                path=f.path,
                element=f.element.value if f.element else None,
                message=f.message,
                hint=f.hint,
            )
            for f in findings
        )
        self.s.flush()
        return _revision(row)

    def revision(self, note_id: int, number: int) -> StoredRevision:
        query = select(RevisionRow).where(
            RevisionRow.note_id == existing_id(note_id, "note"),
            RevisionRow.number == existing_id(number, "revision"),
        )
        row = self.s.exec(query).first()
        if row is None:
            raise NotFoundError(f"note {note_id} has no revision {number}")
        return _revision(row)

    def findings(self, revision_id: int) -> list[Finding]:
        query = (
            select(FindingRow)
            .where(FindingRow.revision_id == revision_id)
            .order_by(col(FindingRow.id))
        )
        # Read back as stored (deserialised, not built: findings are built by the registry).
        return [
            Finding.model_validate(
                {
                    "rule": r.rule,
                    "severity": r.severity,
                    "message": r.message,
                    "path": r.path,
                    "element": r.element,
                    "hint": r.hint,
                }
            )
            for r in self.s.exec(query)
        ]

    def add_ack(
        self,
        revision_id: int,
        revision: int,
        *,
        rule: str,
        path: str,
        kind: AckKind,
        reason: str,
        clinician_id: int,
        now: datetime,
    ) -> Acknowledgement:
        existing = self.s.exec(
            select(AcknowledgementRow).where(
                AcknowledgementRow.revision_id == revision_id,
                AcknowledgementRow.rule == rule,
                AcknowledgementRow.path == path,
            )
        ).first()
        if existing is not None:
            raise ConflictError(f"{rule} at {path or '(note)'} is already {existing.kind}d")
        row = AcknowledgementRow(
            revision_id=revision_id,
            rule=rule,
            path=path,
            kind=kind.value,
            reason=reason,
            clinician_id=clinician_id,
            created_at=now,
        )
        self.s.add(row)
        self.s.flush()
        return _ack(row, revision)

    def acks(self, revision_id: int, revision: int) -> list[Acknowledgement]:
        query = (
            select(AcknowledgementRow)
            .where(AcknowledgementRow.revision_id == revision_id)
            .order_by(col(AcknowledgementRow.id))
        )
        return [_ack(r, revision) for r in self.s.exec(query)]

    def add_signature(
        self,
        state: NoteState,
        *,
        kind: SignatureKind,
        revision_id: int,
        signer: ClinicianRecord,
        sha256: str,
        note: Note,
        claim: BillResult | None,
        allowed: float,
        kx_bucket: str,
        now: datetime,
    ) -> None:
        self.s.add(
            SignatureRow(
                note_id=state.id,
                revision_id=revision_id,
                kind=kind.value,
                clinician_id=signer.id,
                name=signer.name,
                credentials=signer.credentials,
                signed_at=now,
                sha256=sha256,
                patient_id=state.patient_id,
                clinic_id=self.clinic_of(state.id),
                date_of_service=note.date_of_service,
                note_type=note.note_type.value,
                kx_bucket=kx_bucket,
                allowed=allowed,
                claim_json=claim.model_dump_json() if claim is not None else "null",
            )
        )
        self.s.flush()

    def signatures(self, note_id: int) -> list[SignatureRecord]:
        query = (
            select(SignatureRow, RevisionRow.number)
            .join(RevisionRow, col(RevisionRow.id) == col(SignatureRow.revision_id))
            .where(SignatureRow.note_id == note_id)
            .order_by(col(SignatureRow.id))
        )
        return [
            SignatureRecord(
                kind=SignatureKind(sig.kind),
                revision=number,
                clinician_id=sig.clinician_id,
                name=sig.name,
                credentials=sig.credentials,
                signed_at=sig.signed_at,
                sha256=sig.sha256,
            )
            for sig, number in self.s.exec(query)
        ]

    def signed(self, note_id: int) -> SignedClaim | None:
        """The note's signature (not a co-signature): its hash and the claim as signed."""
        query = select(SignatureRow).where(
            SignatureRow.note_id == note_id, SignatureRow.kind == SignatureKind.SIGN.value
        )
        row = self.s.exec(query).first()
        if row is None:
            return None
        claim = None if row.claim_json == "null" else BillResult.model_validate_json(row.claim_json)
        return SignedClaim(sha256=row.sha256, claim=claim)

    def add_addendum(self, content: AddendumContent, sha256: str) -> AddendumRecord:
        row = AddendumRow(**content.model_dump(exclude={"signed_sha256"}), sha256=sha256)
        self.s.add(row)
        self.s.flush()
        return _addendum(row)

    def addenda(self, note_id: int) -> list[AddendumRecord]:
        query = select(AddendumRow).where(AddendumRow.note_id == note_id)
        return [_addendum(r) for r in self.s.exec(query.order_by(col(AddendumRow.id)))]

    def signed_revisions(self) -> Iterator[tuple[int, str, int, str, str]]:
        """Every signature with the revision it covers: (note, kind, revision, hash, JSON)."""
        query = (
            select(SignatureRow, RevisionRow)
            .join(RevisionRow, col(RevisionRow.id) == col(SignatureRow.revision_id))
            .order_by(col(SignatureRow.id))
        )
        for sig, rev in self.s.exec(query):
            yield sig.note_id, sig.kind, rev.number, sig.sha256, rev.note_json

    def addendum_contents(self) -> Iterator[tuple[int, AddendumContent, str]]:
        """Every addendum as hashed: (id, content, stored hash)."""
        query = (
            select(AddendumRow, SignatureRow.sha256)
            .join(
                SignatureRow,
                (col(SignatureRow.note_id) == col(AddendumRow.note_id))
                & (col(SignatureRow.kind) == SignatureKind.SIGN.value),
            )
            .order_by(col(AddendumRow.id))
        )
        for row, signed in self.s.exec(query):
            content = AddendumContent.model_validate(
                {**row.model_dump(exclude={"id", "sha256"}), "signed_sha256": signed}
            )
            yield _id(row.id), content, row.sha256


def _addendum(row: AddendumRow) -> AddendumRecord:
    return AddendumRecord(
        id=_id(row.id),
        clinician_id=row.clinician_id,
        name=row.name,
        credentials=row.credentials,
        text=row.text,
        reason=row.reason,
        created_at=row.created_at,
        sha256=row.sha256,
        corrected_claim=row.corrected_claim,
    )


def _revision(row: RevisionRow) -> StoredRevision:
    return StoredRevision(
        id=_id(row.id),
        number=row.number,
        base_revision=row.base_revision,
        note_json=row.note_json,
        claim_json=row.claim_json,
        author_id=row.author_id,
        created_at=row.created_at,
    )


def _ack(row: AcknowledgementRow, revision: int) -> Acknowledgement:
    return Acknowledgement(
        revision=revision,
        rule=row.rule,
        path=row.path,
        kind=AckKind(row.kind),
        reason=row.reason,
        clinician_id=row.clinician_id,
        at=row.created_at,
    )
