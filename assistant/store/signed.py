"""The signed record: signatures, co-signatures and addenda, append-only (the database's
triggers refuse an UPDATE or DELETE of them); kept apart from the working note in notes.py.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, insert, select
from sqlmodel import Session, col
from sqlmodel import select as sm_select

from assistant.domain.billing import BillResult
from assistant.domain.note import Note
from assistant.domain.records import (
    AddendumContent,
    AddendumRecord,
    ClinicianRecord,
    NoteState,
    SignatureKind,
    SignatureRecord,
)
from assistant.store.people import _id
from assistant.store.tables import AddendumRow, RevisionRow, SignatureRow, table


@dataclass(frozen=True, slots=True)
class SignedClaim:
    sha256: str
    claim: BillResult | None


_REV, _SIG = table("revision"), table("signature")
_NEW_SIGNATURE = insert(_SIG)
_SIGNATURES = (
    select(
        _SIG.c.kind,
        _REV.c.number,
        _SIG.c.clinician_id,
        _SIG.c.name,
        _SIG.c.credentials,
        _SIG.c.signed_at,
        _SIG.c.sha256,
    )
    .join(_REV, _REV.c.id == _SIG.c.revision_id)
    .where(_SIG.c.note_id == bindparam("note"))
    .order_by(_SIG.c.id)
)
_SIGNED = select(_SIG.c.sha256, _SIG.c.claim_json).where(
    _SIG.c.note_id == bindparam("note"), _SIG.c.kind == SignatureKind.SIGN.value
)


class SignedRecords:
    def __init__(self, session: Session, *, postgres: bool) -> None:
        self.s = session
        self.postgres = postgres

    @property
    def c(self) -> Connection:
        return self.s.connection()

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
        self.c.execute(
            _NEW_SIGNATURE,
            {
                "note_id": state.id,
                "revision_id": revision_id,
                "kind": kind.value,
                "clinician_id": signer.id,
                "name": signer.name,
                "credentials": signer.credentials,
                "signed_at": now,
                "sha256": sha256,
                "patient_id": state.patient_id,
                "clinic_id": state.clinic_id,
                "date_of_service": note.date_of_service,
                "note_type": note.note_type.value,
                "kx_bucket": kx_bucket,
                "allowed": allowed,
                "claim_json": claim.model_dump_json() if claim is not None else "null",
            },
        )

    def signatures(self, note_id: int) -> list[SignatureRecord]:
        return [
            SignatureRecord(
                kind=SignatureKind(r.kind),
                revision=r.number,
                clinician_id=r.clinician_id,
                name=r.name,
                credentials=r.credentials,
                signed_at=r.signed_at,
                sha256=r.sha256,
            )
            for r in self.c.execute(_SIGNATURES, {"note": note_id})
        ]

    def signed(self, note_id: int) -> SignedClaim | None:
        """The note's signature (not a co-signature): its hash and the claim as signed."""
        row = self.c.execute(_SIGNED, {"note": note_id}).first()
        if row is None:
            return None
        claim_json = row.claim_json
        claim = None if claim_json == "null" else BillResult.model_validate_json(claim_json)
        return SignedClaim(sha256=row.sha256, claim=claim)

    def add_addendum(self, content: AddendumContent, sha256: str) -> AddendumRecord:
        row = AddendumRow(**content.model_dump(exclude={"signed_sha256"}), sha256=sha256)
        self.s.add(row)
        self.s.flush()
        return _addendum(row)

    def addenda(self, note_id: int) -> list[AddendumRecord]:
        query = sm_select(AddendumRow).where(AddendumRow.note_id == note_id)
        return [_addendum(r) for r in self.s.exec(query.order_by(col(AddendumRow.id)))]

    def signed_revisions(self) -> Iterator[tuple[int, str, int, str, str]]:
        """Every signature with the revision it covers: (note, kind, revision, hash, JSON)."""
        query = (
            sm_select(SignatureRow, RevisionRow)
            .join(RevisionRow, col(RevisionRow.id) == col(SignatureRow.revision_id))
            .order_by(col(SignatureRow.id))
        )
        for sig, rev in self.s.exec(query):
            yield sig.note_id, sig.kind, rev.number, sig.sha256, rev.note_json

    def addendum_contents(self) -> Iterator[tuple[int, AddendumContent, str]]:
        """Every addendum as hashed: (id, content, stored hash)."""
        query = (
            sm_select(AddendumRow, SignatureRow.sha256)
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
