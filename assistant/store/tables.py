"""The tables. Rows are storage only: repositories turn them into domain records.

JSON documents (a revision's note, a session's timers, a claim) are kept as text exactly as
serialised, so a hash taken at signing can be recomputed from the stored bytes. Times are
time-zone aware UTC. Signed revisions, signatures, addenda and audit events are append-only: the
migrations add triggers that refuse UPDATE and DELETE on them (see triggers.py).
"""

from datetime import date, datetime

from sqlalchemy import Column, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Clinic(SQLModel, table=True):
    __tablename__ = "clinic"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)


class ClinicianRow(SQLModel, table=True):
    __tablename__ = "clinician"
    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True)
    name: str = Field(max_length=200)
    credentials: str = Field(max_length=100)
    role: str = Field(max_length=8)
    email: str = Field(max_length=254, unique=True)
    npi: str | None = Field(default=None, max_length=10)
    supervisor_id: int | None = Field(default=None, foreign_key="clinician.id")


class PatientRow(SQLModel, table=True):
    __tablename__ = "patient"
    __table_args__ = (UniqueConstraint("clinic_id", "mrn"),)
    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True)
    name: str = Field(max_length=200)
    date_of_birth: date
    mrn: str = Field(max_length=64)
    payer_json: str = Field(sa_column=Column(Text, nullable=False))
    carried_in_pt_slp: float = 0.0
    carried_in_ot: float = 0.0
    carried_in_year: int


class PlanRow(SQLModel, table=True):
    __tablename__ = "plan_of_care"
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    first_treatment: date
    plan_json: str = Field(sa_column=Column(Text, nullable=False))
    frequency: str = Field(default="", max_length=200)
    requires_cosign: bool = False
    created_at: datetime


class SessionRow(SQLModel, table=True):
    __tablename__ = "session"
    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    clinician_id: int = Field(foreign_key="clinician.id")
    # The therapist's input exactly as received (after UTF-8 decoding) and its SHA-256.
    raw_input: str = Field(sa_column=Column(Text, nullable=False))
    input_sha256: str = Field(max_length=64)
    timers_json: str = Field(sa_column=Column(Text, nullable=False))
    note_type: str = Field(max_length=32)
    date_of_service: date
    backend: str = Field(max_length=16)
    status: str = Field(max_length=16)
    failure: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime


class NoteRow(SQLModel, table=True):
    __tablename__ = "note"
    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True)
    session_id: int = Field(foreign_key="session.id", unique=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    clinician_id: int = Field(foreign_key="clinician.id")
    status: str = Field(max_length=16)
    # The optimistic lock: a revise or sign names the revision it saw; a stale one conflicts.
    current_revision: int = 0
    requires_cosign: bool = False
    created_at: datetime


class RevisionRow(SQLModel, table=True):
    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("note_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    number: int
    base_revision: int | None = None
    note_json: str = Field(sa_column=Column(Text, nullable=False))
    claim_json: str = Field(sa_column=Column(Text, nullable=False))
    author_id: int = Field(foreign_key="clinician.id")
    created_at: datetime


class FindingRow(SQLModel, table=True):
    __tablename__ = "finding"
    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="revision.id", index=True)
    rule: str = Field(max_length=16)
    severity: str = Field(max_length=8)
    path: str = Field(default="", sa_column=Column(Text, nullable=False))
    element: str | None = Field(default=None, max_length=32)
    message: str = Field(sa_column=Column(Text, nullable=False))
    hint: str = Field(default="", sa_column=Column(Text, nullable=False))


class AcknowledgementRow(SQLModel, table=True):
    __tablename__ = "acknowledgement"
    __table_args__ = (UniqueConstraint("revision_id", "rule", "path"),)
    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="revision.id", index=True)
    rule: str = Field(max_length=16)
    path: str = Field(max_length=500)
    kind: str = Field(max_length=16)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    clinician_id: int = Field(foreign_key="clinician.id")
    created_at: datetime


