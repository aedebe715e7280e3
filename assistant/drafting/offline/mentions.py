"""What a number pattern yields (`Mention`) and the builders and regular-expression pieces
the patterns in params.py share.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.drafting.offline.fold import key
from assistant.drafting.offline.units import BAND_ABBR, BAND_COLOURS, DISTANCE_UNITS, LOAD_UNITS

N = r"(\d{1,4}(?:\.\d+)?)"
SEC = r"(?:(?:s|sec|secs|second|seconds)(?![A-Za-z])|\"|''|”)"
MIN = r"(?:(?:min|mins|minute|minutes|mn)(?![A-Za-z])|')"
DEG = r"(?:°|º|(?:deg|degs|degrees?)(?![A-Za-z]))"
# A negative figure, written or spoken: "-6", "minus 6", "negative 6".
SIGN = r"(-|(?:minus|negative)\s+)?"
RB = r"(?![A-Za-z0-9])"  # right word edge that also works after punctuation
LB = r"(?<![A-Za-z0-9.])"


@dataclass(frozen=True, slots=True)
class Mention:
    kind: str
    start: int
    end: int
    nums: tuple[float, ...] = ()
    word: str = ""


Builder = Callable[[re.Match[str]], Mention | None]


def f(text: str | None) -> float | None:
    return float(text) if text is not None else None


def nums(*values: str | None) -> tuple[float, ...]:
    return tuple(float(v) for v in values if v is not None)


def mk(kind: str, word: str = "", groups: tuple[int, ...] = (1,)) -> Builder:
    def build(m: re.Match[str]) -> Mention:
        return Mention(kind, m.start(), m.end(), nums(*(m.group(g) for g in groups)), word)

    return build


def band(m: re.Match[str]) -> Mention:
    if m.group("bw"):  # body weight: a load without a figure, read like a band
        return Mention("band", m.start(), m.end(), (), "bodyweight")
    colour = m.group("colour") or ""
    if m.group("abbr"):
        colour = BAND_ABBR[m.group("abbr")]
    return Mention("band", m.start(), m.end(), (), BAND_COLOURS.get(colour.lower(), colour))


def load(m: re.Match[str]) -> Mention:
    unit = LOAD_UNITS[key(m.group(2))]
    return Mention("load", m.start(), m.end(), nums(m.group(1)), unit)


def distance(m: re.Match[str]) -> Mention:
    unit = DISTANCE_UNITS[key(m.group(2))]
    return Mention("distance", m.start(), m.end(), nums(m.group(1)), unit)


def sets_x(m: re.Match[str]) -> Mention:
    sets, second, third, unit = m.group(1), m.group(2), m.group(3), m.group(4)
    if unit and re.fullmatch(MIN, unit):
        return Mention("sets_minutes", m.start(), m.end(), nums(sets, second))
    if unit:
        return Mention("sets_hold", m.start(), m.end(), nums(sets, second))
    if third:
        return Mention("sets_reps_hold", m.start(), m.end(), nums(sets, second, third))
    return Mention("sets_reps", m.start(), m.end(), nums(sets, second))


def pain(m: re.Match[str]) -> Mention:
    low, high = f(m.group("low")), f(m.group("high"))
    values = (low, high) if high is not None and low is not None else (low or 0.0,)
    return Mention("pain", m.start(), m.end(), values)


def degrees(m: re.Match[str]) -> Mention:
    """'-6 deg', 'minus six degrees' (spoken: the view reads 'minus 6 degrees')."""
    value = float(m.group(2)) * (-1 if m.group(1) else 1)
    return Mention("degrees", m.start(), m.end(), (value,))


def answer(m: re.Match[str]) -> Mention | None:
    value = float(m.group(1))
    return Mention("pain", m.start(1), m.end(1), (value,)) if value <= 10 else None


def rom(m: re.Match[str]) -> Mention:
    return Mention("rom", m.start(), m.end(), nums(m.group(1), m.group(2)))


def mmt(m: re.Match[str]) -> Mention:
    sign = {"plus": "+", "minus": "-"}.get((m.group(2) or "").lower(), m.group(2) or "")
    return Mention("mmt", m.start(), m.end(), (), m.group(1) + sign + "/5")


# "total treatment time 28": the visit's total, never one service's minutes.
WHOLE = re.compile(r"(?i:\b(?:treatment|tx|session|visit|time)\b)")
# Bounded repeats: a spoken question is short, and an unbounded scan from every "pain" to
# the end of its line made a long one-line dictation quadratic.
PAIN_QUESTION = (
    r"(?i:\bpain\b[^\n?]{0,200}?\b0\s*(?:-|to)\s*10\b[^\n]{0,200}\?[ \t]*\n"
    r"[^\n:]{0,40}:[^\n\d]{0,40}?)"
)
HOLD_WORDS = r"(?:hold|holds|hold time|held|holding)"
