"""Small builders so the parser tables stay one line per case."""

import re
from datetime import date

from assistant.domain.note import Exercise, Measure, MeasureKind, Note
from assistant.domain.session import SessionInput
from assistant.drafting.base import Draft
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.offline.lexicon import lexicon

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


# A section label the segmenter reads ("S:", "Objective:") is carried by the section itself.
_LABEL = re.compile(
    r"(?i)^(?:[SOAP]\s*[:)]|(?:subjective|objective|assessment|plan|treatment|tx|interventions?|"
    r"impression|goals?)(?:\s*[:\-\u2013]|$))"
)


_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def assert_nothing_lost(d: Draft) -> None:
    """Every non-space character of the input is inside a fact's evidence, an unparsed span
    or the SOAP text: each stretch of a word no span covers appears in the SOAP text, unless
    it is only punctuation, a speech filler or a section label."""
    source, n = d.note.source_text, d.note
    covered = bytearray(len(source) + 1)
    facts = [*n.diagnoses, *n.goals, *n.measures, *n.interventions]
    facts += [ex for iv in n.interventions for ex in iv.exercises]
    if n.medical_necessity:
        facts.append(n.medical_necessity)
    for span in [s for f in facts for s in f.evidence] + list(d.unparsed):
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    soap = "\n".join((n.subjective, n.objective, n.assessment, n.plan))
    fillers = lexicon().phrases["fillers"]
    for word in re.finditer(r"\S+", source):
        at = word.start()
        while (gap := covered.find(0, at, word.end())) >= 0:
            stop = covered.find(1, gap, word.end())
            stop = word.end() if stop < 0 else stop
            piece = source[gap:stop]
            if gap == word.start():
                piece = _LABEL.sub("", piece)
            at = stop
            # A ";" ends a sentence, at a word's edge or inside it ("0;0" is two sentences,
            # each written to the SOAP text on its own): each side must be kept.
            for part in piece.split(";"):
                part = _EDGE.sub("", part)
                if not any(ch.isalnum() for ch in part) or fillers.only(part):
                    continue
                if not part or part in soap:
                    continue
                raise AssertionError(f"{part!r} (in {word.group()!r}) is lost from {source!r}")
