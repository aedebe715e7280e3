"""Expected national non-facility payment: RVUs x conversion factor, with Medicare's
multiple procedure payment reduction (MPPR) and the 85% rate for CQ/CO lines.

MPPR: of all units billed that day, the one with the highest practice-expense RVU is paid
in full; every other unit is paid full work and malpractice RVUs but half its PE RVU.
Equal PE values go to the earlier line (lines are in code order, unmodified before CQ/CO).
Arithmetic is exact (Decimal) and each line is rounded to cents once, at the end.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assistant.rules.tables import Rvu

HALF = Decimal("0.5")
ASSISTANT_RATE = Decimal("0.85")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class PriceInput:
    units: int
    rvu: Rvu | None
    assisted: bool


@dataclass(frozen=True, slots=True)
class Price:
    amount: Decimal | None  # unrounded
    reduced_units: int
    reason: str


def price_lines(lines: Sequence[PriceInput], cf: Decimal | None) -> list[Price]:
    best: tuple[Decimal, int] | None = None
    for index, line in enumerate(lines):
        if line.rvu is not None and line.units > 0 and (best is None or line.rvu.pe > best[0]):
            best = (line.rvu.pe, index)
    prices = []
    for index, line in enumerate(lines):
        if cf is None:
            prices.append(Price(None, 0, "no conversion factor for this date"))
            continue
        if line.rvu is None:
            prices.append(Price(None, 0, "no fee schedule figure for this code and date"))
            continue
        if line.units == 0:
            prices.append(Price(Decimal(0), 0, "no units, no payment"))
            continue
        rvu = line.rvu
        reduced_units = line.units - (1 if best is not None and best[1] == index else 0)
        amount = (rvu.total * line.units - rvu.pe * HALF * reduced_units) * cf
        reason = f"{line.units} unit{'s' if line.units != 1 else ''} x {rvu.total} RVU x ${cf}"
        if reduced_units:
            reason += (
                f", less half the practice-expense RVU ({rvu.pe}) on {reduced_units} "
                f"unit{'s' if reduced_units != 1 else ''} (multiple procedure payment reduction)"
            )
        if line.assisted:
            amount *= ASSISTANT_RATE
            reason += ", x 85% for a service furnished in part by an assistant"
        prices.append(Price(amount, reduced_units, reason))
    return prices


def to_cents(amount: Decimal) -> float:
    return float(amount.quantize(CENT, rounding=ROUND_HALF_UP))
