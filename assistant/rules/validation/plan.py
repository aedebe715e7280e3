"""POC0xx: the plan of care the note works under: certification, progress reports, goals.

These rules need the visit context; without it they are skipped and POC008 says so.
"""

from collections.abc import Iterator
from datetime import date, timedelta

from assistant.domain.context import PlanOfCare
from assistant.domain.note import NoteType
from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.review import Review

rule = RuleSet()
CERTIFY_WITHIN = timedelta(days=30)
PLAN_LENGTH = timedelta(days=90)
PROGRESS_EVERY = 10  # treatment days, the evaluation counting as day 1
# From 2025 a signed order plus proof the plan was sent within 30 days also certifies it.
ORDER_RULE_FROM = date(2025, 1, 1)


def _certified(plan: PlanOfCare, day: date) -> bool:
    if plan.certified:
        return True
    return (
        day >= ORDER_RULE_FROM
        and plan.signed_order
        and plan.sent_on is not None
        and plan.sent_on - plan.first_treatment <= CERTIFY_WITHIN
    )


@rule("POC001")
def certified(review: Review) -> Iterator[Issue]:
    plan, day = review.plan_of_care, review.note.date_of_service
    if plan is None or day - plan.first_treatment <= CERTIFY_WITHIN or _certified(plan, day):
        return
    days = (day - plan.first_treatment).days
    yield Issue(
        "context.plan_of_care.certified",
        f"the plan of care is still not certified {days} days after the first treatment",
    )


@rule("POC002")
def certification_current(review: Review) -> Iterator[Issue]:
    plan, day = review.plan_of_care, review.note.date_of_service
    if plan is None or not _certified(plan, day):
        return
    end = plan.certified_through or plan.first_treatment + PLAN_LENGTH
    if day > end:
        yield Issue(
            "context.plan_of_care.certified_through",
            f"the certified period ended on {end.isoformat()}",
        )


def _progress_due(review: Review) -> int | None:
    days = review.context.treatment_days_since_progress_report if review.context else None
    if days is None or days < PROGRESS_EVERY or review.note.note_type.therapist_only:
        return None
    return days


@rule("POC003")
def progress_report_medicare(review: Review) -> Iterator[Issue]:
    days = _progress_due(review)
    if days is not None and review.payer.follows_medicare:
        yield Issue(
            "note_type",
            f"this is treatment day {days} since the last progress report: one is due",
        )


@rule("POC004")
def progress_report_other(review: Review) -> Iterator[Issue]:
    days = _progress_due(review)
    if days is not None and not review.payer.follows_medicare:
        yield Issue(
            "note_type",
            f"treatment day {days} since the last progress report; Medicare would require one",
        )


@rule("POC005")
def plan_on_file(review: Review) -> Iterator[Issue]:
    note = review.note
    if review.context and review.plan_of_care is None and note.note_type != NoteType.EVALUATION:
        yield Issue("context.plan_of_care", "no plan of care was given for this visit")


@rule("POC006")
def goal_known(review: Review) -> Iterator[Issue]:
    for i, iv in enumerate(review.note.interventions):
        for j, goal in enumerate(iv.goal_ids):
            if goal not in review.goal_ids:
                yield Issue(
                    f"interventions[{i}].goal_ids[{j}]",
                    f"goal {goal} is not in the note or the plan of care",
                )


@rule("POC007")
def goals_present(review: Review) -> Iterator[Issue]:
    if not review.goal_ids:
        yield Issue("goals", "no goals are documented in the note or the plan of care")


@rule("POC008")
def context_given(review: Review) -> Iterator[Issue]:
    if review.context is None:
        yield Issue("", "no visit context was given; some checks did not run")


RULES = rule.rules
