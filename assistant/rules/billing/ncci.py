"""NCCI procedure-to-procedure edits: which billed pairs need a distinct-service modifier.

The engine reads an `NcciTable`; the shipped seed is used unless the caller passes a table
built from an imported CMS practitioner PTP file (see `assistant.rules.ptp_file`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from assistant.domain.findings import Finding
from assistant.rules.registry import finding
from assistant.rules.tables import PtpEdit, ncci_seed


@dataclass(frozen=True)
class NcciTable:
    label: str
    pairs: dict[tuple[str, str], tuple[PtpEdit, ...]] = field(default_factory=dict)
    # Every code in some pair: most visits bill at most one of them and skip the pair loop.
    # Derived from `pairs` at construction; a table is not modified after it is built.
    codes: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", frozenset(c for pair in self.pairs for c in pair))

    @classmethod
    def from_edits(cls, edits: Iterable[PtpEdit], label: str) -> "NcciTable":
        grouped: dict[tuple[str, str], list[PtpEdit]] = {}
        for edit in edits:
            grouped.setdefault((edit.column1, edit.column2), []).append(edit)
        return cls(label, {key: tuple(rows) for key, rows in grouped.items()})

    def active(self, column1: str, column2: str, day: date) -> PtpEdit | None:
        for edit in self.pairs.get((column1, column2), ()):
            if edit.active_on(day):
                return edit
        return None

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.pairs.values())


@cache
def seed_table() -> NcciTable:
    return NcciTable.from_edits(ncci_seed(), "seed")


@dataclass(frozen=True, slots=True)
class NcciOutcome:
    distinct: frozenset[str]  # column-2 codes that take the payer's distinct-service modifier
    findings: tuple[Finding, ...]


def check_pairs(
    codes: Sequence[str],
    day: date,
    table: NcciTable,
    modifier: str,
    paths: dict[str, str],
) -> NcciOutcome:
    codes = [code for code in codes if code in table.codes]
    if len(codes) < 2:
        return NO_PAIRS
    distinct: set[str] = set()
    findings: list[Finding] = []
    for first in codes:
        for second in codes:
            if first == second:
                continue
            edit = table.active(first, second, day)
            if edit is None or edit.indicator == "9":
                continue
            if edit.indicator == "0":
                findings.append(
                    finding(
                        "BIL020",
                        f"NCCI edit {first}/{second} (modifier indicator 0, effective "
                        f"{edit.effective}): {second} may not be billed with {first} on "
                        "the same day, with or without a modifier",
                        paths[second],
                        hint=(
                            "Bill only the service that was performed and documented; "
                            f"source: {edit.source}."
                        ),
                    )
                )
            else:
                distinct.add(second)
                findings.append(
                    finding(
                        "BIL021",
                        f"NCCI edit {first}/{second} (modifier indicator 1): {modifier} "
                        f"added to {second}, the column-2 code",
                        paths[second],
                        hint=(
                            f"Keep {modifier} only if the note shows {second} was a distinct "
                            f"service from {first} (separate time, structure or encounter)."
                        ),
                    )
                )
    return NcciOutcome(frozenset(distinct), tuple(findings))


NO_PAIRS = NcciOutcome(frozenset(), ())  # shared: frozen and empty
