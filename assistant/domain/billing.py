"""Input and output of the billing engine: one visit in, claim lines out.

These types are the `ptscribe bill` JSON contract; keep field names stable.
"""

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.domain.findings import Finding

# A single service or timer longer than a full clinic day is a typo, not a visit.
MAX_SERVICE_MINUTES = 480
MAX_SEGMENT = timedelta(minutes=MAX_SERVICE_MINUTES)
MAX_YTD_ALLOWED = 1_000_000.0

CODE_PATTERN = r"^[0-9A-Z]{5}$"


class Discipline(StrEnum):
    PT = "PT"
    OT = "OT"
    SLP = "SLP"


class Role(StrEnum):
    PT = "PT"
    PTA = "PTA"
    OT = "OT"
    OTA = "OTA"
    SLP = "SLP"

    @property
    def is_assistant(self) -> bool:
        return self in (Role.PTA, Role.OTA)


class UnitRule(StrEnum):
    CMS = "cms"  # pooled 8-minute rule, Pub. 100-04 ch. 5 sec. 20.2
    AMA = "ama"  # per-code "substantial portion" rule


DistinctModifier = Literal["59", "XE", "XS", "XP", "XU"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Payer(_Strict):
    name: str = Field(default="Medicare", min_length=1, max_length=200)
    unit_rule: UnitRule = UnitRule.CMS
    distinct_modifier: DistinctModifier = "59"
    # None: follow Medicare Part B policy (KX, CQ/CO, status codes) when the name says Medicare.
    medicare_rules: bool | None = None
    # Expected payment as a share of the national Medicare non-facility amount.
    fee_schedule_percent: float = Field(default=100.0, ge=0, le=1000)

    @property
    def follows_medicare(self) -> bool:
        if self.medicare_rules is not None:
            return self.medicare_rules
        return "medicare" in self.name.lower()


class Service(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    minutes: int = Field(default=0, ge=0, le=MAX_SERVICE_MINUTES)
    # Minutes the assistant furnished on their own (co-treatment counts as therapist time).
    assistant_minutes: int = Field(default=0, ge=0, le=MAX_SERVICE_MINUTES)

    @model_validator(mode="after")
    def _assistant_within_total(self) -> Self:
        if self.assistant_minutes > self.minutes:
            raise ValueError(
                f"assistant_minutes ({self.assistant_minutes}) exceed minutes ({self.minutes})"
            )
        return self


class TimerSegment(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    start: datetime
    end: datetime
    provider: Role = Role.PT
    one_on_one: bool = True

    @field_validator("start", "end")
    @classmethod
    def _naive_utc(cls, value: datetime) -> datetime:
        # Aware stamps become naive UTC so segments from different clocks compare.
        if value.tzinfo is not None:
            offset = value.utcoffset() or timedelta(0)
            return (value - offset).replace(tzinfo=None)
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"end {self.end.isoformat()} is before start {self.start.isoformat()}")
        if self.end - self.start > MAX_SEGMENT:
            raise ValueError(f"segment longer than {MAX_SERVICE_MINUTES} minutes")
        return self


class Visit(_Strict):
    date_of_service: date
    discipline: Discipline = Discipline.PT
    payer: Payer = Field(default_factory=Payer)
    secondary_payer: Payer | None = None
    ytd_allowed: float = Field(default=0.0, ge=0, le=MAX_YTD_ALLOWED)
    # 2026 onward CMS pays qualifying APM participants from a higher conversion factor.
    qualifying_apm: bool = False
    services: list[Service] = Field(default_factory=list, max_length=100)
    segments: list[TimerSegment] = Field(default_factory=list, max_length=500)

    @model_validator(mode="after")
    def _has_something(self) -> Self:
        if not self.services and not self.segments:
            raise ValueError("a visit needs at least one service or timer segment")
        return self


class ClaimLine(BaseModel):
    code: str
    units: int
    modifiers: list[str]
    minutes: int
    assistant_minutes: int
    expected_payment: float | None
    rationale: str


class Basis(BaseModel):
    """The rule settings a result was computed under, so a biller can reproduce it."""

    unit_rule: UnitRule
    conversion_factor: float | None
    kx_threshold: float | None
    tables: dict[str, str]


class BillResult(BaseModel):
    lines: list[ClaimLine]
    total_timed_minutes: int
    total_treatment_minutes: int
    timed_units: int
    total_units: int
    findings: list[Finding]
    basis: Basis
