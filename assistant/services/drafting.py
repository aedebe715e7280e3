"""Draft one session end to end: drafter -> note -> recomputed claim -> validator findings.

The claim is always the billing engine's, computed from the note's minutes and the session
timers through the same `claim_for` the validator uses (and with the same NCCI table, which
the caller loads at the edge); whatever claim lines a drafter (or a prompt-injected
dictation) proposes are only compared with it by the validator. With the LLM backend the
offline drafter runs as well: as the fallback when the model fails, and as a second reading
to cross-check the model's.
"""

from datetime import date
from typing import Any, Protocol

from pydantic import BaseModel

from assistant.domain.billing import BillResult, Discipline, TimerSegment
from assistant.domain.findings import Finding
from assistant.domain.note import Note, NoteType, ProposedLine, Span
from assistant.domain.session import DraftContext, SessionInput
from assistant.domain.validation import ValidationReport
from assistant.drafting.base import Draft, Drafter, DrafterInfo
from assistant.drafting.crosscheck import compare
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.offline.dates import find_date, read_dates
from assistant.drafting.support import ground
from assistant.errors import InputError
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.claim import claim_for
from assistant.rules.fees import FeeSchedule
from assistant.rules.registry import finding
from assistant.rules.validation import review
from assistant.services.icd import icd_code_set

BACKENDS = ("offline", "llm")
_DOS = "date_of_service"


class DraftOutcome(BaseModel):
    note: Note
    claim: BillResult | None
    findings: list[Finding]
    drafter: DrafterInfo
    unparsed: list[Span]


class DrafterFactory(Protocol):
    def __call__(self) -> Drafter: ...


def session_from_text(
    text: str,
    *,
    context: DraftContext | None = None,
    timers: list[TimerSegment] | None = None,
    today: date | None = None,
) -> SessionInput:
    """A session from raw text: date of service from the context, else the text, else today."""
    today = today or date.today()
    day = context.date_of_service if context else None
    if day is None:  # the text is read for a date only when the context gives none
        found = find_date(text, today)
        day = found.day if found else None
    return SessionInput(
        text=text,
        date_of_service=day or today,
        discipline=(context.discipline if context else None) or Discipline.PT,
        note_type=(context.note_type if context else None) or NoteType.DAILY,
        clinician=context.clinician if context else None,
        timers=timers or [],
        context=context,
    )


def draft_session(
    session: SessionInput,
    backend: str,
    *,
    llm_factory: DrafterFactory | None = None,
    today: date | None = None,
    ncci: NcciTable | None = None,
    fees: FeeSchedule | None = None,
) -> DraftOutcome:
    """`ncci` and `fees`: the tables `bill` would use (the imported ones); None is the shipped
    seed and fee figures."""
    return draft_and_review(
        session, backend, llm_factory=llm_factory, today=today, ncci=ncci, fees=fees
    )[0]


def draft_and_review(
    session: SessionInput,
    backend: str,
    *,
    llm_factory: DrafterFactory | None = None,
    today: date | None = None,
    ncci: NcciTable | None = None,
    fees: FeeSchedule | None = None,
) -> tuple[DraftOutcome, ValidationReport]:
    """`draft_session` with the validator's report on the outcome's note, for a caller that
    stores the note and can reuse the report while nothing it was judged from changes."""
    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")
    findings: list[Finding] = [*_date_findings(session, today or date.today())]
    if backend == "llm":
        draft, extra = _llm_draft(session, llm_factory)
        findings += extra
    else:
        draft = OfflineDrafter().draft(session)
    findings += draft.findings
    context = session.context
    # The claim is the validator's own recomputation, so the two can never differ; the
    # draft's totals and proposed lines are filled from the same computation first.
    claim = claim_for(draft.note, context, ncci, fees)
    note = _complete(draft.note, claim.result)
    # What _complete fills (totals, proposed lines) is nothing claim_for reads, so the
    # claim is the completed note's as well: the validator need not bill it again.
    report = review(note, context, ncci, fees, icd=icd_code_set(), claim=claim)
    findings += report.findings
    outcome = DraftOutcome(
        note=note,
        claim=report.recomputed_claim,
        findings=findings,
        drafter=draft.drafter,
        unparsed=draft.unparsed,
    )
    return outcome, report


def _complete(note: Note, claim: BillResult | None) -> Note:
    """Fill what a draft leaves empty from the engine: totals, and the lines to propose.

    A draft that proposes its own lines keeps them so the validator can report where they
    differ from the recomputed claim.
    """
    if claim is None:
        return note
    update: dict[str, Any] = {}
    if note.total_timed_minutes is None and claim.total_timed_minutes:
        update["total_timed_minutes"] = claim.total_timed_minutes
    if note.total_treatment_minutes is None and claim.total_treatment_minutes:
        update["total_treatment_minutes"] = claim.total_treatment_minutes
    if not note.claim_lines and claim.lines:
        update["claim_lines"] = [
            ProposedLine(code=line.code, units=line.units, modifiers=line.modifiers)
            for line in claim.lines
            if line.units >= 1
        ]
    return note.model_copy(update=update) if update else note


def _llm_draft(
    session: SessionInput, factory: DrafterFactory | None
) -> tuple[Draft, list[Finding]]:
    offline = OfflineDrafter().draft(session)
    try:
        drafter = factory() if factory is not None else _default_llm()
        draft = drafter.draft(session)
    except Exception as exc:  # any model failure must still yield a draft
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        notice = f"LLM drafter failed: {reason}; offline draft shown"
        info = offline.drafter.model_copy(update={"notice": notice})
        warning = finding("PL002", notice, "drafter")
        return offline.model_copy(update={"drafter": info}), [warning]
    # Only codes and minutes the source supports are billed from the model's note.
    grounded, support = ground(draft.note, offline.note)
    return draft.model_copy(update={"note": grounded}), [
        *compare(draft.note, offline.note),
        *support,
    ]


def _default_llm() -> Drafter:
    # Imported on demand: langchain and openai take ~1 s to import and offline drafts
    # never need them.
    from assistant.drafting.llm import LLMDrafter

    return LLMDrafter()


def _date_findings(session: SessionInput, today: date) -> list[Finding]:
    day = session.date_of_service
    ctx_day = session.context.date_of_service if session.context else None
    reading = read_dates(session.text, today)
    found = reading.found
    # A stated date that is no date (DOS 02/30/2025) is never replaced silently.
    out = [
        finding("PL006", f"the text states the date {span.text!r}, which is not a real date", _DOS)
        for span in reading.unreadable[:3]
    ]
    # PL003 says where an inferred date came from; a date the caller set on the session and
    # nothing contradicts needs no note (PL004 reports a contradicting date in the text).
    if ctx_day is not None and ctx_day == day:
        out.append(finding("PL003", f"date of service {day.isoformat()} from the context", _DOS))
    elif found is not None and found.day == day:
        source = f"from the text ('{found.span.text}')"
        out.append(finding("PL003", f"date of service {day.isoformat()} {source}", _DOS))
    elif day == today:
        why = (
            "the date the text states cannot be read"
            if reading.unreadable
            else "neither the context nor the text gives one"
        )
        out.append(finding("PL005", f"date of service {day.isoformat()} is today's: {why}", _DOS))
    if found is not None and found.day != day:
        out.append(
            finding(
                "PL004",
                f"the text gives the date {found.span.text!r} ({found.day.isoformat()}) but "
                f"the note is dated {day.isoformat()}",
                _DOS,
            )
        )
    return out
