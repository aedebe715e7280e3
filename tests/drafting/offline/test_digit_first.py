"""The number patterns led by their first digit find exactly what the patterns as written
find, with the same groups, so the parameter scan reads every text the same."""

import re
from pathlib import Path

import pytest

from assistant.drafting.offline import params
from assistant.drafting.offline.digit_first import digit_first
from assistant.drafting.offline.numbers import build_view
from evals.case import build
from evals.field import load as load_field
from evals.generator import generate_one
from evals.truth import STYLES

ROOT = Path(__file__).resolve().parents[3]
TRAPS = [
    "3 sets of 10 at the very start",
    "a3 sets, .5 min, 1.5lb, 12345 reps, x3, 3x10x5 sec, L2 bike 10'",
    "\u0663 sets of \u0661\u0660 reps and 2\u00d715 ft, 10 by 3, 4 hrs 5 min",
    "10-12 reps; 0-110 degrees; 5 times 30 seconds; 2 trials of 20 seconds; 3 laps",
    "hold 5 seconds, 10 sec hold x3; 2 kg; 4/10 pain; 3 out of 10; level 4",
    "SLR 3 x 10, no wait, 3 x 12; 20 minutes, actually 25 minutes",
]


def _corpus() -> list[str]:
    texts = [*TRAPS, (ROOT / "bench" / "data" / "clean_dictation.txt").read_text()]
    texts += [p.read_text() for p in sorted((ROOT / "examples").glob("*.txt"))]
    texts += [case.text for case in load_field()]
    for i in range(40):
        truth = generate_one(5, i)
        texts += [build(truth, style).text for style in STYLES]
    # The scan runs over the normalised view (spoken numbers as digits): both are read.
    return texts + [build_view(t).text for t in texts]


CORPUS = _corpus()
REWRITTEN = [
    (i, plain, led)
    for i, ((plain, _), (led, _)) in enumerate(zip(params.PATTERNS, params._SCAN, strict=True))
    if led is not plain
]


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


def test_most_number_patterns_are_led_by_their_digit() -> None:
    assert len(REWRITTEN) >= 15


@pytest.mark.parametrize(("index", "plain", "led"), REWRITTEN, ids=lambda v: str(v)[:12])
def test_a_digit_led_pattern_finds_what_the_written_one_finds(
    index: int, plain: re.Pattern[str], led: re.Pattern[str]
) -> None:
    found = 0
    for text in CORPUS:
        expected = _found(plain, text)
        assert _found(led, text) == expected, (index, text)
        found += len(expected)
    assert found, f"pattern {index} matched nothing in the corpus: the test proves nothing"


@pytest.mark.parametrize(
    ("source", "rewritten"),
    [
        (r"(?<![A-Za-z0-9.])(\d{1,3})\s*min", r"(\d(?<![A-Za-z0-9.]\d)\d{0,2})\s*min"),
        (r"(?i:(?<![\d/.])\d{1,1}x)", r"(?i:\d(?<![\d/.]\d)x)"),
        (r"(?<![A-Za-z])(-?\d{1,3})", None),  # may start with a minus: kept
        (r"(?<!\d)(\d+)", None),  # the lookbehind is no class: kept
        (r"\b(\d{1,2})", None),
    ],
)
def test_which_shapes_are_rewritten(source: str, rewritten: str | None) -> None:
    pattern = re.compile(source)
    led = digit_first(pattern)
    if rewritten is None:
        assert led is pattern
    else:
        assert led.pattern == rewritten
