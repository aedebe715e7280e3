"""MIN0xx: minutes per timed code, the documented totals, and the claim the minutes support.

Units and modifiers are never trusted from the draft: the billing engine recomputes them from
the timers (or, without timers, the documented minutes) and any difference is an error.
Timer overlaps and other billing problems arrive as the engine's own BIL findings.
"""

from collections import defaultdict
from collections.abc import Iterator

from assistant.domain.billing import BillResult
from assistant.rules.billing.timers import timer_minutes
from assistant.rules.claim import describe
from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.review import Review

rule = RuleSet()


def _has_timed(review: Review) -> bool:
    return any(review.is_timed(iv.code) for iv in review.note.interventions)


def _written_minutes(review: Review) -> bool:
    """Some timed service has minutes written in the note."""
    return any(
        review.is_timed(iv.code) and iv.minutes is not None for iv in review.note.interventions
    )


def no_minutes(review: Review) -> bool:
    """Timed services with no minute anywhere: none per service, no timer, no total. What is
    missing is the minutes; the totals and units that follow from them are not asked again."""
    note = review.note
    return (
        _has_timed(review)
        and not _written_minutes(review)
        and not note.timer_segments
        and note.total_timed_minutes is None
        and note.total_treatment_minutes is None
    )


@rule("MIN001")
def minutes_present(review: Review) -> Iterator[Issue]:
    lacking = [
        (index, iv.code)
        for index, iv in enumerate(review.note.interventions)
        if review.is_timed(iv.code) and iv.minutes is None and iv.code not in review.timer_codes
    ]
    if lacking and no_minutes(review):
        codes = " and ".join(dict.fromkeys(str(code) for _, code in lacking))
        yield Issue(
            f"interventions[{lacking[0][0]}].minutes",
            f"no minutes are recorded for {codes}: no units, total timed or total treatment "
            "time can be worked out",
            "Record each service's one-on-one minutes; the totals and units follow from them.",
        )
        return
    for index, code in lacking:
        yield Issue(f"interventions[{index}].minutes", f"{code} has no minutes recorded")


@rule("MIN002")
def total_timed_present(review: Review) -> Iterator[Issue]:
    if _has_timed(review) and review.note.total_timed_minutes is None and not no_minutes(review):
        yield Issue("total_timed_minutes", "the total timed minutes are not documented")


@rule("MIN003")
def total_treatment_present(review: Review) -> Iterator[Issue]:
    coded = any(iv.code for iv in review.note.interventions)
    note = review.note
    if coded and note.total_treatment_minutes is None and not no_minutes(review):
        yield Issue("total_treatment_minutes", "the total treatment minutes are not documented")


@rule("MIN004")
def total_timed_consistent(review: Review) -> Iterator[Issue]:
    result, documented = review.claim.result, review.note.total_timed_minutes
    if result is not None and documented is not None and documented != result.total_timed_minutes:
        yield Issue(
            "total_timed_minutes",
            f"the note says {documented} timed minutes, but its services add up to "
            f"{result.total_timed_minutes}",
        )


@rule("MIN005")
def total_treatment_consistent(review: Review) -> Iterator[Issue]:
    note, result = review.note, review.claim.result
    total = note.total_treatment_minutes
    if total is None:
        return
    timed = note.total_timed_minutes
    if timed is not None and total < timed:
        yield Issue(
            "total_treatment_minutes",
            f"total treatment time ({total} minutes) is less than the total timed minutes "
            f"({timed})",
        )
    elif result is not None and total < result.total_treatment_minutes:
        yield Issue(
            "total_treatment_minutes",
            f"total treatment time ({total} minutes) is less than the "
            f"{result.total_treatment_minutes} minutes of services documented",
        )


def _units_text(result: BillResult) -> str:
    return (
        f"{describe(result.lines)} ({result.total_timed_minutes} timed minutes, "
        f"{result.basis.unit_rule.upper()} rule)"
    )


@rule("MIN006")
def units_match(review: Review) -> Iterator[Issue]:
    result = review.claim.result
    if result is None:
        return
    for diff in review.claim_diffs:
        if diff.units_differ:
            yield Issue(
                diff.path,
                f"the note bills {diff.proposed}, but the minutes support {diff.recomputed}; "
                f"recomputed claim: {_units_text(result)}",
            )


@rule("MIN007")
def modifiers_match(review: Review) -> Iterator[Issue]:
    result = review.claim.result
    if result is None:
        return
    for diff in review.claim_diffs:
        if not diff.units_differ:
            yield Issue(
                diff.path,
                f"the note bills {diff.proposed}, but the recomputed lines are "
                f"{diff.recomputed}; recomputed claim: {_units_text(result)}",
            )


@rule("MIN008")
def timers_present(review: Review) -> Iterator[Issue]:
    # Without written minutes nothing was billed from them: MIN001 asks for the minutes.
    if _written_minutes(review) and not review.note.timer_segments:
        yield Issue(
            "timer_segments",
            "no timers recorded: units were computed from the minutes written in the note",
        )


@rule("MIN009")
def minutes_match_timers(review: Review) -> Iterator[Issue]:
    # The engine's own count (seconds summed, then floored): a 7:59 timer is 7 minutes, so a
    # note that says 8 is told, rather than tolerated while the claim bills nothing.
    timers = timer_minutes(review.note.timer_segments)
    written: dict[str, int] = defaultdict(int)
    first: dict[str, int] = {}
    for index, iv in enumerate(review.note.interventions):
        if iv.code in timers and iv.minutes is not None:
            written[iv.code] += iv.minutes
            first.setdefault(iv.code, index)
    for code, minutes in written.items():
        if minutes != timers[code]:
            yield Issue(
                f"interventions[{first[code]}].minutes",
                f"{code}: the note says {minutes} minutes, the timers bill {timers[code]}",
            )


@rule("MIN010")
def claim_computable(review: Review) -> Iterator[Issue]:
    claim = review.claim
    if claim.problem and not claim.unknown_codes:
        yield Issue("interventions", f"the claim could not be recomputed: {claim.problem}")


RULES = rule.rules
