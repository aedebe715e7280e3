"""The once-a-clause readers give what reading each slice afresh gave, on any text.

`Lead`, `PhraseSet.earliest_end` and `measures.Before` exist only to make long clauses
linear; each is compared here with the plain reading it replaced.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.drafting.offline.builders import spans
from assistant.drafting.offline.lead import Lead, read_name
from assistant.drafting.offline.lexicon import lexicon
from assistant.drafting.offline.measures import Before
from assistant.drafting.offline.numbers import build_view
from assistant.drafting.offline.segmenter import split
from assistant.drafting.offline.stated import goals
from assistant.drafting.offline.tokens import TOKEN

PIECES = [
    "with", "the", "wall", "angels", "3x10", "actually", "make that", "I mean", "pt", "x",
    "treat", "5/10", ",", " ", "  ", "-", "'", "/", "STG1", "goals:", "AROM", "arom5", "range",
    "quad", "4/5", "strength is", "mmt", ":", "=", "a", "go", "R", "knee", "sorry", "no",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join) | st.text(
    alphabet="ab /-'x3:.,=", max_size=60
)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_lead_names_what_the_slice_names(text: str, data: st.DataObject) -> None:
    lex = lexicon()
    lead = Lead(text, 0, len(text), lex)
    at = data.draw(st.integers(0, len(text)))
    assert lead.name(at) == read_name(text[:at], lex)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_earliest_end_answers_search_for_every_prefix(text: str) -> None:
    corrections = lexicon().phrases["corrections"]
    found = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(text)]
    earliest = corrections.earliest_end(found)
    for count in range(len(found) + 1):
        end = found[count - 1][1] if count else 0
        expected = corrections.search(text[:end]) is not None
        assert (earliest is not None and earliest <= count) == expected, (text, count)


_NOISE = re.compile(
    r"\b(?:mmt|strength|strength is|grade|graded|measured|is|=|at|of|was|rom|today)\b|[:=]", re.I
)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_before_reads_names_and_rom_words_as_the_slice_does(text: str, data: st.DataObject) -> None:
    text = text * data.draw(st.integers(1, 12))  # long enough for the window to matter
    before = Before([], text, 0, len(text))
    at = data.draw(st.integers(0, len(text)))
    assert before.name(at)[-60:] == " ".join(_NOISE.sub(" ", text[:at]).split())[-60:]
    rom = re.search(r"\b(?:a?a?rom|prom|range)\b", text[:at], re.I) is not None
    assert before.rom_words(at) == rom


def test_spans_keep_the_first_distinct_ranges_in_text_order() -> None:
    # "three" and "ten" become digits in the view: two view characters, one input span.
    view = build_view("SLR three sets of ten, " * 3)
    size = len(view.text)
    ranges = [(4, 5), (0, 3), (0, 3), (2, 2), *[(i, i + 1) for i in range(size)]]
    plain: list[object] = []  # the reading it replaced: every span compared with each kept
    for a, b in sorted(set(ranges)):
        span = view.span(a, b)
        if span.end > span.start and span not in plain:
            plain.append(span)
    got = spans(view, ranges)
    assert got == plain[:20]
    assert len(got) == 20
    assert len({(s.start, s.end) for s in got}) == 20


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        ("Pt. tolerated well. Next", 1),  # "Pt." is no sentence end
        ("Heel slides x10.  e.g. more. Done", 2),
        ("Walked 5.5 min. Then rest", 1),
        ("approx. 10 min", 0),
    ],
)
def test_a_sentence_ends_after_a_stop_unless_it_abbreviates(text: str, breaks: int) -> None:
    assert len(split(text)) == breaks + 1


def test_a_goal_lead_inside_a_list_already_read_adds_no_duplicates() -> None:
    text = "Goals: STG1 stairs with rail, goals: STG2 walk 1000 ft, LTG1 return to work."
    found, _ = goals(text)
    assert [g.id for g in found] == ["STG1", "STG2", "LTG1"]
