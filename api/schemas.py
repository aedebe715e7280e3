"""The JSON API's request and response models.

They are the API's own contract: never a store table, and never the domain document standing
in for a request (a revision is `{revision, note}`, not a bare note), so the store and the
domain can change shape without changing what clients send. The clinical document itself
(`Note`), the claim and the findings are embedded as the domain defines them: those are the
public documents whose JSON Schemas `GET /schemas/{name}` publishes.

Every request model forbids unknown fields and carries an example for the OpenAPI document;
the routes parse bodies strictly from the JSON text (see api/body.py), as the CLI does.
"""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.billing import MAX_YTD_ALLOWED, BillResult, TimerList
from assistant.domain.context import PayerSettings, PlanOfCare
from assistant.domain.findings import Finding
from assistant.domain.lifecycle import NoteStatus
from assistant.domain.limits import CalendarDate
from assistant.domain.note import Note, NoteType
from assistant.domain.records import (
    Acknowledgement,
    AddendumRecord,
    AuditEvent,
    NoteSummary,
    PatientRecord,
    PlanRecord,
    SignatureRecord,
)
from assistant.domain.session import MAX_INPUT_CHARS
from assistant.drafting.base import DrafterInfo
from assistant.services.views import NoteView
from assistant.services.worklist import NoteItem

# The JSON API lives under /api: the web pages own the bare paths (/patients, /notes/{id}).
PREFIX = "/api"
MAX_REASON = 2000
RULE_PATTERN = r"^[A-Z]{1,4}[0-9]{3}$"
_EXAMPLE_NOTE: dict[str, Any] = {
    "schema_version": "1",
    "note_type": "daily",
    "date_of_service": "2025-06-02",
    "discipline": "PT",
    "clinician": {"name": "Pat Lee", "credentials": "PT, DPT", "role": "PT"},
    "source_text": "TherEx x 25': R SLR 3x10 2#",
    "subjective": "Pain 3/10.",
    "objective": "TherEx 25 min.",
    "assessment": "Tolerated well.",
    "plan": "Continue plan of care.",
}


def _example(value: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [value]})


# --- requests -------------------------------------------------------------------------------


class PatientIn(BaseModel):
    model_config = _example(
        {"name": "Jane Roe", "date_of_birth": "1958-03-04", "mrn": "MRN-1001", "payer": {}}
    )

    name: str = Field(min_length=1, max_length=200)
    date_of_birth: CalendarDate
    mrn: str = Field(min_length=1, max_length=64)
    payer: PayerSettings = Field(default_factory=PayerSettings)
    ytd_allowed: float = Field(
        default=0.0, ge=0, le=MAX_YTD_ALLOWED, description="USD allowed this year before ptscribe"
    )
    ytd_allowed_ot: float = Field(default=0.0, ge=0, le=MAX_YTD_ALLOWED)
    ytd_year: int | None = Field(default=None, ge=2000, le=2199)


class PlanIn(BaseModel):
    model_config = _example(
        {
            "first_treatment": "2025-05-01",
            "certified_through": "2025-07-29",
            "goals": ["Climb 12 steps with one rail"],
            "frequency": "2x/week for 6 weeks",
        }
    )

    first_treatment: CalendarDate
    certified_through: CalendarDate | None = None
    goals: list[str] = Field(default_factory=list, max_length=20)
    frequency: str = Field(default="", max_length=200)
    cosign_assistants: bool = Field(
        default=False, description="This plan requires co-signed PTA/OTA notes"
    )


Backend = Literal["offline", "llm"]


class SessionIn(BaseModel):
    model_config = _example(
        {
            "patient_id": 1,
            "text": "DOS 06/02/25\nTherEx x 25': R SLR 3x10 2#, TKE RTB 3x15\nMT 10'",
            "timers": [
                {
                    "code": "97140",
                    "start": "2025-06-02T09:33:00",
                    "end": "2025-06-02T09:43:00",
                    "provider": "PT",
                }
            ],
            "note_type": "daily",
        }
    )

    patient_id: int = Field(ge=1)
    text: str = Field(
        min_length=1, max_length=MAX_INPUT_CHARS, description="Dictation or shorthand"
    )
    timers: TimerList = Field(default_factory=list)
    date_of_service: CalendarDate | None = Field(
        default=None, description="Default: a date in the text, else today"
    )
    note_type: NoteType = NoteType.DAILY
    backend: Backend | None = Field(default=None, description="Default: the server's setting")


class RedraftIn(BaseModel):
    model_config = _example({"backend": "offline"})

    backend: Backend | None = None


class ReviseIn(BaseModel):
    model_config = _example({"revision": 1, "note": _EXAMPLE_NOTE})

    revision: int = Field(ge=1, description="The revision you read and edited")
    note: Note


