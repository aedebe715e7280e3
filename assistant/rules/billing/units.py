"""Timed units under the CMS pooled 8-minute rule or the AMA per-code rule.

CMS (Pub. 100-04 ch. 5 sec. 20.2): pool the one-on-one minutes of all timed codes, read the
unit count off the 15-minute table, give each code one unit per full 15 minutes, then hand
the remaining units one at a time to the codes with the most minutes left over.
Ties between equal remainders go to the code with more total minutes, then to the lower
code number. Neither criterion looks at payment, so the tie-break never favours a code
because it pays more.

AMA/CPT: each code stands alone; 8 minutes of that code are needed for a first unit.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.domain.billing import UnitRule

UNIT_MINUTES = 15
THRESHOLD = 8  # "substantial portion": more than half of 15 minutes


def units_for_minutes(minutes: int) -> int:
    """The 15-minute table: 8-22 -> 1, 23-37 -> 2, ... and nothing below 8."""
    if minutes < THRESHOLD:
        return 0
    return (minutes + UNIT_MINUTES - THRESHOLD) // UNIT_MINUTES


@dataclass(frozen=True, slots=True)
class Allocation:
    units: dict[str, int]
    total_minutes: int
    total_units: int
    # Per code, a short explanation of why it got its units (joined into line rationales).
    reasons: dict[str, str]


def allocate(minutes: Mapping[str, int], rule: UnitRule) -> Allocation:
    if rule is UnitRule.AMA:
        return _ama(minutes)
    return _cms(minutes)


def _ama(minutes: Mapping[str, int]) -> Allocation:
    units = {code: units_for_minutes(m) for code, m in minutes.items()}
    reasons = {
        code: (
            f"AMA per-code rule: {m} min of {code} alone -> {units[code]} "
            f"unit{'s' if units[code] != 1 else ''} (a unit needs at least {THRESHOLD} min "
            "of the code itself; minutes are not pooled)"
        )
        for code, m in minutes.items()
    }
    total = sum(minutes.values())
    return Allocation(units, total, sum(units.values()), reasons)


def _cms(minutes: Mapping[str, int]) -> Allocation:
    total = sum(minutes.values())
    total_units = units_for_minutes(total)
    units = {code: m // UNIT_MINUTES for code, m in minutes.items()}
    left = total_units - sum(units.values())
    # Largest remainder first; ties: more total minutes, then the lower code number.
    order = sorted(minutes, key=lambda c: (-(minutes[c] % UNIT_MINUTES), -minutes[c], c))
    extra: set[str] = set()
    tie_note: dict[str, str] = {}
    for position, code in enumerate(order):
        if left <= 0:
            break
        if minutes[code] % UNIT_MINUTES == 0:
            continue
        units[code] += 1
        extra.add(code)
        left -= 1
        rivals = [
            c
            for c in order[position + 1 :]
            if minutes[c] % UNIT_MINUTES == minutes[code] % UNIT_MINUTES and c not in extra
        ]
        if left == 0 and rivals:
            tie_note[code] = (
                f"; it tied with {', '.join(rivals)} on leftover minutes and won by the stated "
                "tie-break (more total minutes, then the lower code number)"
            )
    head = (
        f"CMS 8-minute rule: {total} timed min in the visit -> {total_units} "
        f"unit{'s' if total_units != 1 else ''}"
    )
    reasons = {}
    for code, m in minutes.items():
        full = m // UNIT_MINUTES
        parts = [head]
        if full:
            parts.append(f"{code} has {m} min: {full} full 15-min unit{'s' if full != 1 else ''}")
        else:
            parts.append(f"{code} has {m} min, under one full 15-min unit")
        if code in extra:
            parts.append(
                f"plus one unit for its {m % UNIT_MINUTES} leftover min, among the largest "
                f"leftovers{tie_note.get(code, '')}"
            )
        elif m % UNIT_MINUTES:
            parts.append(f"its {m % UNIT_MINUTES} leftover min did not earn a unit")
        reasons[code] = "; ".join(parts)
    return Allocation(units, total, total_units, reasons)
