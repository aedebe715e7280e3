"""Invariants over arbitrary text: the drafter never crashes and every span is a real slice."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .helpers import assert_nothing_lost, assert_spans_are_slices, draft

# Therapist vocabulary mixed with noise, so the parser's paths are exercised, not just skipped.
WORDS = [
    "TherEx",
    "TE",
    "NMR",
    "MT",
    "GT",
    "TA",
    "US",
    "SLR",
    "LAQ",
    "3x10",
    "2#",
    "x10",
    "red TB",
    "L2",
    "8'",
    "150'",
    "min",
    "pain",
    "4/10",
    "5/10",
    "out of",
    "ten",
    "three",
    "sets of",
    "actually",
    "make that",
    "R",
    "L",
    "B",
    "knee",
    "flex",
    "AROM",
    "0-110°",
    "deg",
    "4-/5",
    "CGA",
    "min A",
    "STG1:",
    "goal:",
    "M17.11",
    "PTA",
    "10 min",
    "to improve",
    "tolerated",
    "VC/TC",
    "S:",
    "O:",
    "A:",
    "P:",
    "Plan:",
    "DOS 6/2/2025",
    ",",
    ".",
    ";",
    "\n",
    "-",
    ":",
    "(",
    ")",
    "twenty",
    "hundred",
    "and",
    "progressed to",
    "3#",
    "hold",
    "30s",
    "eval",
    "moderate complexity",
    "total timed 40 min",
    "é",
    "—",
    "°",
    "\u00d7",
    "\t",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join))
# A distance read as walking and folded into the exercise: its purpose went with it.
@example("TherEx . 150' to improve")
def test_vocabulary_soup(text: str) -> None:
    if not text.strip():
        return
    d = draft(text)
    assert_spans_are_slices(d)
    assert_nothing_lost(d)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=400))
@example("0;0")  # two sentences inside one word: each is kept
def test_arbitrary_unicode(text: str) -> None:
    if not text.strip():
        return
    d = draft(text)
    assert_spans_are_slices(d)
    assert_nothing_lost(d)
