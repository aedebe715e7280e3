"""What the validator may know beyond the note: plan of care, episode counters, history, payer.

Every field is optional so a clinic can pass what it has; rules whose input is missing are
skipped rather than guessed. Published as JSON Schema (`ptscribe schema context`).
"""

from typing import Literal

from pydantic import Field

from assistant.domain.billing import MAX_YTD_ALLOWED, Payer, Unsigned
from assistant.domain.limits import CalendarDate
from assistant.domain.note import Goal, Note, NoteModel


class PayerSettings(Payer):
    """The payer as the clinic configured it; wins over the payer written in the note."""

    # Some payers and state practice acts want every PTA/OTA note co-signed by the
    # supervising therapist; Medicare Part B does not, so the default is off.
    requires_assistant_cosign: bool = False


class PlanOfCare(NoteModel):
    first_treatment: CalendarDate = Field(
        description="First treatment day of the episode (evaluation)"
    )
    goals: list[Goal] = Field(default_factory=list, max_length=100)
    certified: bool = Field(default=False, description="Signed and dated by the physician/NPP")
    certification_date: CalendarDate | None = None
    certified_through: CalendarDate | None = Field(
        default=None, description="Last day of the certified period (at most 90 days)"
    )
    # Since 2025 a signed order or referral plus proof the plan was sent within 30 days
    # satisfies the initial certification (CY2025 PFS final rule).
    signed_order: bool = False
    sent_on: CalendarDate | None = None


class VisitContext(NoteModel):
    schema_version: Literal["1"]
    plan_of_care: PlanOfCare | None = None
    treatment_days_since_progress_report: int | None = Field(
        default=None,
        ge=0,
        le=1000,
        description="Treatment days since the last progress report or evaluation, "
        "counting this visit",
    )
    previous_notes: list[Note] = Field(
        default_factory=list, max_length=50, description="The patient's earlier signed notes"
    )
    ytd_allowed: Unsigned = Field(
        default=0.0, ge=0, le=MAX_YTD_ALLOWED, description="Year-to-date allowed amount, USD"
    )
    payer: PayerSettings | None = None


def billing_payer(context: VisitContext | None, written: Payer | None = None) -> Payer:
    """The payer a visit is billed under, as a plain Payer: the clinic's settings in the
    context win over the payer written in the note; with neither, Medicare's defaults.

    The one payer resolution: the drafter writes it into the note, the claim bills by it.
    """
    settings = context.payer if context is not None else None
    if settings is None:
        return written if written is not None else Payer()
    # Clinic policy (co-signature) is not part of how a claim is billed.
    return Payer.model_validate(settings.model_dump(include=set(Payer.model_fields)))


def requires_assistant_cosign(context: VisitContext | None) -> bool:
    settings = context.payer if context is not None else None
    return settings is not None and settings.requires_assistant_cosign


def ytd_allowed(context: VisitContext | None) -> float:
    """Therapy allowed so far this year, before this visit (0 when the clinic gave none)."""
    return context.ytd_allowed if context is not None else 0.0
