"""Input and output of the billing engine: one visit in, claim lines out.

These types are the `ptscribe bill` JSON contract; keep field names stable.
"""

from collections import defaultdict
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from assistant.domain.enums import ValueEnum
from assistant.domain.findings import Finding
from assistant.domain.limits import (
    EARLIEST,
    LATEST,
    MAX_CODE_MINUTES,
    MAX_SEGMENTS,
    MAX_SERVICE_MINUTES,
    MAX_SERVICES,
    MAX_VISIT_MINUTES,
    CalendarDate,
    TimerStamp,
    stamp_in_range,
)

# Whole-visit minutes at or below which neither the per-code nor the visit cap can be hit.
_UNDER_BOTH_CAPS = min(MAX_CODE_MINUTES, MAX_VISIT_MINUTES)
# A single service or timer longer than a full clinic day is a typo, not a visit.
MAX_SEGMENT = timedelta(minutes=MAX_SERVICE_MINUTES)
MAX_YTD_ALLOWED = 1_000_000.0


def _no_negative_zero(value: float) -> float:
    # JSON's -0.0 passes ge=0 but prints as "$-0.00" and "-0%" in rationales and findings.
    return value + 0.0


# An amount or a percentage that cannot be below zero, with -0.0 read as 0.0.
Unsigned = Annotated[float, AfterValidator(_no_negative_zero)]

CODE_PATTERN = r"^[0-9A-Z]{5}$"
MEDICARE = "medicare"  # the one payer name whose default is Medicare rules


class Discipline(StrEnum):
    PT = "PT"
    OT = "OT"
    SLP = "SLP"

    @property
    def therapist(self) -> "Role":
        return _THERAPIST[self]

    @property
    def assistant(self) -> "Role | None":
        """The assistant role that may furnish this discipline's care (SLP has none here)."""
        return _ASSISTANT.get(self)

    @property
    def roles(self) -> frozenset["Role"]:
        """Who may furnish and document this discipline's care."""
        return _ROLES[self]


class Role(StrEnum):
    PT = "PT"
    PTA = "PTA"
    OT = "OT"
    OTA = "OTA"
    SLP = "SLP"

    @property
    def is_assistant(self) -> bool:
        return self in (Role.PTA, Role.OTA)

    @property
    def supervisor(self) -> "Role | None":
        """The therapist who supervises (and where required co-signs) an assistant's work."""
        return _SUPERVISOR.get(self)

    @property
    def discipline(self) -> "Discipline":
        """The discipline whose care this role furnishes and documents."""
        return next(d for d in Discipline if self in _ROLES[d])


# The one discipline -> role table; everything else asks Discipline or Role.
_THERAPIST = {Discipline.PT: Role.PT, Discipline.OT: Role.OT, Discipline.SLP: Role.SLP}
_ASSISTANT = {Discipline.PT: Role.PTA, Discipline.OT: Role.OTA}
_SUPERVISOR = {assistant: _THERAPIST[d] for d, assistant in _ASSISTANT.items()}
_ROLES = {
    d: frozenset({_THERAPIST[d], *([_ASSISTANT[d]] if d in _ASSISTANT else [])}) for d in Discipline
}


class UnitRule(ValueEnum):
    CMS = "cms"  # pooled 8-minute rule, Pub. 100-04 ch. 5 sec. 20.2
    AMA = "ama"  # per-code "substantial portion" rule


DistinctModifier = Literal["59", "XE", "XS", "XP", "XU"]


class _Strict(BaseModel):
    # NaN and infinity parse as JSON numbers but are no amount or setting: refused as such,
    # not by whichever bound they happen to fail ("less than or equal to 1000000" for NaN).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


class Payer(_Strict):
    name: str = Field(default="Medicare", min_length=1, max_length=200)
    unit_rule: UnitRule = UnitRule.CMS
    distinct_modifier: DistinctModifier = "59"
    # Whether Medicare Part B policy applies (KX, CQ/CO, status codes). None (not set) means
    # on only for a payer named exactly "Medicare" (any case): a name is never searched, so
    # "Non-Medicare commercial" or "Medicare Advantage" plans must say so explicitly.
    medicare_rules: bool | None = None
    # Expected payment as a share of the national Medicare non-facility amount.
    fee_schedule_percent: Unsigned = Field(default=100.0, ge=0, le=1000)

    @property
    def follows_medicare(self) -> bool:
        if self.medicare_rules is not None:
            return self.medicare_rules
        return _named_medicare(self.name)


