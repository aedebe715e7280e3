"""CS0xx: a billed code must be backed by a documented intervention of that code's kind.

What counts as each kind is data (data/code_support.toml), matched against the intervention's
description and exercise names. Keyword matching cannot prove a service was of a kind, so a
text that matches no keyword is a warning to confirm; a code with no intervention at all is
an error. Messages say what documentation is missing; where the content fits another code,
CS008 says which and why (a neutral suggestion, assistant/rules/suggest/cpt.py) and CS002-CS004
stay quiet on that intervention, so one mismatch is one finding.
"""

from collections.abc import Iterator

from assistant.domain.note import Intervention, InterventionCategory
from assistant.domain.suggestion import CodeSystem
from assistant.rules.tables import CodeInfo
from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.keywords import code_support, normalise
from assistant.rules.validation.review import Review

rule = RuleSet()
LCD = "LCD L33631 (Outpatient Physical and Occupational Therapy Services)"


def _text(iv: Intervention) -> str:
    return normalise(" ".join([iv.description, *(ex.name for ex in iv.exercises)]))


def _supports(review: Review, iv: Intervention, code: str) -> bool:
    if iv.code == code:
        return True
    info = review.catalog.get(iv.code or "")
    return info is not None and info.medicare_replacement == code


@rule("CS001")
def code_documented(review: Review) -> Iterator[Issue]:
    places: dict[str, str] = {}
    for index, line in enumerate(review.note.claim_lines):
        places.setdefault(line.code, f"claim_lines[{index}]")
    for index, seg in enumerate(review.note.timer_segments):
        places.setdefault(seg.code, f"timer_segments[{index}]")
    for code, path in places.items():
        if not any(_supports(review, iv, code) for iv in review.note.interventions):
            yield Issue(path, f"{code} is billed or timed but no intervention documents it")


@rule("CS002")
def code_kind(review: Review) -> Iterator[Issue]:
    table = code_support().by_code
    for index, iv in enumerate(review.note.interventions):
        matcher = table.get(iv.code or "")
        if matcher and index not in review.recoded and not matcher.matches(_text(iv)):
            yield Issue(
                f"interventions[{index}].description",
                f"the {iv.code} description does not describe {matcher.kind}",
                f"Describe the {matcher.kind} performed, or confirm the code.",
            )


@rule("CS003")
def exercises_under_activities(review: Review) -> Iterator[Issue]:
    activity = code_support().by_code["97530"]
    for i, iv in review.coded("97530"):
        if i in review.recoded:
            continue
        for j, ex in enumerate(iv.exercises):
            if ex.kind is not None or not activity.matches(normalise(ex.name)):
                yield Issue(
                    f"interventions[{i}].exercises[{j}]",
                    f"'{ex.name}' is documented as an exercise under 97530",
                )


@rule("CS004")
def functional_under_exercise(review: Review) -> Iterator[Issue]:
    functional = code_support().functional
    for i, iv in review.coded("97110"):
        if i not in review.recoded and functional.search(_text(iv)):
            yield Issue(
                f"interventions[{i}]",
                "97110 documentation describes functional training (transfers, ADLs or work "
                "tasks), which therapeutic exercise does not cover",
            )


def _other_fits(iv: Intervention, info: CodeInfo) -> bool:
    # Codes such as dry needling or canalith repositioning have catalog categories the note
    # format has no name for; a note records them as "other".
    return iv.category is InterventionCategory.OTHER and info.category not in _NOTE_CATEGORIES


_NOTE_CATEGORIES = frozenset(c.value for c in InterventionCategory)


@rule("CS005")
def category_matches(review: Review) -> Iterator[Issue]:
    for index, iv in enumerate(review.note.interventions):
        info = review.catalog.get(iv.code or "")
        if info is not None and iv.category != info.category and not _other_fits(iv, info):
            yield Issue(
                f"interventions[{index}].category",
                f"documented as {iv.category.replace('_', ' ')} but coded {iv.code} "
                f"({info.description})",
            )


@rule("CS006")
def skilled_need(review: Review) -> Iterator[Issue]:
    for index, iv in enumerate(review.note.interventions):
        # 97110 has its own rule (TE008) with exercise-specific advice.
        if iv.code != "97110" and review.is_timed(iv.code) and not iv.skilled_rationale.strip():
            yield Issue(
                f"interventions[{index}].skilled_rationale",
                f"{iv.code} does not say why a therapist's skill was needed",
            )


@rule("CS007")
def known_code(review: Review) -> Iterator[Issue]:
    places: list[tuple[str, str | None]] = [
        (f"interventions[{i}].code", iv.code) for i, iv in enumerate(review.note.interventions)
    ]
    places += [
        (f"timer_segments[{i}].code", s.code) for i, s in enumerate(review.note.timer_segments)
    ]
    places += [(f"claim_lines[{i}].code", c.code) for i, c in enumerate(review.note.claim_lines)]
    for path, code in places:
        if code is not None and code not in review.catalog:
            yield Issue(path, f"{code} is not a therapy code ptscribe knows")


@rule("CS008")
def content_fits_another_code(review: Review) -> Iterator[Issue]:
    for s in review.suggested(CodeSystem.CPT):
        best = s.candidates[0]
        yield Issue(s.path, f"{best.reason}; consider {best.code} ({best.description})")


RULES = rule.rules
