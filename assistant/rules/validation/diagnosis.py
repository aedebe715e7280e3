"""DX0xx: diagnoses are valid, billable ICD-10-CM codes whose side agrees with the note.

Validity and billability come from the simple_icd_10_cm package (icd.py); a code is billable
when it is a leaf (no more specific child code exists).
"""

from collections.abc import Iterator

from assistant.domain.findings import Element, Severity
from assistant.domain.note import Side
from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.icd import lookup
from assistant.rules.validation.review import Review

rule = RuleSet()
GUIDELINES = "ICD-10-CM Official Guidelines for Coding and Reporting, section I.A and I.B"


@rule(
    "DX001",
    Severity.ERROR,
    Element.DIAGNOSIS,
    "No diagnosis documented",
    "Every therapy claim line needs a diagnosis that supports medical necessity "
    "(CMS-1500 item 21; Pub. 100-02 ch. 15 sec. 220.3)",
    hint="Add the treating diagnosis (ICD-10-CM) from the plan of care.",
)
def diagnosis_present(review: Review) -> Iterator[Issue]:
    if not review.note.diagnoses:
        yield Issue("diagnoses", "the note has no diagnosis")


@rule(
    "DX002",
    Severity.ERROR,
    Element.DIAGNOSIS,
    "Diagnosis code is not an ICD-10-CM code",
    f"Claims are rejected for codes not in the ICD-10-CM code set; {GUIDELINES}",
    hint="Check the code for a typo against the ICD-10-CM code set.",
)
def diagnosis_valid(review: Review) -> Iterator[Issue]:
    for index, dx in enumerate(review.note.diagnoses):
        if not lookup(dx.code).valid:
            yield Issue(f"diagnoses[{index}].code", f"{dx.code} is not an ICD-10-CM code")


@rule(
    "DX003",
    Severity.ERROR,
    Element.DIAGNOSIS,
    "Diagnosis code is a category, not a billable code",
    f"Codes must be reported to the highest number of characters available; {GUIDELINES}",
    hint="Use the complete code: add the characters for side, site or encounter.",
)
def diagnosis_billable(review: Review) -> Iterator[Issue]:
    for index, dx in enumerate(review.note.diagnoses):
        icd = lookup(dx.code)
        if icd.valid and not icd.billable:
            yield Issue(
                f"diagnoses[{index}].code",
                f"{dx.code} ({icd.description}) is a heading with more specific codes below it",
            )


@rule(
    "DX004",
    Severity.WARNING,
    Element.DIAGNOSIS,
    "Diagnosis side conflicts with the side treated or measured",
    f"Laterality in the code must match the documentation; {GUIDELINES} (I.B.13 laterality)",
    hint="Correct the diagnosis side, or the side recorded on the exercises and measures.",
)
def diagnosis_side(review: Review) -> Iterator[Issue]:
    sides = review.documented_sides
    if not sides or Side.BILATERAL in sides:
        return
    for index, dx in enumerate(review.note.diagnoses):
        icd = lookup(dx.code)
        if icd.side in (Side.LEFT, Side.RIGHT) and icd.side not in sides:
            found = " and ".join(sorted(sides))
            yield Issue(
                f"diagnoses[{index}].code",
                f"{dx.code} ({icd.description}) is for the {icd.side} side, but the exercises "
                f"and measures are all on the {found} side",
            )


RULES = rule.rules
