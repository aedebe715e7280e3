"""EV0xx: every fact must point at the words in source_text that support it.

A fact without support may be a drafting model's invention; a span whose text is not found
at its offsets was misaligned. Either way the therapist confirms or removes the fact.
"""

from collections.abc import Iterator

from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.review import Review

rule = RuleSet()


@rule("EV001")
def supported(review: Review) -> Iterator[Issue]:
    for path, label, fact in review.facts:
        if not fact.evidence:
            yield Issue(f"{path}.evidence", f"{label} has no supporting text in the source")


@rule("EV002")
def aligned(review: Review) -> Iterator[Issue]:
    source = review.note.source_text
    for path, label, fact in review.facts:
        for k, span in enumerate(fact.evidence):
            # startswith at an offset compares in place, without copying the slice.
            if span.end - span.start != len(span.text) or not source.startswith(
                span.text, span.start
            ):
                yield Issue(
                    f"{path}.evidence[{k}]",
                    f"{label}: the quoted text is not at characters {span.start}-{span.end} "
                    "of the source",
                )


RULES = rule.rules
