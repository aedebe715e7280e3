"""Expected national non-facility payment: RVUs x conversion factor, with Medicare's
multiple procedure payment reduction (MPPR) and the 85% rate for CQ/CO lines.

MPPR: of all units billed that day, the one with the highest practice-expense RVU is paid
in full; every other unit is paid full work and malpractice RVUs but half its PE RVU.
Equal PE values go to the earlier line (lines are in code order, unmodified before CQ/CO).
Arithmetic is exact (Decimal) and each line is rounded to cents once, at the end.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from assistant.rules.fees import FeeSchedule
from assistant.rules.tables import Rvu

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
    rvus, memo = _pricing(year, cf, percent, fees)
    best_pe: Decimal | None = None
    best_index = -1
    for index, (code, units, _) in enumerate(lines):
        rvu = rvus.get(code)
        if rvu is not None and units > 0 and (best_pe is None or rvu.pe > best_pe):
            best_pe, best_index = rvu.pe, index
    out = []
    for index, (code, units, assisted) in enumerate(lines):
        reduced = units - 1 if index == best_index else units
        key = (code, units, reduced, assisted)
        price = memo.get(key)
        if price is None:
            if len(memo) >= MEMO_SIZE:
                memo.clear()  # a bound on memory, whatever mix of codes and units comes in
            price = memo[key] = line_price(code, year, cf, units, reduced, assisted, percent, fees)
        out.append(price)
    return out


# A line's price depends only on its code, unit counts and CQ/CO once the year, factor, payer
# percentage and fee schedule (compared by identity) are fixed; those recur across visits, so
# the Decimal arithmetic and the money formatting run once per key. Price is frozen, so
# sharing the memoised object is safe.
MEMO_SIZE = 4096


@lru_cache(maxsize=256)
def _pricing(
    year: int, cf: Decimal | None, percent: float, fees: FeeSchedule
) -> tuple[Mapping[str, Rvu], dict[tuple[str, int, int, bool], Price]]:
    """The year's RVUs and the memo of prices under these settings."""
    return fees.rvus(year), {}


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
