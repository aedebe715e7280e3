"""DOC0xx: documentation that fills the page without saying what happened.

"Tolerated well", "see flowsheet", "pt did exercises" and "continue POC" each stand in for
something an auditor needs (the response, the exercises, the plan). Each is a warning with a
hint saying what to write instead, and each is reported once: where a rule about the missing
thing itself already fires (TE001 for unnamed exercises, TE009 for no response at all), that
rule carries the hint and these stay quiet. The phrases are data (data/boilerplate.toml).
"""

import re
from collections.abc import Iterator

from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.boilerplate import boilerplate
from assistant.rules.validation.review import Review

rule = RuleSet()
CODE = "97110"


def _first(review: Review, pattern: re.Pattern[str]) -> str:
    """The first phrase of `pattern` in what the clinician said or the draft says, or ''."""
    found = pattern.search(review.plain_text)
    return found.group(0) if found else ""


def exercises_unnamed(review: Review) -> bool:
    """TE001's condition: 97110 is billed and no exercise of it is named."""
    coded = [iv for _, iv in review.coded(CODE)]
    return bool(coded) and not any(iv.exercises for iv in coded)


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@rule("DOC001")
def response_boilerplate(review: Review) -> Iterator[Issue]:
    table = boilerplate()
    for i, iv in enumerate(review.note.interventions):
        if review.is_timed(iv.code) and table.response.only(iv.response):
            yield Issue(
                f"interventions[{i}].response",
                f"the response to {iv.code} is only '{_quote(iv.response)}', which says "
                "nothing about how the patient responded",
            )
            return  # the same stock phrase on every service is one gap, reported once


@rule("DOC002")
def flowsheet_reference(review: Review) -> Iterator[Issue]:
    table = boilerplate()
    phrase = _first(review, table.flowsheet)
    if phrase and not exercises_unnamed(review):
        yield Issue(
            "objective",
            f"the note refers to a {phrase} for what was done; a sheet kept apart from the "
            "note is not part of what is signed",
        )


@rule("DOC003")
def generic_exercises(review: Review) -> Iterator[Issue]:
    table = boilerplate()
    phrase = _first(review, table.generic_exercise)
    named = any(iv.exercises for iv in review.note.interventions)
    if phrase and not named and not exercises_unnamed(review):
        yield Issue(
            "objective",
            f"'{phrase}' does not say which exercises were done, or their dose",
        )


@rule("DOC004")
def plan_boilerplate(review: Review) -> Iterator[Issue]:
    plan = review.note.plan
    if boilerplate().plan.only(plan):
        yield Issue(
            "plan",
            f"the plan says only '{_quote(plan)}', nothing about what the next visit will do",
        )


def unnamed_hint(review: Review) -> str:
    """TE001's hint when the note points at a flowsheet or speaks of exercises generally."""
    table = boilerplate()
    phrase = _first(review, table.flowsheet)
    if phrase:
        return (
            f"The note refers to a {phrase}: name each exercise and its dose in the note "
            "itself; a sheet kept apart is not part of the signed note."
        )
    phrase = _first(review, table.generic_exercise)
    if phrase:
        return f"'{phrase}' does not say which: name each exercise and its dose."
    return ""


RULES = rule.rules
