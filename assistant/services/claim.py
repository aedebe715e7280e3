"""The claim a note supports, recomputed by the billing engine from minutes and timers only.

Codes with timer segments bill from the timers; every other code bills from the minutes on
its interventions (an assistant's intervention counts as minutes the assistant furnished
alone). Units, modifiers and fees never come from the draft's own claim lines.
"""

from collections import defaultdict
from dataclasses import dataclass

from pydantic import ValidationError

from assistant.domain.billing import BillResult, Payer, Service, Visit
from assistant.domain.context import VisitContext
from assistant.domain.findings import Finding
from assistant.domain.note import Note
from assistant.errors import PtscribeError
from assistant.rules.billing import bill
from assistant.rules.registry import finding


@dataclass(frozen=True, slots=True)
class Claim:
    result: BillResult | None
    finding: Finding | None = None  # why no claim could be computed


def visit_for(note: Note, context: VisitContext | None) -> Visit | None:
    """The billing engine's input for a note, or None when nothing carries minutes."""
    timer_codes = {seg.code for seg in note.timer_segments}
    minutes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for iv in note.interventions:
        if iv.code is None or iv.code in timer_codes or iv.minutes is None:
            continue
        entry = minutes[iv.code]
        entry[0] += iv.minutes
        if iv.provider.is_assistant:
            entry[1] += iv.minutes
    if not minutes and not note.timer_segments:
        return None
    payer: Payer = note.payer
    if context is not None and context.payer is not None:
        payer = Payer.model_validate(
            context.payer.model_dump(exclude={"requires_assistant_cosign"})
        )
    return Visit(
        date_of_service=note.date_of_service,
        discipline=note.discipline,
        payer=payer,
        ytd_allowed=context.ytd_allowed if context else 0.0,
        services=[
            Service(code=code, minutes=min(total, 480), assistant_minutes=min(assistant, 480))
            for code, (total, assistant) in sorted(minutes.items())
        ],
        segments=note.timer_segments,
    )


def recompute(note: Note, context: VisitContext | None) -> Claim:
    try:
        visit = visit_for(note, context)
        if visit is None:
            return Claim(None)
        return Claim(bill(visit))
    except (ValidationError, PtscribeError) as exc:
        message = str(exc).splitlines()[0]
        return Claim(
            None,
            finding(
                "PL001",
                f"no claim could be computed from the note's minutes: {message}",
                "interventions",
            ),
        )
