"""CPT suggestions: where the documented content fits another timed code than the one billed.

The table is data (data/cpt_fit.toml). An exercise on foam billed as 97110 fits 97112;
transfers or object retrieval fit 97530; a 97530 or 97112 whose content is only exercises
for single deficits fits 97110. The suggestion gives the reason and the words; it never
reads a fee, so what a code pays cannot change what is suggested (tests/rules/suggest).
"""

import re
from dataclasses import dataclass
from functools import cache

from assistant.domain.note import Exercise, ExerciseKind, Intervention, Note, Span
from assistant.domain.suggestion import Candidate, CodeSystem, CodingSuggestion
from assistant.errors import RuleTableError
from assistant.rules import tables
from assistant.rules.validation.exercise import implied_kind
from assistant.rules.validation.keywords import (
    code_support,
    compile_keywords,
    normalise,
    read_table,
)

EXERCISE_CODE = "97110"
_SINGLE_DEFICIT = frozenset(ExerciseKind)  # every exercise type addresses one deficit


@dataclass(frozen=True, slots=True)
class Fit:
    code: str
    reason: str
    over: frozenset[str]
    pattern: re.Pattern[str] | None  # None: the 97110 row, judged by exercise types


@cache
def fits() -> tuple[Fit, ...]:
    try:
        data = read_table("cpt_fit.toml")
        return tuple(
            Fit(
                str(row["code"]),
                str(row["reason"]),
                frozenset(str(c) for c in row["over"]),
                compile_keywords(row["keywords"]) if row["keywords"] else None,
            )
            for row in data["fit"]
        )
    except (OSError, KeyError, TypeError) as exc:
        raise RuleTableError(f"rule table cpt_fit.toml: {exc}") from exc


def _parts(iv: Intervention) -> list[tuple[str, list[Span]]]:
    """What was done, item by item: each exercise, or the description when none is listed."""
    if iv.exercises:
        return [(ex.name, ex.evidence) for ex in iv.exercises]
    return [(iv.description, iv.evidence)] if iv.description.strip() else []


def _only_exercises(iv: Intervention) -> bool:
    own = code_support().by_code.get(iv.code or "")
    text = normalise(" ".join([iv.description, *(ex.name for ex in iv.exercises)]))
    if not iv.exercises or (own is not None and own.matches(text)):
        return False
    return all(_single_deficit(ex) for ex in iv.exercises)


def _single_deficit(ex: Exercise) -> bool:
    kind = implied_kind(ex)
    return kind is not None and kind in _SINGLE_DEFICIT


def _suggestion(
    index: int, iv: Intervention, fit: Fit, words: list[str], spans: list[Span], whole: bool
) -> CodingSuggestion:
    info = tables.catalog().get(fit.code)
    description = info.description if info else fit.code
    quoted = ", ".join(f"'{w}'" for w in words)
    share = "the content" if whole else f"part of the content ({quoted})"
    return CodingSuggestion(
        system=CodeSystem.CPT,
        words="; ".join(words),
        evidence=spans,
        path=f"interventions[{index}].code",
        candidates=[
            Candidate(
                code=fit.code,
                description=description,
                reason=f"{share} billed as {iv.code} fits {fit.code}: {fit.reason}",
            )
        ],
    )


def cpt_suggestions(note: Note) -> list[CodingSuggestion]:
    out: list[CodingSuggestion] = []
    for index, iv in enumerate(note.interventions):
        if iv.code is None:
            continue
        for fit in fits():
            if iv.code not in fit.over or fit.code == iv.code:
                continue
            if fit.pattern is None:
                if _only_exercises(iv):
                    names = [ex.name for ex in iv.exercises]
                    spans = [s for ex in iv.exercises for s in ex.evidence]
                    out.append(_suggestion(index, iv, fit, names, spans, whole=True))
                continue
            parts = _parts(iv)
            hits = [(text, spans) for text, spans in parts if fit.pattern.search(normalise(text))]
            if hits:
                words = [text for text, _ in hits]
                spans = [s for _, ss in hits for s in ss]
                out.append(_suggestion(index, iv, fit, words, spans, whole=len(hits) == len(parts)))
    return out
