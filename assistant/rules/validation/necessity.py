"""MN0xx: medical necessity must be documented once therapy spend passes the KX threshold.

Whether this visit is over the threshold is the billing engine's decision (it adds KX to the
recomputed lines), so the two can never disagree; the threshold table is read directly only
when no claim could be computed.
"""

from collections.abc import Iterator
from decimal import Decimal

from assistant.domain.context import ytd_allowed
from assistant.rules import tables
from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.review import Review

rule = RuleSet()


@rule("MN001")
def statement_present(review: Review) -> Iterator[Issue]:
    statement = review.note.medical_necessity
    if not review.payer.follows_medicare or (statement is not None and statement.text.strip()):
        return
    kx = tables.kx_threshold(review.note.date_of_service)
    if kx is None:
        return  # the engine reports the missing threshold (BIL032)
    result, threshold = review.claim.result, Decimal(str(kx.amount))
    counted = result.year_to_date_allowed if result is not None else None
    if result is None or counted is None:
        # No claim: only the amount already spent can be over.
        running = Decimal(str(ytd_allowed(review.context)))
        over = running > threshold
    else:
        # The engine's total and decision, never a second sum of the lines' payments.
        running = Decimal(str(counted))
        over = any("KX" in line.modifiers for line in result.lines)
    if over:
        yield Issue(
            "medical_necessity",
            f"year-to-date therapy allowed with this visit is ${running:,.2f}, over the "
            f"{kx.year} threshold of ${threshold:,.2f}, and no medical-necessity statement "
            "is documented",
        )


RULES = rule.rules
