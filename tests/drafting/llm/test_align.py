import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.drafting.align import align, evidence

SOURCE = (
    "Warm up. Ther ex 97110 x 25 min: bridges 3x10, straight leg raise 3x12 with 2 lb ankle weight,\n"
    "quad  sets 2x15 with 5 sec hold. Cues for form. Knee flexion AROM 110 degrees."
)

# (phrase, expected slice or None)
CASES = [
    ("bridges 3x10", "bridges 3x10"),  # exact
    ("Straight Leg Raise", "straight leg raise"),  # case
    ("quad sets 2x15", "quad  sets 2x15"),  # whitespace differs
    (
        "straight leg raises 3x12 with 2 lb ankle weights",
        "straight leg raise 3x12 with 2 lb ankle weight",
    ),  # plurals
    ("knee flexion AROM to 110 degrees", "Knee flexion AROM 110 degrees"),  # a word added
    ("quad set with 5 second hold", "quad  sets 2x15 with 5 sec hold"),  # fuzzy, words dropped
    ("squats with kettlebell", None),  # invented
    ("bridge", "bridges"),  # one word, plural aside
    ("bridging", None),  # one merely similar word is not evidence
    ("arm", None),  # never inside another word ("warm")
    ("cues", "Cues"),
    ("", None),
]


@pytest.mark.parametrize(("phrase", "expected"), CASES)
def test_align(phrase: str, expected: str | None) -> None:
    span = align(SOURCE, phrase)
    if expected is None:
        assert span is None
    else:
        assert span is not None
        assert span.text == expected
        assert SOURCE[span.start : span.end] == span.text


def test_case_insensitive_offsets_are_into_the_original() -> None:
    # "İ" lowercases to two characters; offsets must still point into the original text.
    source = "İİİ pt did HEEL slides"
    span = align(source, "heel slides")
    assert span is not None
    assert source[span.start : span.end] == "HEEL slides"


def test_evidence_drops_spans_inside_another() -> None:
    spans = evidence(SOURCE, ["bridges 3x10, straight leg raise", "bridges", "invented thing"])
    assert [s.text for s in spans] == ["bridges 3x10, straight leg raise"]


words = st.sampled_from(["bridges", "3x10", "SLR", "knee", "Pain", "4/10", "walk", "150", "ft"])
texts = st.lists(words, max_size=30).map(" ".join)


@given(source=texts, phrase=st.one_of(texts, st.text(max_size=40)))
def test_spans_are_always_real_slices(source: str, phrase: str) -> None:
    span = align(source, phrase)
    if span is not None:
        assert source[span.start : span.end] == span.text
        assert span.text.strip()
