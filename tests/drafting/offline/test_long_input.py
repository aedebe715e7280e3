"""Dictations as long as the input allows: a note comes out, nothing said is lost or cut
silently (a section over 20,000 characters once ended in a traceback)."""

import pytest

from assistant.domain.note import MAX_ITEMS, MAX_SECTION
from assistant.domain.session import MAX_INPUT_CHARS

from .helpers import draft

SENTENCE = "She reports her pain is better and she is sleeping through the night now. "


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def test_a_26_kb_subjective_section_is_drafted_whole() -> None:
    text = "S: " + SENTENCE * 352 + "\nO: TherEx 25 min: SLR 3x10\nA: tolerated well\nP: cont POC"
    assert 26_000 <= len(text) < MAX_INPUT_CHARS
    result = draft(text)
    assert len(result.note.subjective) > 20_000
    assert result.note.subjective.count("sleeping through the night") == 352
    assert result.note.interventions[0].code == "97110"
    assert "DR009" not in {f.rule for f in result.findings}


@pytest.mark.parametrize(
    ("unit", "section", "word"),
    [
        ("a;", "subjective", "a"),  # each one-letter sentence gains a full stop and a break
        ("R knee flex 110°, ", "objective", "flex"),  # each measure is listed at length
    ],
)
def test_a_section_past_the_limit_shows_the_dictated_words(
    unit: str, section: str, word: str
) -> None:
    text = _repeat(unit, MAX_INPUT_CHARS - 100)
    result = draft(text)
    shown = getattr(result.note, section)
    assert len(shown) <= MAX_SECTION
    notes = [f for f in result.findings if f.rule == "DR009" and f.path == section]
    assert notes
    assert "as written" in notes[0].message
    # Every time the word was said it is still there.
    assert shown.count(word) == text.count(word)


def test_facts_past_a_cap_are_counted_and_their_words_kept() -> None:
    text = "".join(f"R knee flexion {90 + i % 40} deg, " for i in range(300))
    result = draft(text)
    assert len(result.note.measures) == MAX_ITEMS
    capped = [f for f in result.findings if f.rule == "DR009" and f.path == "measures"]
    assert capped
    assert capped[0].message.startswith("300 measures read")
    # The objective section still lists every one of the 300 measures.
    assert result.note.objective.count("knee flexion") == 300


def test_the_99_kb_one_line_dictation_is_a_note() -> None:
    unit = (
        "DOS 06/02/25 S: pt c/o knee pain 4/10 TherEx x 25': SLR 3x10 2# LAQ 2x15 red TB; "
        "MT 10' patellar mobs; R knee flex AROM 0-110 deg, quad 4-/5. A: tol well. P: cont. "
    )
    result = draft(_repeat(unit, MAX_INPUT_CHARS - 1_000))
    assert result.note.interventions
    assert all(
        len(getattr(result.note, s)) <= MAX_SECTION
        for s in ("subjective", "objective", "assessment", "plan")
    )
