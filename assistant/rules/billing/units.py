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
from functools import lru_cache

from assistant.domain.billing import UnitRule

UNIT_MINUTES = 15
THRESHOLD = 8  # "substantial portion": more than half of 15 minutes


def units_for_minutes(minutes: int) -> int:
    """The 15-minute table: 8-22 -> 1, 23-37 -> 2, ... and nothing below 8."""
    if minutes < THRESHOLD:
        return 0
    return (minutes + UNIT_MINUTES - THRESHOLD) // UNIT_MINUTES


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made this
# one object per visit cost as much as the allocation it reports.
@dataclass(slots=True)
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
    units: dict[str, int] = {}
    reasons: dict[str, str] = {}
    for code, m in minutes.items():
        units[code], reasons[code] = _ama_code(code, m)
    return Allocation(units, sum(minutes.values()), sum(units.values()), reasons)


# A code's units and reason depend only on its code and minutes, which recur visit after
# visit, so both are worked out once per key rather than once per visit.
@lru_cache(maxsize=4096)
def _ama_code(code: str, m: int) -> tuple[int, str]:
    u = units_for_minutes(m)
    return u, (
        f"AMA per-code rule: {m} min of {code} alone -> {u} "
        f"unit{'s' if u != 1 else ''} (a unit needs at least {THRESHOLD} min "
        "of the code itself; minutes are not pooled)"
    )


@lru_cache(maxsize=1024)
def _cms_head(total: int) -> str:
    total_units = units_for_minutes(total)
    return (
        f"CMS 8-minute rule: {total} timed min in the visit -> {total_units} "
        f"unit{'s' if total_units != 1 else ''}"
    )


@lru_cache(maxsize=4096)
def _cms_code_part(code: str, m: int, extra: bool) -> str:
    """What one code's own minutes earned; any tie note is appended after this text."""
    full = m // UNIT_MINUTES
    if full:
        parts = [f"{code} has {m} min: {full} full 15-min unit{'s' if full != 1 else ''}"]
    else:
        parts = [f"{code} has {m} min, under one full 15-min unit"]
    if extra:
        parts.append(
            f"plus one unit for its {m % UNIT_MINUTES} leftover min, among the largest leftovers"
        )
    elif m % UNIT_MINUTES:
        parts.append(f"its {m % UNIT_MINUTES} leftover min did not earn a unit")
    return "; ".join(parts)


def _cms(minutes: Mapping[str, int]) -> Allocation:
    if len(minutes) == 1:
        # One timed code (the commonest visit): the pooled table is that code's own table.
        ((code, m),) = minutes.items()
        earned = units_for_minutes(m)
        return Allocation({code: earned}, m, earned, {code: _cms_one_reason(code, m)})
    total = sum(minutes.values())
    total_units = units_for_minutes(total)
    units = {code: m // UNIT_MINUTES for code, m in minutes.items()}
    left = total_units - sum(units.values())
    extra: set[str] = set()
    tie_note: dict[str, str] = {}
    if left > 0:  # skip the sort when full units already use up the visit's units
        # Largest remainder first; ties: more total minutes, then the lower code number.
        order = sorted([(-(m % UNIT_MINUTES), -m, code) for code, m in minutes.items()])
        for position, (neg_leftover, _, code) in enumerate(order):
            if not neg_leftover:
                break  # sorted: no code after this one has leftover minutes either
            units[code] += 1
            extra.add(code)
            left -= 1
            if left > 0:
                continue
            # The last unit handed out: note any code with the same leftover that lost (the
            # codes after this one got no extra unit).
            rivals = [c for n, _, c in order[position + 1 :] if n == neg_leftover]
            if rivals:
                tie_note[code] = (
                    f"; it tied with {', '.join(rivals)} on leftover minutes and won by the "
                    "stated tie-break (more total minutes, then the lower code number)"
                )
            break
    # The visit's head sentence once, each code's part from its own small cache: the whole
    # reason depends on the visit's total too, and that product of keys recurs too rarely
    # to be worth caching.
    head = _cms_head(total)
    if tie_note:
        reasons = {
            code: f"{head}; {_cms_code_part(code, m, code in extra)}{tie_note.get(code, '')}"
            for code, m in minutes.items()
        }
    else:
        reasons = {
            code: f"{head}; {_cms_code_part(code, m, code in extra)}" for code, m in minutes.items()
        }
    return Allocation(units, total, total_units, reasons)


@lru_cache(maxsize=4096)
def _cms_one_reason(code: str, m: int) -> str:
    """The reason for a visit with one timed code: its leftover earns the unit the pooled
    table gives beyond its full units, if any."""
    extra = units_for_minutes(m) > m // UNIT_MINUTES
    return f"{_cms_head(m)}; {_cms_code_part(code, m, extra)}"
