"""Pydantic types shared by every layer; no behaviour beyond validation."""

from assistant.domain.billing import (
    BillResult,
    ClaimLine,
    Discipline,
    Payer,
    Role,
    Service,
    TimerSegment,
    UnitRule,
    Visit,
)
from assistant.domain.findings import Element, Finding, Severity

__all__ = [
    "BillResult",
    "ClaimLine",
    "Discipline",
    "Element",
    "Finding",
    "Payer",
    "Role",
    "Service",
    "Severity",
    "TimerSegment",
    "UnitRule",
    "Visit",
]
