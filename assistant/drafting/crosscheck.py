"""Cross-check the numbers a model read against those the offline parser read with certainty.

The offline parser is deterministic and reads numbers from fixed patterns ("3x10", "15 lb",
"97110 x 23 min"); where it found a number with evidence, that number is the reference. A
model that reads another value for the same exercise or code is more likely wrong than the
parser, but either may be, so a disagreement is a warning for the therapist, not a repair.

Exercises are paired by normalised name (case, punctuation, plurals and filler words
ignored), uncoded interventions' minutes by category. Numbers are only compared when both
sides have one: an omission is the validator's business, not a disagreement. Coded
interventions are billed, so their minutes are not merely compared here: `support.ground`
keeps only what the source supports and says what is billed.
"""

import re
from collections.abc import Iterator

from assistant.domain.findings import Finding
from assistant.domain.note import Exercise, Note
from assistant.rules.registry import finding

PARAMETERS = "DRF010"
TIMED_MINUTES = "DRF011"

_FILLER = {"the", "a", "an", "of", "with", "and", "on", "in", "for", "x", "to", "exercise"}
_PARAMS = ("sets", "reps", "load", "hold_seconds")


def normalise(name: str) -> str:
    words = []
    for word in re.findall(r"[a-z0-9]+", name.lower().replace("'", "")):
        if word in _FILLER:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def _exercises(note: Note) -> Iterator[tuple[str, Exercise]]:
    for i, iv in enumerate(note.interventions):
        for j, ex in enumerate(iv.exercises):
            yield f"interventions[{i}].exercises[{j}]", ex


def _minutes(note: Note, certain: bool) -> dict[str, tuple[int, str]]:
    """Minutes per category of uncoded interventions (summed), with the first one's path.

    Coded interventions are billed, so their minutes are checked against the source by
    `support.ground`, which also decides what is billed.
    """
    found: dict[str, tuple[int, str]] = {}
    for i, iv in enumerate(note.interventions):
        if iv.code is not None or iv.minutes is None or (certain and not iv.evidence):
            continue
        key = iv.category.value
        total, path = found.get(key, (0, f"interventions[{i}].minutes"))
        found[key] = (total + iv.minutes, path)
    return found


def _load(ex: Exercise) -> tuple[float, str] | None:
    if ex.load is None:
        return None
    return ex.load, ex.load_unit.value if ex.load_unit else ""


def _fmt(value: object) -> str:
    if isinstance(value, tuple):
        number, unit = value
        return f"{number:g} {unit}".strip()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def compare(model: Note, offline: Note) -> list[Finding]:
    """Warnings where the model's numbers disagree with the offline parser's certain ones."""
    findings: list[Finding] = []
    reference: dict[str, Exercise] = {}
    for _, ex in _exercises(offline):
        # Only numbers backed by evidence count as certain; the first of a name wins.
        if ex.evidence:
            reference.setdefault(normalise(ex.name), ex)
    for path, ex in _exercises(model):
        ref = reference.get(normalise(ex.name))
        if ref is None:
            continue
        for field in _PARAMS:
            mine: object = _load(ex) if field == "load" else getattr(ex, field)
            theirs: object = _load(ref) if field == "load" else getattr(ref, field)
            if mine is None or theirs is None or mine == theirs:
                continue
            findings.append(
                finding(
                    PARAMETERS,
                    f"The model read {field.replace('_', ' ')} {_fmt(mine)} for "
                    f"'{ex.name}' but the dictation parser read {_fmt(theirs)}",
                    f"{path}.{field}",
                )
            )
    theirs_minutes = _minutes(offline, certain=True)
    for key, (mine_total, path) in _minutes(model, certain=False).items():
        if key in theirs_minutes and theirs_minutes[key][0] != mine_total:
            findings.append(
                finding(
                    TIMED_MINUTES,
                    f"The model read {mine_total} min of {key} but the dictation "
                    f"parser read {theirs_minutes[key][0]} min",
                    path,
                )
            )
    return findings
