"""A normalised view of the input in which spoken numbers are digits, mapped back to the input.

The parser's patterns run over the view ("three sets of ten" reads "3 sets of 10"); every
character of the view remembers the input characters it came from, so a match in the view
becomes an exact `Span` of the original text. Nothing else is rewritten: case, punctuation
and spacing are kept, so offsets stay cheap to map.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

from assistant.domain.note import Span
from assistant.drafting.offline.fold import key

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORDS = {**UNITS, **TEENS, **TENS, "hundred": 100}
# The lookahead for the words' first letters turns away at once the word starts where no
# number word begins, which the alternation would otherwise try one by one (it matches
# nothing the alternation would not: re.I applies to both).
_FIRST = "".join(sorted({w[0] for w in _WORDS}))
_WORD = re.compile(
    r"\b(?=[" + _FIRST + r"])(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b", re.I
)
# What may join two number words of one compound: "twenty-five", "one hundred and ten".
_JOINER = re.compile(r"[ \t-]+(?:and[ \t]+)?|[ \t]*-[ \t]*")


@dataclass(frozen=True, slots=True)
class View:
    """`text` is the normalised string; `starts[i]`/`ends[i]` bound its i-th character."""

    source: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> Span:
        """The input characters behind view[start:end] (end exclusive)."""
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else len(self.source)
            return Span(start=at, end=at, text="")
        a, b = self.starts[start], self.ends[end - 1]
        return Span(start=a, end=b, text=self.source[a:b])

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        span = self.span(start, end)
        return span.start, span.end


def _compound(tokens: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Merge runs of number words into values; returns (start, end, value) per number."""
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(tokens):
        start, end, value = tokens[i]
        j = i + 1
        if value == 100:  # "hundred" alone
            out.append((start, end, 100))
            i = j
            continue
        # unit + hundred
        if value < 10 and j < len(tokens) and tokens[j][2] == 100:
            value *= 100
            end = tokens[j][1]
            j += 1
        if value % 100 == 0 and value >= 100 and j < len(tokens) and tokens[j][2] < 100:
            # "one hundred ten", "one hundred twenty five"
            value += tokens[j][2]
            end = tokens[j][1]
            j += 1
            tens = tokens[j - 1][2] >= 20 and tokens[j - 1][2] % 10 == 0
            if tens and j < len(tokens) and 0 < tokens[j][2] < 10:
                value += tokens[j][2]
                end = tokens[j][1]
                j += 1
        elif 20 <= value < 100 and value % 10 == 0 and j < len(tokens) and 0 < tokens[j][2] < 10:
            value += tokens[j][2]
            end = tokens[j][1]
            j += 1
        out.append((start, end, value))
        i = j
    return out


def _runs(source: str) -> list[list[tuple[int, int, int]]]:
    """Number words grouped into runs that are joined only by spaces, hyphens or 'and'."""
    runs: list[list[tuple[int, int, int]]] = []
    last_end = -1
    for match in _WORD.finditer(source):
        token = (match.start(), match.end(), _WORDS[key(match.group(1))])
        gap = source[last_end : match.start()] if last_end >= 0 else None
        if runs and gap is not None and _JOINER.fullmatch(gap):
            runs[-1].append(token)
        else:
            runs.append([token])
        last_end = match.end()
    return runs


# "seven and a half pounds", "two point five kilos": one figure with its fraction.
_HALF = re.compile(r"[ \t]+and[ \t]+(?:a|one)[ \t]+half\b", re.I)
_POINT = re.compile(r"[ \t]+point[ \t]+", re.I)
# "half a kilo", "a half pound", "half-pound weights": a weight under one unit, said without a
# whole number. Only before a unit of weight: "half a set" or "half the reps" is no figure.
_HALF_ALONE = re.compile(
    r"\b(?:(?:a|one)[ \t]+)?half(?:[ \t]+(?:a|an))?(?=[ \t-]+(?:pounds?|lbs?|kilos?|kgs?|"
    r"kilograms?)\b)",
    re.I,
)


def _fractions(source: str, numbers: list[tuple[int, int, int]]) -> list[tuple[int, int, float]]:
    out: list[tuple[int, int, float]] = []
    i = 0
    while i < len(numbers):
        start, end, value = numbers[i]
        half = _HALF.match(source, end)
        nxt = numbers[i + 1] if i + 1 < len(numbers) else None
        point = _POINT.match(source, end)
        if half:
            out.append((start, half.end(), value + 0.5))
        elif point and nxt and nxt[0] == point.end() and nxt[2] < 10:
            out.append((start, nxt[1], value + nxt[2] / 10))
            i += 1
        else:
            out.append((start, end, value))
        i += 1
    return out


def _halves(source: str, numbers: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The numbers with each lone "half a" before a weight unit read as 0.5 ("seven and a half
    pounds" is already one figure and keeps it)."""
    if "half" not in source.lower():
        return numbers
    starts = [a for a, _, _ in numbers]  # numbers come sorted and disjoint
    extra = []
    for m in _HALF_ALONE.finditer(source):
        at = bisect_right(starts, m.start()) - 1  # the number starting at or before it
        clash = at >= 0 and numbers[at][1] > m.start()
        clash = clash or (at + 1 < len(numbers) and numbers[at + 1][0] < m.end())
        if not clash:
            extra.append((m.start(), m.end(), 0.5))
    return sorted(numbers + extra) if extra else numbers


def build_view(source: str) -> View:
    numbers = _fractions(source, [n for run in _runs(source) for n in _compound(run)])
    numbers = _halves(source, numbers)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    # Text between numbers is copied as it stands, a stretch at a time.
    for start, end, value in numbers:
        parts.append(source[pos:start])
        starts.extend(range(pos, start))
        ends.extend(range(pos + 1, start + 1))
        digits = f"{value:g}"
        parts.append(digits)
        # Every digit maps to the whole spoken number, so any slice of it maps back whole.
        starts.extend([start] * len(digits))
        ends.extend([end] * len(digits))
        pos = end
    parts.append(source[pos:])
    starts.extend(range(pos, len(source)))
    ends.extend(range(pos + 1, len(source) + 1))
    return View(source, "".join(parts), tuple(starts), tuple(ends))
