"""DX0xx: diagnoses are valid, billable ICD-10-CM codes whose side agrees with the note.

Validity and billability come from the ICD-10-CM code set the caller hands in (icd.py; the
service edge loads it from the simple_icd_10_cm package); a code is billable when it is a
leaf (no more specific child code exists).
"""

from collections.abc import Iterator

from assistant.domain.note import Side
from assistant.domain.suggestion import CodeSystem, CodingSuggestion
from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.review import Review

rule = RuleSet()


def _listing(s: CodingSuggestion, limit: int = 3) -> str:
    return "; ".join(
        f"{c.code} {c.description}" + (f" ({c.reason})" if c.reason else "")
        for c in s.candidates[:limit]
    )


def _where(s: CodingSuggestion) -> str:
    span = s.evidence[0]
    return f"'{s.words}' (characters {span.start}-{span.end})"


@rule("DX001")
def diagnosis_present(review: Review) -> Iterator[Issue]:
    if not review.note.diagnoses:
        words = [s.words for s in review.suggested(CodeSystem.ICD10CM)]
        hint = (
            f"Add the ICD-10-CM code for {', '.join(repr(w) for w in words)}: see the "
            "suggestions (DX005, DX006)."
            if words
            else ""
        )
        yield Issue("diagnoses", "the note has no diagnosis", hint)


@rule("DX002")
def diagnosis_valid(review: Review) -> Iterator[Issue]:
    for index, dx in enumerate(review.note.diagnoses):
        if not review.icd.lookup(dx.code).valid:
            yield Issue(f"diagnoses[{index}].code", f"{dx.code} is not an ICD-10-CM code")


@rule("DX003")
def diagnosis_billable(review: Review) -> Iterator[Issue]:
    for index, dx in enumerate(review.note.diagnoses):
        icd = review.icd.lookup(dx.code)
        if icd.valid and not icd.billable:
            yield Issue(
                f"diagnoses[{index}].code",
                f"{dx.code} ({icd.description}) is a heading with more specific codes below it",
            )


@rule("DX004")
def diagnosis_side(review: Review) -> Iterator[Issue]:
    sides = review.documented_sides
    if not sides or Side.BILATERAL in sides:
        return
    for index, dx in enumerate(review.note.diagnoses):
        icd = review.icd.lookup(dx.code)
        if icd.side in (Side.LEFT, Side.RIGHT) and icd.side not in sides:
            found = " and ".join(sorted(sides))
            yield Issue(
                f"diagnoses[{index}].code",
                f"{dx.code} ({icd.description}) is for the {icd.side} side, but the exercises "
                f"and measures are all on the {found} side",
            )


@rule("DX005")
def code_suggested(review: Review) -> Iterator[Issue]:
    for s in review.suggested(CodeSystem.ICD10CM):
        if not s.question:
            yield Issue(s.path, f"{_where(s)} suggests {_listing(s)}")


@rule("DX006")
def code_needs_answer(review: Review) -> Iterator[Issue]:
    for s in review.suggested(CodeSystem.ICD10CM):
        if s.question:
            yield Issue(
                s.path,
                f"{_where(s)} cannot be coded yet: {s.question[0].lower()}{s.question[1:]} "
                f"Candidates: {_listing(s, 6)}",
            )


RULES = rule.rules
