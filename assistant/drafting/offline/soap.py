"""The four SOAP sections as text.

S, A and P quote the writer's sentences in order. O lists each intervention with its minutes
and exercises as parsed (so the therapist sees what the draft understood), the measures, then
any objective words the parser could not place, quoted, so nothing said is lost.
"""

import re

from assistant.domain.note import Exercise, Intervention, Measure, MeasureKind
from assistant.drafting.offline.builders import Range
from assistant.drafting.offline.lexicon import lexicon
from assistant.drafting.offline.numbers import View
from assistant.drafting.offline.segmenter import Section


def quote(view: View, ranges: list[Range]) -> str:
    lines = []
    for a, b in ranges:
        text = view.span(a, b).text.strip()
        if text:
            lines.append(text if text[-1] in ".!?" else text + ".")
    return "\n".join(lines)


def dose(ex: Exercise) -> str:
    parts = []
    if ex.sets and ex.reps:
        parts.append(f"{ex.sets}x{ex.reps}")
    elif ex.sets:
        parts.append(f"{ex.sets} sets")
    elif ex.reps:
        parts.append(f"x{ex.reps}")
    if ex.hold_seconds:
        parts.append(f"{ex.hold_seconds}s hold")
    if ex.load is not None and ex.load_unit:
        parts.append(f"{ex.load:g} {ex.load_unit}")
    if ex.band_colour:
        parts.append(f"{ex.band_colour} band")
    elif ex.load_unit == "band":
        parts.append("band")
    if ex.duration_minutes:
        parts.append(f"{ex.duration_minutes:g} min")
    if ex.distance and ex.distance_unit:
        parts.append(f"{ex.distance:g} {ex.distance_unit}")
    return " ".join(parts)


def exercise_line(ex: Exercise) -> str:
    side = {"left": "L ", "right": "R ", "bilateral": "B "}.get(ex.side or "", "")
    kind = f" ({ex.kind.upper() if ex.kind in ('arom', 'aarom', 'prom') else ex.kind})"
    text = f"{side}{ex.name}{kind if ex.kind else ''}"
    detail = dose(ex)
    return f"{text} {detail}".strip() + (f"; {ex.progression}" if ex.progression else "")


# What a heading clause is made of besides the service's own name: its code, its minutes.
_HEADING_WORDS = re.compile(r"(?i)\b(?:min|mins|minutes?|x|for|cpt)\b|[\s:.,()#'-]+")


# A description's leading piece: up to its first colon or semicolon.
_PIECE = re.compile(r"([^:;]*?)[:;]\s+")


def _restates(piece: str, iv: Intervention, label: str) -> bool | None:
    """True when `piece` only restates the line's heading (the service's name, one of its
    abbreviations, its code, its minutes); False when it gives other minutes; None when it
    says more."""
    text = f" {piece} "
    for name in lexicon().abbreviations.get(iv.category, frozenset()):
        # By case, as the parser reads them: "MT", not the "mt" of "amt".
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    words = text.lower().replace(label.lower(), " ")
    if iv.code:
        words = words.replace(iv.code.lower(), " ")
    numbers = re.findall(r"\d+", words)
    if numbers and numbers != [str(iv.minutes)]:
        return False
    left = _HEADING_WORDS.sub(" ", re.sub(r"\d+", " ", words))
    return True if not left.strip() else None


def _detail(iv: Intervention, label: str) -> str:
    """The description less its leading pieces that only restate the line's heading
    ("Manual therapy 97140: 8 minutes" after "Manual therapy (97140), 8 min:", or "MT 8 min"
    after the label the description leads with). All of it stays when a piece gives other
    minutes than the heading's: a reader must see those."""
    detail = iv.description.strip()
    rest = detail
    while (m := _PIECE.match(rest)) is not None:
        restates = _restates(m.group(1), iv, label)
        if restates is False:
            return detail
        if restates is None:
            return rest
        rest = rest[m.end() :]
    last = _restates(rest, iv, label)
    return detail if last is False else "" if last else rest


def intervention_line(iv: Intervention, label: str) -> str:
    head = f"{label} ({iv.code})" if iv.code else label
    if iv.minutes is not None:
        head += f", {iv.minutes} min"
    if iv.provider != "PT":
        head += f" by {iv.provider}"
    if iv.exercises:
        line = head + ": " + "; ".join(exercise_line(ex) for ex in iv.exercises) + "."
    else:
        detail = _detail(iv, label)
        line = head + (f": {detail}" if detail else "") + "."
    if iv.purpose:
        line += f" Purpose: {iv.purpose}."
    if iv.skilled_rationale:
        line += f" Skilled care: {iv.skilled_rationale}."
    return line.replace("..", ".")


def measure_line(m: Measure) -> str:
    if m.kind is MeasureKind.PAIN:
        return f"{m.name.capitalize()} {m.value:g}/10" if isinstance(m.value, float) else m.name
    if m.kind is MeasureKind.ROM and isinstance(m.value, float):
        return f"{m.name} {m.value:g} deg"
    value = f"{m.value:g}" if isinstance(m.value, float) else m.value
    return f"{m.name}: {value}{' ' + m.unit if m.unit and not m.unit.startswith('/') else m.unit}"


def objective(
    interventions: list[Intervention], labels: list[str], measures: list[Measure], extra: str
) -> str:
    lines = [intervention_line(iv, label) for iv, label in zip(interventions, labels, strict=True)]
    shown = [m for m in measures if m.kind is not MeasureKind.PAIN]
    if shown:
        lines.append("Measures: " + "; ".join(measure_line(m) for m in shown) + ".")
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def subjective(quoted: str, measures: list[Measure]) -> str:
    pains = [measure_line(m) for m in measures if m.kind is MeasureKind.PAIN]
    if pains and not quoted:
        return "; ".join(pains) + "."
    return quoted


def sections(view: View, ranges: dict[Section, list[Range]]) -> dict[Section, str]:
    return {section: quote(view, ranges.get(section, [])) for section in Section}
