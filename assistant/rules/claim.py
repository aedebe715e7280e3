"""The one path from a note to its claim: note -> visit -> billing engine.

`draft`, `validate`, `bill` (through the engine) and later the server all bill a note
through `claim_for`, so a draft can never show one claim while its findings judge another.

The mapping: codes with timer segments bill from the timers only; every other coded
intervention bills from the minutes written on it, an assistant's intervention counting as
minutes the assistant furnished alone. An untimed code needs no minutes (one unit); a timed
code without minutes bills nothing (MIN001 asks for them). Minutes are never capped or
otherwise repaired here: a figure the engine refuses (over 480 minutes for one code) leaves
the note without a claim and the problem is reported. Units, modifiers and fees never come
from the note's own claim lines; those are only compared (`compare`).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from assistant.domain.billing import BillResult, ClaimLine, Service, Visit
from assistant.domain.context import VisitContext, billing_payer, ytd_allowed
from assistant.domain.note import Note, ProposedLine
from assistant.errors import PtscribeError
from assistant.rules import tables
from assistant.rules.billing import bill
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.fees import FeeSchedule


@dataclass(frozen=True, slots=True)
class Claim:
    result: BillResult | None  # None: nothing billable, or see `problem`
    problem: str = ""  # why no claim could be computed; empty when nothing was billable
    unknown_codes: tuple[str, ...] = ()


def _minutes(note: Note) -> dict[str, list[int]]:
    """Minutes per code from the interventions, [total, assistant-alone], timer codes aside."""
    catalog = tables.catalog()
    timer_codes = {seg.code for seg in note.timer_segments}
    minutes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for iv in note.interventions:
        code = iv.code
        if code is None or code in timer_codes:
            continue
        info = catalog.get(code)
        if iv.minutes is None and info is not None and info.timed:
            continue
        entry = minutes[code]
        entry[0] += iv.minutes or 0
        if iv.provider.is_assistant:
            entry[1] += iv.minutes or 0
    return minutes


def visit_for(note: Note, context: VisitContext | None) -> Visit | None:
    """The billing engine's input for a note, or None when nothing in it can be billed.

    Raises pydantic's ValidationError when the minutes are not a billable visit.
    """
    minutes = _minutes(note)
    if not minutes and not note.timer_segments:
        return None
    return Visit(
        date_of_service=note.date_of_service,
        discipline=note.discipline,
        payer=billing_payer(context, note.payer),
        ytd_allowed=ytd_allowed(context),
        services=[
            Service(code=code, minutes=total, assistant_minutes=assistant)
            for code, (total, assistant) in sorted(minutes.items())
        ],
        segments=note.timer_segments,
    )


def claim_for(
    note: Note,
    context: VisitContext | None,
    ncci: NcciTable | None = None,
    fees: FeeSchedule | None = None,
) -> Claim:
    """The claim the note's minutes and timers support, under the payer, NCCI table and fee
    schedule given (None: the shipped ones; callers pass the imported tables, loaded at the
    edge)."""
    codes = set(_minutes(note)) | {seg.code for seg in note.timer_segments}
    unknown = sorted(codes - tables.catalog().keys())
    if unknown:
        return Claim(None, f"unknown code {', '.join(unknown)}", tuple(unknown))
    try:
        visit = visit_for(note, context)
        if visit is None:
            return Claim(None)
        return Claim(bill(visit, ncci, fees))
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        return Claim(None, f"{where}: {err['msg'].removeprefix('Value error, ')}")
    except PtscribeError as exc:
        return Claim(None, str(exc))


def line_label(code: str, modifiers: Iterable[str], units: int) -> str:
    mods = "-".join(modifiers)
    return f"{code}{'-' + mods if mods else ''} x {units}"


def describe(lines: Iterable[ClaimLine]) -> str:
    text = ", ".join(line_label(line.code, line.modifiers, line.units) for line in lines)
    return text or "no billable lines"


@dataclass(frozen=True, slots=True)
class CodeDiff:
    code: str
    path: str
    proposed: str
    recomputed: str
    units_differ: bool  # False: same units, different modifiers or line split


def compare(proposed: list[ProposedLine], result: BillResult) -> list[CodeDiff]:
    """Where the lines a note proposes differ from the recomputed claim, code by code."""
    mine: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    paths: dict[str, str] = {}
    for index, p in enumerate(proposed):
        mine[p.code].append((p.units, tuple(sorted(p.modifiers))))
        paths.setdefault(p.code, f"claim_lines[{index}]")
    theirs: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for line in result.lines:
        theirs[line.code].append((line.units, tuple(sorted(line.modifiers))))
    diffs = []
    for code in sorted(mine.keys() | theirs.keys()):
        a, b = sorted(mine.get(code, [])), sorted(theirs.get(code, []))
        if a == b:
            continue
        # A dictated "billed 97110 x2" says nothing about modifiers (the engine supplies
        # them), so only its units are compared.
        if a and b and not any(m for _, m in a) and sum(u for u, _ in a) == sum(u for u, _ in b):
            continue
        diffs.append(
            CodeDiff(
                code=code,
                path=paths.get(code, "claim_lines"),
                proposed=", ".join(line_label(code, m, u) for u, m in a) or "nothing",
                recomputed=", ".join(line_label(code, m, u) for u, m in b) or "nothing",
                units_differ=sum(u for u, _ in a) != sum(u for u, _ in b),
            )
        )
    return diffs
