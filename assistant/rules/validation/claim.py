"""Recompute the claim a note supports with the billing engine, and compare it with the draft's.

Minutes come from the timer segments for every code that has any, otherwise from the
minutes documented on the interventions (an assistant's intervention counts as assistant-
alone minutes). The engine, never the note, decides units and modifiers.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from assistant.domain.billing import BillResult, ClaimLine, Payer, Service, Visit
from assistant.domain.note import Note, ProposedLine
from assistant.errors import PtscribeError
from assistant.rules import tables
from assistant.rules.billing import bill


@dataclass(frozen=True, slots=True)
class Recomputed:
    result: BillResult | None
    problem: str = ""  # why no claim could be computed; empty when nothing was billable
    unknown_codes: tuple[str, ...] = ()


def known_codes() -> frozenset[str]:
    return frozenset(tables.catalog())


def recompute(note: Note, payer: Payer, ytd_allowed: float) -> Recomputed:
    timer_codes = {seg.code for seg in note.timer_segments}
    minutes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for iv in note.interventions:
        if iv.code is None or iv.code in timer_codes:
            continue
        entry = minutes[iv.code]
        entry[0] += iv.minutes or 0
        if iv.provider.is_assistant:
            entry[1] += iv.minutes or 0
    if not minutes and not note.timer_segments:
        return Recomputed(None)
    unknown = sorted((minutes.keys() | timer_codes) - known_codes())
    if unknown:
        return Recomputed(None, f"unknown code {', '.join(unknown)}", tuple(unknown))
    try:
        visit = Visit(
            date_of_service=note.date_of_service,
            discipline=note.discipline,
            payer=payer,
            ytd_allowed=ytd_allowed,
            services=[
                Service(code=code, minutes=total, assistant_minutes=assistant)
                for code, (total, assistant) in sorted(minutes.items())
            ],
            segments=note.timer_segments,
        )
        return Recomputed(bill(visit))
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        return Recomputed(None, f"{where}: {err['msg'].removeprefix('Value error, ')}")
    except PtscribeError as exc:
        return Recomputed(None, str(exc))


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