# Asked once per billed visit, of a handful of payer names.
@lru_cache(maxsize=256)
def _named_medicare(name: str) -> bool:
    return name.strip().casefold() == MEDICARE


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
    start: TimerStamp
    end: TimerStamp
    provider: Role = Role.PT
    one_on_one: bool = True
    # Whether the stamps carried a UTC offset; they are kept as naive UTC either way.
    _zone_aware: bool = PrivateAttr(default=False)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        aware = self.start.tzinfo is not None
        if aware != (self.end.tzinfo is not None):
            raise ValueError("start and end must both carry a UTC offset, or neither")
        if aware:
            # Aware stamps become naive UTC so segments from different clocks compare.
            try:
                self.start = _as_utc(self.start)
                self.end = _as_utc(self.end)
            except OverflowError:
                raise ValueError(
                    f"timer stamp outside {EARLIEST.isoformat()} to {LATEST.isoformat()}"
                ) from None
            self._zone_aware = True
        for stamp in (self.start, self.end):
            if not stamp_in_range(stamp):
                raise ValueError(
                    f"timer stamp {stamp.isoformat()} is outside "
                    f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"
                )
        if self.end < self.start:
            raise ValueError(f"end {self.end.isoformat()} is before start {self.start.isoformat()}")
        if self.end - self.start > MAX_SEGMENT:
            raise ValueError(f"segment longer than {MAX_SERVICE_MINUTES} minutes")
        return self

    @property
    def zone_aware(self) -> bool:
        return self._zone_aware


def _as_utc(value: datetime) -> datetime:
    offset = value.utcoffset() or timedelta(0)
    return (value - offset).replace(tzinfo=None)


def _one_clock(segments: list[TimerSegment]) -> list[TimerSegment]:
    """Refuse naive and zone-aware stamps in one visit: reading naive time as UTC can hide
    an overlap (09:00 local and 09:00Z are different minutes) or invent one."""
    aware = [i for i, seg in enumerate(segments) if seg.zone_aware]
    if aware and len(aware) < len(segments):
        naive = next(i for i, seg in enumerate(segments) if not seg.zone_aware)
        raise ValueError(
            f"segments[{aware[0]}] has a UTC offset but segments[{naive}] has none: "
            "give every timer stamp an offset (e.g. -05:00), or none"
        )
    return segments


# Timer segments of one visit or note: bounded in number and all on one kind of clock.
TimerList = Annotated[
    list[TimerSegment], Field(max_length=MAX_SEGMENTS), AfterValidator(_one_clock)
]


class Visit(_Strict):
    date_of_service: CalendarDate
    discipline: Discipline = Discipline.PT
    payer: Payer = Field(default_factory=Payer)
    secondary_payer: Payer | None = None
    ytd_allowed: Unsigned = Field(default=0.0, ge=0, le=MAX_YTD_ALLOWED)
    # 2026 onward CMS pays qualifying APM participants from a higher conversion factor.
    qualifying_apm: bool = False
    services: list[Service] = Field(default_factory=list, max_length=MAX_SERVICES)
    segments: TimerList = Field(default_factory=list)

    # One validator for both checks: each after-validator is a Python call on every visit.
    @model_validator(mode="after")
    def _something_within_a_day(self) -> Self:
        """Refuse an empty visit, and one no clinic day could hold (assistant/domain/limits.py)."""
        services, segments = self.services, self.segments
        if not segments:
            if not services:
                raise ValueError("a visit needs at least one service or timer segment")
            minutes = 0
            for svc in services:
                minutes += svc.minutes
            if minutes <= _UNDER_BOTH_CAPS:
                # No code can add up to more than the whole visit: nothing to refuse. Most
                # visits take this path and skip the per-code sums.
                return self
        seconds: dict[str, float] = defaultdict(float)
        for svc in self.services:
            seconds[svc.code] += svc.minutes * 60
        for seg in self.segments:
            seconds[seg.code] += (seg.end - seg.start).total_seconds()
        for code, secs in sorted(seconds.items()):
            if secs > MAX_CODE_MINUTES * 60:
                raise ValueError(
                    f"{code} adds up to {int(secs // 60):,} minutes; one code bills at most "
                    f"{MAX_CODE_MINUTES} minutes in a visit"
                )
        total = sum(seconds.values()) // 60
        if total > MAX_VISIT_MINUTES:
            raise ValueError(
                f"the services and timers add up to {int(total):,} minutes; a visit holds at "
                f"most {MAX_VISIT_MINUTES} minutes (12 hours)"
            )
        return self


class ClaimLine(BaseModel):
    model_config = ConfigDict(frozen=True)
    code: str
    units: int
    modifiers: list[str]
    minutes: int
    assistant_minutes: int
    expected_payment: float | None
    rationale: str


class Basis(BaseModel):
    """The rule settings a result was computed under, so a biller can reproduce it."""

    model_config = ConfigDict(frozen=True)

    unit_rule: UnitRule
    conversion_factor: float | None
    kx_threshold: float | None
    tables: dict[str, str]


class BillResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    lines: list[ClaimLine]
    total_timed_minutes: int
    total_treatment_minutes: int
    timed_units: int
    total_units: int
    findings: list[Finding]
    basis: Basis
    # This visit's allowed amount at the Medicare rate, whatever the payer's percentage: the
    # figure a year-to-date total adds up (None only for a result not made by the engine).
    allowed_amount: float | None = None
    # Year-to-date allowed with this visit, as the KX decision counted it (Medicare payers
    # only); kept out of the JSON, read by the validator's KX rule on a fresh result.
    _year_to_date: float | None = PrivateAttr(default=None)

    @property
    def year_to_date_allowed(self) -> float | None:
        return self._year_to_date

    def set_year_to_date(self, amount: float | None) -> None:
        self._year_to_date = amount
