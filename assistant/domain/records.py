"""What the store keeps, as plain domain types: the services work with these, never with rows.

A `Note` is the clinical document; its lifecycle (status, revisions, signatures, addenda)
lives here beside it, so a document never claims to be signed or co-signed by itself.
"""

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.billing import Discipline, Role, TimerSegment
from assistant.domain.context import PayerSettings, PlanOfCare
from assistant.domain.lifecycle import NoteStatus
from assistant.domain.note import Clinician, NoteType


class Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class ClinicianRecord(Record):
    id: int
    clinic_id: int
    name: str
    credentials: str
    role: Role
    email: str
    npi: str | None = None
    supervisor_id: int | None = None

    @property
    def discipline(self) -> Discipline:
        return self.role.discipline

    def as_clinician(self) -> Clinician:
        return Clinician(name=self.name, credentials=self.credentials, role=self.role)


class PatientRecord(Record):
    id: int
    clinic_id: int
    name: str
    date_of_birth: date
    mrn: str
    payer: PayerSettings
    # Therapy spend allowed this year before the clinic used ptscribe, per KX bucket.
    carried_in_pt_slp: float = 0.0
    carried_in_ot: float = 0.0
    carried_in_year: int


class PlanRecord(Record):
    id: int
    patient_id: int
    plan: PlanOfCare
    frequency: str = ""
    requires_cosign: bool = False


class SessionStatus(StrEnum):
    RECEIVED = "received"  # stored, the drafter has not finished
    DRAFTED = "drafted"
    NOT_DRAFTED = "not_drafted"  # the drafter failed; `failure` says why


class SessionRecord(Record):
    id: int
    patient_id: int
    clinician_id: int
    raw_input: str
    timers: list[TimerSegment] = Field(default_factory=list)
    note_type: NoteType
    date_of_service: date
    backend: str
    status: SessionStatus
    failure: str = ""


class NoteState(Record):
    id: int
    clinic_id: int
    session_id: int
    patient_id: int
    clinician_id: int
    status: NoteStatus
    revision: int  # the current revision number (1-based); 0 while drafting
    requires_cosign: bool


class NoteSummary(Record):
    """One line of a note list or the co-sign queue: ids and lifecycle, no clinical text."""

    id: int
    clinic_id: int
    patient_id: int
    clinician_id: int
    status: NoteStatus
    revision: int
    note_type: NoteType
    date_of_service: date
    requires_cosign: bool


class AckKind(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    OVERRIDE = "override"


class Acknowledgement(Record):
    revision: int
    rule: str
    path: str
    kind: AckKind
    reason: str
    clinician_id: int
    at: datetime


class SignatureKind(StrEnum):
    SIGN = "sign"
    COSIGN = "cosign"


class SignatureRecord(Record):
    kind: SignatureKind
    revision: int
    clinician_id: int
    name: str
    credentials: str
    signed_at: datetime
    sha256: str


class AddendumRecord(Record):
    id: int
    clinician_id: int
    name: str
    credentials: str
    text: str
    reason: str
    created_at: datetime
    sha256: str
    corrected_claim: bool


class AuditEvent(Record):
    seq: int
    at: datetime
    actor: str
    action: str
    note_id: int | None
    revision: int | None
    detail: str
    prev_hash: str
    hash: str

    def payload(self) -> dict[str, object]:
        """What the hash covers: every field but the hash itself."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "note_id": self.note_id,
            "revision": self.revision,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }


class AddendumContent(Record):
    """Everything an addendum's hash covers, the hash of the signed note it follows included."""

    note_id: int
    revision_id: int
    signed_sha256: str
    clinician_id: int
    name: str
    credentials: str
    text: str
    reason: str
    corrected_note_json: str  # "null" for a plain addendum
    corrected_claim_json: str
    corrected_claim: bool
    created_at: datetime

    def payload(self) -> dict[str, object]:
        return {
            **self.model_dump(exclude={"created_at"}),
            "created_at": self.created_at.isoformat(),
        }