class AckIn(BaseModel):
    model_config = _example(
        {"revision": 1, "rule": "TE003", "path": "interventions.0", "reason": ""}
    )

    revision: int = Field(ge=1)
    rule: str = Field(pattern=RULE_PATTERN)
    path: str = Field(default="", max_length=500)
    reason: str = Field(
        default="", max_length=MAX_REASON, description="Given: an override; empty: acknowledged"
    )


class SignIn(BaseModel):
    model_config = _example({"revision": 1})

    revision: int = Field(ge=1)


class AmendIn(BaseModel):
    model_config = _example(
        {"reason": "late entry", "text": "Patient called: no soreness the next day."}
    )

    reason: str = Field(min_length=1, max_length=MAX_REASON)
    text: str = Field(
        min_length=1, max_length=MAX_INPUT_CHARS, description="Text, or a corrected note JSON"
    )


# --- responses ------------------------------------------------------------------------------


class PatientOut(BaseModel):
    id: int
    name: str
    date_of_birth: date
    mrn: str
    payer: PayerSettings
    ytd_allowed: float
    ytd_allowed_ot: float
    ytd_year: int

    @classmethod
    def of(cls, found: PatientRecord) -> "PatientOut":
        return cls(
            id=found.id,
            name=found.name,
            date_of_birth=found.date_of_birth,
            mrn=found.mrn,
            payer=found.payer,
            ytd_allowed=found.carried_in_pt_slp,
            ytd_allowed_ot=found.carried_in_ot,
            ytd_year=found.carried_in_year,
        )


class PlanOut(BaseModel):
    id: int
    patient_id: int
    plan: PlanOfCare
    frequency: str
    requires_cosign: bool

    @classmethod
    def of(cls, found: PlanRecord) -> "PlanOut":
        return cls(**found.model_dump())


class NoteOut(BaseModel):
    note_id: int
    session_id: int
    status: NoteStatus
    revision: int
    note: Note
    claim: BillResult | None
    findings: list[Finding]
    acknowledgements: list[Acknowledgement]
    signatures: list[SignatureRecord]
    addenda: list[AddendumRecord]

    @classmethod
    def of(cls, view: NoteView) -> "NoteOut":
        return cls(**{name: getattr(view, name) for name in cls.model_fields})


class DraftedOut(NoteOut):
    """A new session's note: which drafter produced it and any fallback notice."""

    drafter: DrafterInfo

    @classmethod
    def of(cls, view: NoteView) -> "DraftedOut":
        if view.drafter is None:  # only drafting calls return a view with its drafter
            raise ValueError("the view does not come from a drafting call")
        return cls(**{name: getattr(view, name) for name in cls.model_fields})


class NoteSummaryOut(BaseModel):
    note_id: int
    patient_id: int
    clinician_id: int
    status: NoteStatus
    revision: int
    note_type: NoteType
    date_of_service: date
    requires_cosign: bool

    @classmethod
    def of(cls, found: NoteSummary) -> "NoteSummaryOut":
        return cls(note_id=found.id, **found.model_dump(exclude={"id", "clinic_id"}))

    @classmethod
    def of_item(cls, item: NoteItem) -> "NoteSummaryOut":
        """A co-sign queue line; a note waits in that queue only when it requires one."""
        return cls(
            note_id=item.note_id,
            patient_id=item.patient_id,
            clinician_id=item.clinician_id,
            status=item.status,
            revision=item.revision,
            note_type=NoteType(item.note_type),
            date_of_service=item.date_of_service,
            requires_cosign=True,
        )


class FindingsOut(BaseModel):
    note_id: int
    revision: int
    findings: list[Finding]
    acknowledgements: list[Acknowledgement]


class ValidationOut(BaseModel):
    """The current revision re-validated with the store's history as it stands now."""

    note_id: int
    revision: int
    findings: list[Finding]
    recomputed_claim: BillResult | None
    signable: bool


class AuditEventOut(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    note_id: int | None
    revision: int | None
    detail: str
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, event: AuditEvent) -> "AuditEventOut":
        return cls(**event.model_dump())


class AuditPage(BaseModel):
    events: list[AuditEventOut]
    next_after: int | None = Field(description="Pass as `after` for the next page; null: done")


class AuditVerifyOut(BaseModel):
    events: int
    ok: bool
    seq: int | None = None
    position: int | None = None
    problem: str = ""
    record: str | None = None


class RuleOut(BaseModel):
    rule: str
    severity: str
    element: str | None
    description: str
    rationale: str
    hint: str
    status: str
    replaced_by: str | None
    emitted_by: str


SchemaName = Literal["note", "context", "visit", "claim"]
