"""Notes, revisions, findings and acknowledgements: rows <-> domain records (signatures and
addenda, the signed record, are in signed.py).

A note row carries the lifecycle (status, current revision); revisions are append-only.
`advance` is the optimistic lock: it moves the note only from the exact revision and status
the caller read, so of two racing writers exactly one succeeds. On PostgreSQL `note(...,
lock=True)` also takes the row lock, so a signer's checks and writes see no concurrent change.
"""

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy import update as sa_update
from sqlmodel import col
from sqlmodel import select as sm_select

from assistant.domain.billing import BillResult
from assistant.domain.findings import Finding
from assistant.domain.lifecycle import NoteStatus
from assistant.domain.note import Note, NoteType
from assistant.domain.records import (
    AckKind,
    Acknowledgement,
    NoteState,
    NoteSummary,
)
from assistant.errors import ConflictError, NotFoundError
from assistant.store.ids import MAX_ROW_ID, existing_id
from assistant.store.people import _id
from assistant.store.signed import SignedRecords
from assistant.store.tables import (
    NoteRow,
    SessionRow,
    table,
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
        return parsed_note(self.note_json)

    @property
    def claim(self) -> BillResult | None:
        if self.claim_json == "null":
            return None
        return BillResult.model_validate_json(self.claim_json)


@dataclass(frozen=True, slots=True)
class SignedRevision:
    """A signed note as the history needs it: the hash names the content for caching."""

    sha256: str
    note_json: str
    date_of_service: date


_NOTE, _REV, _FINDING, _ACK = (table(n) for n in ("note", "revision", "finding", "acknowledgement"))
# Prebuilt Core statements with bound parameters: compiled once, then served from
# SQLAlchemy's cache; rows come back as tuples, with no unit of work to flush.
STATE_COLUMNS = (
    _NOTE.c.id,
    _NOTE.c.clinic_id,
    _NOTE.c.session_id,
    _NOTE.c.patient_id,
    _NOTE.c.clinician_id,
    _NOTE.c.status,
    _NOTE.c.current_revision,
    _NOTE.c.requires_cosign,
)
_GET = select(*STATE_COLUMNS).where(_NOTE.c.id == bindparam("id"))
_GET_LOCKED = _GET.with_for_update()
_NEW_NOTE = insert(_NOTE).returning(_NOTE.c.id)
_ADVANCE = (
    sa_update(_NOTE)
    .where(
        _NOTE.c.id == bindparam("note"),
        _NOTE.c.current_revision == bindparam("from_revision"),
        _NOTE.c.status == bindparam("from_status"),
    )
    .values(current_revision=bindparam("to_revision"), status=bindparam("to_status"))
)
_REV_COLUMNS = (
    _REV.c.id,
    _REV.c.number,
    _REV.c.base_revision,
    _REV.c.note_json,
    _REV.c.claim_json,
    _REV.c.author_id,
    _REV.c.created_at,
)
# A revision's columns beside a note's, each labelled rev_<name>: read back by `revision_of`.
REVISION_COLUMNS = tuple(c.label(f"rev_{c.name}") for c in _REV_COLUMNS)


def revision_of(row: Any) -> StoredRevision:
    # By attribute: a SQLAlchemy row and a direct one (store/direct.py) alike.
    return StoredRevision(*(getattr(row, f"rev_{c.name}") for c in _REV_COLUMNS))


# A note with its current revision in one round trip; the lock is the note row's only.
_GET_CURRENT = (
    select(*STATE_COLUMNS, *REVISION_COLUMNS)
    .select_from(
        _NOTE.outerjoin(
            _REV, (_REV.c.note_id == _NOTE.c.id) & (_REV.c.number == _NOTE.c.current_revision)
        )
    )
    .where(_NOTE.c.id == bindparam("id"))
)
_GET_CURRENT_LOCKED = _GET_CURRENT.with_for_update(of=_NOTE)
_NEW_REVISION = insert(_REV).returning(_REV.c.id)
_NEW_FINDING = insert(_FINDING)
_REVISION = select(*_REV_COLUMNS).where(
    _REV.c.note_id == bindparam("note"), _REV.c.number == bindparam("number")
)
_FINDINGS = (
    select(
        _FINDING.c.rule,
        _FINDING.c.severity,
        _FINDING.c.message,
        _FINDING.c.path,
        _FINDING.c.element,
        _FINDING.c.hint,
    )
    .where(_FINDING.c.revision_id == bindparam("revision"))
    .order_by(_FINDING.c.id)
)
_ACK_COLUMNS = (
    _ACK.c.rule,
    _ACK.c.path,
    _ACK.c.kind,
    _ACK.c.reason,
    _ACK.c.clinician_id,
    _ACK.c.created_at,
)
_ACKS = select(*_ACK_COLUMNS).where(_ACK.c.revision_id == bindparam("revision")).order_by(_ACK.c.id)
_ACKED = select(_ACK.c.kind).where(
    _ACK.c.revision_id == bindparam("revision"),
    _ACK.c.rule == bindparam("rule"),
    _ACK.c.path == bindparam("path"),
)
_NEW_ACK = insert(_ACK)
# Revisions are immutable once written, so a parsed document is reused by its exact text.
_PARSED_MAX = 2048
_parsed: OrderedDict[str, Note] = OrderedDict()


def parsed_note(text: str) -> Note:
    """The Note of a stored JSON text, parsed once per distinct text (the cache is keyed by
    the text itself, so changed bytes can never return a stale document)."""
    found = _parsed.get(text)
    if found is None:
        found = Note.model_validate_json(text)
        _parsed[text] = found
        if len(_parsed) > _PARSED_MAX:
            _parsed.popitem(last=False)
    else:
        _parsed.move_to_end(text)
    return found


def note_state(row: Any) -> NoteState:
    return NoteState(
        id=row.id,
        clinic_id=row.clinic_id,
        session_id=row.session_id,
        patient_id=row.patient_id,
        clinician_id=row.clinician_id,
        status=NoteStatus(row.status),
        revision=row.current_revision,
        requires_cosign=bool(row.requires_cosign),
    )


class NoteRepo(SignedRecords):
    """The working note: rows, revisions, findings and acknowledgements (the signed record
    it inherits lives in assistant/store/signed.py)."""

    def create(
        self,
        clinic_id: int,
        *,
        session_id: int,
        patient_id: int,
        clinician_id: int,
        requires_cosign: bool,
        now: datetime,
        status: NoteStatus = NoteStatus.DRAFT,
        revision: int = 0,
    ) -> NoteState:
        """A new note row; a caller that writes its first revision in the same transaction
        may create it at that revision and status directly."""
        values = {
            "clinic_id": clinic_id,
            "session_id": session_id,
            "patient_id": patient_id,
            "clinician_id": clinician_id,
            "status": status.value,
            "current_revision": revision,
            "requires_cosign": requires_cosign,
            "created_at": now,
        }
        note_id = self.c.execute(_NEW_NOTE, values).scalar_one()
        return NoteState(
            id=note_id,
            clinic_id=clinic_id,
            session_id=session_id,
            patient_id=patient_id,
            clinician_id=clinician_id,
            status=status,
            revision=revision,
            requires_cosign=requires_cosign,
        )

    def get(self, note_id: int, *, lock: bool = False) -> NoteState:
        query = _GET_LOCKED if lock else _GET
        row = self.c.execute(query, {"id": existing_id(note_id, "note")}).first()
        if row is None:
            raise NotFoundError(f"no note {note_id}")
        return note_state(row)

    def current(
        self, note_id: int, *, lock: bool = False
    ) -> tuple[NoteState, StoredRevision | None]:
        """The note and its current revision (None before the first), read together."""
        query = _GET_CURRENT_LOCKED if lock else _GET_CURRENT
        row = self.c.execute(query, {"id": existing_id(note_id, "note")}).first()
        if row is None:
            raise NotFoundError(f"no note {note_id}")
        if row.rev_id is None:
            return note_state(row), None
        return note_state(row), revision_of(row)

    def summaries(
        self,
        clinic_id: int,
        *,
        note_id: int | None = None,
        patient_id: int | None = None,
        statuses: tuple[NoteStatus, ...] = (),
        limit: int = 100,
        offset: int = 0,
    ) -> list[NoteSummary]:
        """The clinic's notes, newest first (the co-sign queue is ListingRepo.awaiting_cosign)."""
        named = (i for i in (note_id, patient_id) if i is not None)
        if any(not 1 <= i <= MAX_ROW_ID for i in named):
            return []  # no row carries an id past the key columns' range
        query = (
            sm_select(NoteRow, col(SessionRow.note_type), col(SessionRow.date_of_service))
            .join(SessionRow, col(SessionRow.id) == col(NoteRow.session_id))
            .where(NoteRow.clinic_id == clinic_id)
        )
        if note_id is not None:
            query = query.where(NoteRow.id == note_id)
        if patient_id is not None:
            query = query.where(NoteRow.patient_id == patient_id)
        if statuses:
            query = query.where(col(NoteRow.status).in_([s.value for s in statuses]))
        query = query.order_by(col(NoteRow.id).desc()).offset(offset).limit(limit)
        return [
            NoteSummary(
                id=_id(row.id),
                clinic_id=row.clinic_id,
                patient_id=row.patient_id,
                clinician_id=row.clinician_id,
                status=NoteStatus(row.status),
                revision=row.current_revision,
                note_type=NoteType(note_type),
                date_of_service=day,
                requires_cosign=row.requires_cosign,
            )
            for row, note_type, day in self.s.exec(query)
        ]

    def clinic_of(self, note_id: int) -> int:
        return self.get(note_id).clinic_id

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
        params = {
            "note": note_id,
            "from_revision": from_revision,
            "from_status": from_status.value,
            "to_revision": to_revision,
            "to_status": to_status.value,
        }
        if self.c.execute(_ADVANCE, params).rowcount != 1:
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
        note_json = note.model_dump_json()
        claim_json = claim.model_dump_json() if claim is not None else "null"
        values = {
            "note_id": note_id,
            "number": number,
            "base_revision": base_revision,
            "note_json": note_json,
            "claim_json": claim_json,
            "author_id": author_id,
            "created_at": now,
        }
        revision_id = self.c.execute(_NEW_REVISION, values).scalar_one()
        if findings:
            self.c.execute(
                _NEW_FINDING,
                [
                    {
                        "revision_id": revision_id,
                        "rule": f.rule,
                        "severity": f.severity.value,
                        "path": f.path,
                        "element": f.element.value if f.element else None,
                        "message": f.message,
                        "hint": f.hint,
                    }
                    for f in findings
                ],
            )
        _parsed[note_json] = note  # what was just written is what a reader will parse
        return StoredRevision(
            revision_id, number, base_revision, note_json, claim_json, author_id, now
        )

    def revision(self, note_id: int, number: int) -> StoredRevision:
        params = {"note": existing_id(note_id, "note"), "number": existing_id(number, "revision")}
        row = self.c.execute(_REVISION, params).first()
        if row is None:
            raise NotFoundError(f"note {note_id} has no revision {number}")
        return StoredRevision(*row)

    def findings(self, revision_id: int) -> list[Finding]:
        # Read back as stored (deserialised, not built: findings are built by the registry).
        return [
            Finding.model_validate(row._asdict())
            for row in self.c.execute(_FINDINGS, {"revision": revision_id})
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
        key = {"revision": revision_id, "rule": rule, "path": path}
        existing = self.c.execute(_ACKED, key).scalar()
        if existing is not None:
            raise ConflictError(f"{rule} at {path or '(note)'} is already {existing}d")
        self.c.execute(
            _NEW_ACK,
            {
                "revision_id": revision_id,
                "rule": rule,
                "path": path,
                "kind": kind.value,
                "reason": reason,
                "clinician_id": clinician_id,
                "created_at": now,
            },
        )
        return Acknowledgement(
            revision=revision,
            rule=rule,
            path=path,
            kind=kind,
            reason=reason,
            clinician_id=clinician_id,
            at=now,
        )

    def acks(self, revision_id: int, revision: int) -> list[Acknowledgement]:
        return [
            Acknowledgement(
                revision=revision,
                rule=r.rule,
                path=r.path,
                kind=AckKind(r.kind),
                reason=r.reason,
                clinician_id=r.clinician_id,
                at=r.created_at,
            )
            for r in self.c.execute(_ACKS, {"revision": revision_id})
        ]
