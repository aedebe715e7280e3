"""The date and number-word readers' shortcuts change nothing they find: the first-letter
lookaheads before the month-name forms and the number words, and the separator checks
before the numeric date forms, only skip positions and texts where no match can start."""

import re
from pathlib import Path

import pytest

from assistant.drafting.offline import dates, numbers
from evals.case import build
from evals.field import load as load_field
from evals.generator import generate_one
from evals.truth import STYLES

ROOT = Path(__file__).resolve().parents[3]
TRAPS = [
    "the \u017fecond of June 2025",  # re.I reads the long s as s, in the hint as in the word
    "\u017fep 4, 2025 and \u017fEPT. 30 2024",
    "Seen on the Fourth of July; NINTH of May 2024",
    "\u0663 June 2025 and \u0661\u0662 March",  # digits \\d reads beyond ASCII
    "twenty-first of March, thirty first of May, Twentieth of June",
    "4 June 2025; 2nd of Feb '24; Dec 4th; Oct the 3rd, 2025",
    "June 2, 2025 March fourth twenty twenty five",
]


def _corpus() -> list[str]:
    texts = [*TRAPS, *(p.read_text() for p in sorted((ROOT / "examples").glob("*.txt")))]
    texts.append((ROOT / "bench" / "data" / "clean_dictation.txt").read_text())
    texts += [case.text for case in load_field()]
    for i in range(40):
        truth = generate_one(3, i)
        texts += [build(truth, style).text for style in STYLES]
    return texts


CORPUS = _corpus()


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "hint"),
    [
        (dates._MONTH_DAY, dates._starts(dates._MONTHS)),
        (dates._DAY_MONTH, dates._DAY_STARTS),
    ],
)
def test_a_first_letter_lookahead_finds_what_the_expression_alone_finds(
    pattern: re.Pattern[str], hint: str
) -> None:
    assert hint in pattern.pattern
    plain = re.compile(pattern.pattern.replace(hint, "", 1), pattern.flags)
    found = 0
    for text in CORPUS:
        expected = _found(plain, text)
        assert _found(pattern, text) == expected, text
        found += len(expected)
    assert found >= 5, "the corpus holds too few dates to tell"


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [(dates._ISO, ("-",)), (dates._NUMERIC, ("-", "/")), (dates._SHORT, ("/",))],
)
def test_a_numeric_form_never_matches_without_its_separator(
    pattern: re.Pattern[str], needs: tuple[str, ...]
) -> None:
    for text in CORPUS:
        if not any(n in text for n in needs):
            assert pattern.search(text) is None, text
    # Any character a separator could be read as would have to be the separator itself.
    for text in ("6\u20102\u20102025", "6\u22152\u22152025", "2025\u201306\u201302", "6\uff0f2"):
        assert pattern.search(text) is None


def test_the_number_words_lookahead_finds_what_the_alternation_alone_finds() -> None:
    hint = "(?=[" + numbers._FIRST + "])"
    assert hint in numbers._WORD.pattern
    plain = re.compile(numbers._WORD.pattern.replace(hint, "", 1), numbers._WORD.flags)
    spoken = ["\u017fix \u017feventy Five, TWENTY-one, Hundred and Zero; \u017fIXTEEN"]
    found = 0
    for text in [*CORPUS, *spoken]:
        expected = _found(plain, text)
        assert _found(numbers._WORD, text) == expected, text
        found += len(expected)
    assert found > 100
