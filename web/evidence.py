"""The review page's evidence view: the dictation cut into plain and marked pieces, and the
note's facts, each naming the pieces that support it.

A stretch of the source may support several facts (an exercise and its minutes), so marks
are cut at every span boundary and each piece lists all the facts covering it; the page's
script lights up the pieces of whichever fact has focus or the pointer. Offsets come from
the drafter's evidence; a span that runs past the text (a hand-edited note) is clipped
rather than trusted.
"""

import re
from dataclasses import dataclass, field
from itertools import pairwise

from assistant.domain.note import Exercise, Fact, Intervention, Measure, Note, Span


@dataclass(frozen=True)
class FactView:
    key: str  # "f3": the token marks carry
    anchor: str  # "fact-interventions-0-exercises-1": the element id a finding links to
    path: str  # "interventions[0].exercises[1]": the note path findings use
    kind: str
    text: str
    quotes: list[str] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        return bool(self.quotes)


@dataclass(frozen=True)
class Piece:
    text: str
    facts: tuple[str, ...]  # empty: plain text


def anchor_of(path: str, prefix: str) -> str:
    """An element id for a note path: interventions[0].minutes -> prefix-interventions-0-minutes."""
    slug = re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")
    return f"{prefix}-{slug}" if slug else prefix


def _exercise_text(ex: Exercise) -> str:
    dose = []
    if ex.sets and ex.reps:
        dose.append(f"{ex.sets}x{ex.reps}")
    elif ex.sets:
        dose.append(f"{ex.sets} sets")
    elif ex.reps:
        dose.append(f"{ex.reps} reps")
    if ex.load is not None:
        dose.append(f"{ex.load:g} {ex.load_unit.value if ex.load_unit else ''}".strip())
    elif ex.band_colour:
        dose.append(f"{ex.band_colour} band")
    if ex.hold_seconds:
        dose.append(f"{ex.hold_seconds}s hold")
    if ex.duration_minutes:
        dose.append(f"{ex.duration_minutes:g} min")
    side = f"{ex.side.value} " if ex.side else ""
    return f"{side}{ex.name}" + (f": {', '.join(dose)}" if dose else "")


def _intervention_text(item: Intervention) -> str:
    code = f"{item.code} " if item.code else ""
    minutes = f", {item.minutes} min" if item.minutes is not None else ", minutes not stated"
    return f"{code}{item.category.value.replace('_', ' ')}{minutes}"


def _measure_text(m: Measure) -> str:
    value = f"{m.value:g}" if isinstance(m.value, float) else str(m.value)
    side = f"{m.side.value} " if m.side else ""
    return f"{side}{m.name}: {value}{(' ' + m.unit) if m.unit else ''}"


def facts_of(note: Note) -> list[tuple[str, str, str, Fact]]:
    """(path, kind, text, fact) for every fact, in the order the note lists them."""
    found: list[tuple[str, str, str, Fact]] = []
    for i, dx in enumerate(note.diagnoses):
        found.append((f"diagnoses[{i}]", "Diagnosis", f"{dx.code} {dx.description}".strip(), dx))
    for i, goal in enumerate(note.goals):
        found.append((f"goals[{i}]", "Goal", f"{goal.id}: {goal.text}", goal))
    for i, m in enumerate(note.measures):
        found.append((f"measures[{i}]", "Measure", _measure_text(m), m))
    for i, item in enumerate(note.interventions):
        found.append((f"interventions[{i}]", "Service and minutes", _intervention_text(item), item))
        for j, ex in enumerate(item.exercises):
            path = f"interventions[{i}].exercises[{j}]"
            found.append((path, "Exercise", _exercise_text(ex), ex))
    if note.medical_necessity is not None:
        text = note.medical_necessity.text or "medical necessity"
        found.append(("medical_necessity", "Medical necessity", text, note.medical_necessity))
    return found


def _clipped(span: Span, size: int) -> tuple[int, int] | None:
    start, end = min(span.start, size), min(span.end, size)
    return (start, end) if end > start else None


def evidence_view(note: Note) -> tuple[list[FactView], list[Piece]]:
    source = note.source_text
    size = len(source)
    views: list[FactView] = []
    covering: list[tuple[int, int, str]] = []
    for n, (path, kind, text, fact) in enumerate(facts_of(note), start=1):
        key = f"f{n}"
        quotes = []
        for span in fact.evidence:
            bounds = _clipped(span, size)
            if bounds is not None:
                covering.append((*bounds, key))
                quotes.append(source[bounds[0] : bounds[1]])
        views.append(FactView(key, anchor_of(path, "fact"), path, kind, text, quotes))
    return views, pieces(source, covering)


def pieces(source: str, covering: list[tuple[int, int, str]]) -> list[Piece]:
    """The source cut at every span boundary; each piece names the facts covering it."""
    cuts = sorted({0, len(source), *(s for s, _, _ in covering), *(e for _, e, _ in covering)})
    out: list[Piece] = []
    for start, end in pairwise(cuts):
        keys = tuple(k for s, e, k in covering if s <= start and end <= e)
        out.append(Piece(source[start:end], keys))
    return out