class SignatureRow(SQLModel, table=True):
    """A signature or co-signature. One of each kind per note: the unique constraint is the
    database's last word when two signers race."""

    __tablename__ = "signature"
    __table_args__ = (UniqueConstraint("note_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    revision_id: int = Field(foreign_key="revision.id", index=True)
    kind: str = Field(max_length=8)
    clinician_id: int = Field(foreign_key="clinician.id")
    name: str = Field(max_length=200)
    credentials: str = Field(max_length=100)
    signed_at: datetime
    sha256: str = Field(max_length=64)
    # Denormalised for the history queries: the claim as signed and its KX bucket.
    patient_id: int = Field(foreign_key="patient.id", index=True)
    clinic_id: int = Field(foreign_key="clinic.id")
    date_of_service: date
    note_type: str = Field(max_length=32)
    kx_bucket: str = Field(max_length=8)
    allowed: float = 0.0
    # The claim recomputed at signing (with the store's year-to-date, so KX is as billed).
    claim_json: str = Field(sa_column=Column(Text, nullable=False))


class AuditEventRow(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)
    at: datetime
    actor: str = Field(max_length=254)
    action: str = Field(max_length=32)
    note_id: int | None = None
    revision: int | None = None
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHeadRow(SQLModel, table=True):
    """One row: the chain's length and last hash. Appends lock it, so the chain never forks,
    and `audit verify` compares it with the last event to catch a truncated tail."""

    __tablename__ = "audit_head"
    id: int = Field(primary_key=True)
    seq: int = 0
    hash: str = Field(default="", max_length=64)


class AddendumRow(SQLModel, table=True):
    """A late entry or correction to a signed note: its own text, reason, signer and hash.
    The signed revision it follows is untouched."""

    __tablename__ = "addendum"
    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    revision_id: int = Field(foreign_key="revision.id")
    clinician_id: int = Field(foreign_key="clinician.id")
    name: str = Field(max_length=200)
    credentials: str = Field(max_length=100)
    text: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    # A corrected note when the addendum changes what was documented, else "null".
    corrected_note_json: str = Field(sa_column=Column(Text, nullable=False))
    corrected_claim_json: str = Field(sa_column=Column(Text, nullable=False))
    # The correction changes a billed code, unit or modifier: a corrected claim is due.
    corrected_claim: bool = False
    created_at: datetime
    sha256: str = Field(max_length=64)


class NcciEditRow(SQLModel, table=True):
    """An imported CMS practitioner PTP edit (the table an import replaces as a whole)."""

    __tablename__ = "ncci_edit"
    id: int | None = Field(default=None, primary_key=True)
    column1: str = Field(max_length=5, index=True)
    column2: str = Field(max_length=5)
    effective: date
    deletion: date | None = None
    indicator: str = Field(max_length=1)
    source: str = Field(max_length=200)
    imported_at: datetime


class FeeRow(SQLModel, table=True):
    """Imported RVUs per year and code; decimals as text so they come back exactly."""

    __tablename__ = "fee"
    __table_args__ = (UniqueConstraint("year", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    code: str = Field(max_length=5)
    work: str = Field(max_length=16)
    pe: str = Field(max_length=16)
    mp: str = Field(max_length=16)
    source: str = Field(max_length=200)
    imported_at: datetime


class ReferenceImportRow(SQLModel, table=True):
    """One import of a reference table (the NCCI edits, or a year's RVUs): its source file
    and, for RVUs, the file's conversion factor. Append-only, so its newest id names the
    tables' version for the loader's cache."""

    __tablename__ = "reference_import"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=8)
    year: int | None = None
    source: str = Field(max_length=200)
    conversion_factor: str | None = Field(default=None, max_length=16)
    rows: int
    imported_at: datetime


def table(name: str) -> Table:
    """The Core table behind a model, for the statements that skip the ORM's unit of work
    (the hot paths run prebuilt Core statements; rows there are plain tuples)."""
    return SQLModel.metadata.tables[name]
