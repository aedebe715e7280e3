"""Expected national non-facility payment: RVUs x conversion factor, with Medicare's
multiple procedure payment reduction (MPPR) and the 85% rate for CQ/CO lines.

MPPR: of all units billed that day, the one with the highest practice-expense RVU is paid
in full; every other unit is paid full work and malpractice RVUs but half its PE RVU.
Equal PE values go to the earlier line (lines are in code order, unmodified before CQ/CO).
Arithmetic is exact (Decimal) and each line is rounded to cents once, at the end.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from assistant.rules.fees import FeeSchedule

HALF = Decimal("0.5")
ASSISTANT_RATE = Decimal("0.85")
CENT = Decimal("0.01")


# One line to price: code, units, furnished in part by an assistant (CQ/CO). A plain tuple:
# the engine builds one per line of every visit, and a NamedTuple costs a Python call each.
PriceInput = tuple[str, int, bool]


@dataclass(frozen=True, slots=True)
class Price:
    amount: Decimal | None  # unrounded, at the Medicare rate (what KX adds up)
    payment: float | None  # rounded to cents, at the payer's share of the Medicare amount
    rationale: str  # "Expected payment: ...", the closing sentence of the line rationale


def price_lines(
    lines: Sequence[PriceInput],
    day: date,
    cf: Decimal | None,
    percent: float,
    fees: FeeSchedule,
) -> list[Price]:
    year = day.year
    rvus = fees.rvus(year)
    best: tuple[Decimal, int] | None = None
    for index, (code, units, _) in enumerate(lines):
        rvu = rvus.get(code)
        if rvu is not None and units > 0 and (best is None or rvu.pe > best[0]):
            best = (rvu.pe, index)
    best_index = best[1] if best is not None else -1
    # -0.0 equals 0.0 as a cache key but prints as "-0%", so a negative zero is priced uncached.
    price = line_price if percent or math.copysign(1.0, percent) > 0 else line_price.__wrapped__
    return [
        price(
            code,
            year,
            cf,
            units,
            units - 1 if index == best_index else units,
            assisted,
            percent,
            fees,
        )
        for index, (code, units, assisted) in enumerate(lines)
    ]


# A line's price depends only on its code, year, factor, unit counts, CQ/CO, the payer's
# percentage and the fee schedule (compared by identity); those keys recur across visits, so
# the Decimal arithmetic and the money formatting run once per key. Price is frozen, so
# sharing the cached object is safe.
@lru_cache(maxsize=8192)
def line_price(
    code: str,
    year: int,
    cf: Decimal | None,
    units: int,
    reduced_units: int,
    assisted: bool,
    percent: float,
    fees: FeeSchedule,
) -> Price:
    rvu = fees.rvus(year).get(code)
    amount: Decimal | None
    if cf is None:
        amount, reason = None, "no conversion factor for this date"
    elif rvu is None:
        amount, reason = None, "no fee schedule figure for this code and date"
    elif units == 0:
        amount, reason = Decimal(0), "no units, no payment"
    else:
        amount = (rvu.total * units - rvu.pe * HALF * reduced_units) * cf
        reason = f"{units} unit{'s' if units != 1 else ''} x {rvu.total} RVU x ${cf}"
        if reduced_units:
            reason += (
                f", less half the practice-expense RVU ({rvu.pe}) on {reduced_units} "
                f"unit{'s' if reduced_units != 1 else ''} (multiple procedure payment reduction)"
            )
        if assisted:
            amount *= ASSISTANT_RATE
            reason += ", x 85% for a service furnished in part by an assistant"
    rationale = f"Expected payment: {reason}"
    if amount is None:
        return Price(None, None, rationale + ".")
    if percent == 100.0:
        payment = to_cents(amount)
    else:
        payment = to_cents(amount * (Decimal(str(percent)) / 100))
        rationale += f"; at {percent:g}% of the Medicare amount (payer setting)"
    return Price(amount, payment, f"{rationale} = ${payment:,.2f}.")


def to_cents(amount: Decimal) -> float:
    # The rounding passed by position: keyword parsing was a third of this call's cost.
    return float(amount.quantize(CENT, ROUND_HALF_UP))
