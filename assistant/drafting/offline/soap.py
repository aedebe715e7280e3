"""The four SOAP sections as text.

S, A and P quote the writer's sentences in order. O lists each intervention with its minutes
and exercises as parsed (so the therapist sees what the draft understood), the measures, then
any objective words the parser could not place, quoted, so nothing said is lost.
"""

import re

from assistant.domain.note import Exercise, Intervention, Measure, MeasureKind
from assistant.drafting.offline.builders import Range
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


def _detail(iv: Intervention, label: str) -> str:
    """The description less a first clause that only restates the line's heading ("Manual
    therapy 97140: 8 minutes" after "Manual therapy (97140), 8 min:"). Kept when its words
    say more, or its minutes differ from the heading's: those a reader must see."""
    detail = iv.description.strip()
    first, sep, rest = detail.partition("; ")
    if not sep:
        return detail
    words = first.lower().replace(label.lower(), " ")
    if iv.code:
        words = words.replace(iv.code.lower(), " ")
    numbers = re.findall(r"\d+", words)
    if numbers and numbers != [str(iv.minutes)]:
        return detail
    left = _HEADING_WORDS.sub(" ", re.sub(r"\d+", " ", words))
    return rest if not left.strip() else detail


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
