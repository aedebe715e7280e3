"""Small builders so the parser tables stay one line per case."""

from datetime import date

from assistant.domain.note import Exercise, Measure, MeasureKind, Note
from assistant.domain.session import SessionInput
from assistant.drafting.base import Draft
from assistant.drafting.offline import OfflineDrafter

DAY = date(2025, 6, 2)


def draft(text: str, **session: object) -> Draft:
    return OfflineDrafter().draft(SessionInput(text=text, date_of_service=DAY, **session))


def note(text: str) -> Note:
    return draft(text).note


def exercise(text: str, name: str) -> Exercise:
    found = [ex for iv in note(text).interventions for ex in iv.exercises if ex.name == name]
    assert found, f"no exercise {name!r} in {text!r}"
    return found[0]


def measures(text: str, kind: MeasureKind) -> list[Measure]:
    return [m for m in note(text).measures if m.kind is kind]


def assert_spans_are_slices(d: Draft) -> None:
    source = d.note.source_text
    n = d.note
    facts = [*n.diagnoses, *n.goals, *n.measures, *n.interventions]
    facts += [ex for iv in n.interventions for ex in iv.exercises]
    if n.medical_necessity:
        facts.append(n.medical_necessity)
    spans = [s for f in facts for s in f.evidence] + list(d.unparsed)
    for span in spans:
        assert span.text == source[span.start : span.end], span
