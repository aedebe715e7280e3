"""The date of service written or said in a note.

Forms read: ISO (2025-06-02); US month/day/year with / or - (6/2/2025, 06-02-25); month
names before or after the day ("June 2, 2025", "Jun 2nd 2025", "2 June 2025", "the 2nd of
June"), with the day and the year also spoken ("March fourth twenty twenty five", "the
fourth of March, two thousand twenty five"). After a label only: "today", "yesterday" and a
month/day without a year ("DOS 6/2"). A date without a year is the latest such day on or
before today.

Which date is the visit's: a labelled one (DOS, date of service, visit date, date:, seen)
wins; otherwise the first that is not plainly another event's (birth, surgery, injury,
onset, a next or last appointment, a certification period). US order (month first)
throughout; two-digit years are 20xx. A stated date that cannot be one (DOS 02/30/2025) is
returned as unreadable, to be reported with its words, never silently replaced.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.domain.note import Span
from assistant.drafting.offline.fold import key

_MONTH_NAMES = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORD_UNITS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
)  # fmt: skip
_ORD_TEENS = (
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth",
)  # fmt: skip
_VALUES = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: i + 10 for i, w in enumerate(_TEENS)}
_VALUES |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_VALUES |= {w: i + 1 for i, w in enumerate(_ORD_UNITS)}
_VALUES |= {w: i + 10 for i, w in enumerate(_ORD_TEENS[:10])} | {"twentieth": 20, "thirtieth": 30}
_VALUES |= {"oh": 0, "and": 0}


def _any(words: tuple[str, ...]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_J = r"[- ]"  # what joins the words of one spoken number
_ORDINAL = _any(_ORD_UNITS)
_SPOKEN_DAY = rf"(?:(?:twenty|thirty){_J}(?:{_ORDINAL})|{_any(_ORD_TEENS)}|{_ORDINAL})"
_YY = rf"(?:(?:{_any(_TENS)})(?:{_J}(?:{_any(_UNITS)}))?|{_any(_TEENS)}|oh{_J}(?:{_any(_UNITS)}))"
_SPOKEN_YEAR = (
    rf"(?:(?:nineteen|twenty){_J}{_YY}"
    rf"|two{_J}thousand(?:{_J}and)?(?:{_J}(?:{_YY}|{_any(_UNITS)}))?)"
)
_DAY = rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\d/:]|x\d|\.\d)|(?P<dayw>{_SPOKEN_DAY}))"
# After a month name a day may also be said as a plain number ("March four", "June twenty
# one"); a bare "twenty" before more number words is a spoken year, not the day.
_NUMBER_WORD = _any((*_UNITS, *_TEENS, *_TENS, "oh", "thousand"))
_SPOKEN_CARDINAL = (
    rf"(?:(?:twenty|thirty){_J}(?:{_any(_UNITS)})|(?:twenty|thirty)(?!{_J}(?:{_NUMBER_WORD})\b)"
    rf"|{_any(_TEENS)}|{_any(_UNITS)})\b"
)
_MONTH_FIRST_DAY = (
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\d/:]|x\d|\.\d)"
    rf"|(?P<dayw>{_SPOKEN_DAY}|{_SPOKEN_CARDINAL}))"
)
_YEAR = rf"(?:(?P<year>\d{{4}})(?!\d)|'(?P<yy>\d{{2}})(?!\d)|(?P<yearw>{_SPOKEN_YEAR})\b)"
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?(?![a-z])"


def _starts(words: tuple[str, ...], *, digits: bool = False) -> str:
    """A lookahead for the first letters a match can start with: it turns away, in one
    test, the positions where none can start, which the long alternations below would
    otherwise each try (it matches nothing the expression after it would not)."""
    first = "".join(sorted({w[0] for w in words}))
    return "(?=[" + (r"\d" if digits else "") + first + "])"


# "March 4, 2025", "Mar 4th", "March fourth twenty twenty five", "March four 2025"
_MONTH_DAY = re.compile(
    rf"(?i:\b{_starts(_MONTHS)}{_MONTH}\s+(?:the\s+)?{_MONTH_FIRST_DAY}"
    rf"(?:\s*,?\s*(?:of\s+)?{_YEAR})?)"
)
# "4 March 2025", "the fourth of March, 2025"
_DAY_STARTS = _starts(("the", "twenty", "thirty", *_ORD_UNITS, *_ORD_TEENS), digits=True)
_DAY_MONTH = re.compile(
    rf"(?i:\b{_DAY_STARTS}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*{_YEAR})?)"
)
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-])")
_SHORT = re.compile(r"(?<![\d/.-])(\d{1,2})/(\d{1,2})(?![\d/.-])")  # labelled only
_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
_RELATIVE = re.compile(r"(?i:\b(today|yesterday)\b)")  # labelled only
_LABEL = re.compile(
    r"(?i:\b(?:dos|d\.o\.s\.?|date\s+of\s+service|service\s+date|date\s+of\s+visit|visit\s+date"
    r"|date\s+of\s+treatment|treatment\s+date|tx\s+date|date|seen|today\s+is)"
    r"\s*[:#=-]?\s*(?:(?:is|was|on|of)\s+)*)$"
)
_OTHER_EVENT = re.compile(
    r"(?i:\b(?:s/p|status\s+post|surgery|surgical|surg|sx|onset|doi|injury|injured|dob"
    r"|d\.o\.b|born|birth|next|f/u|follow|appt|appointment|md|physician|since|fell|fall|tka"
    r"|tha|thr|tkr|orif|repair|scheduled|until|through|thru|cert|certified|recert|poc|eval"
    r"|last|previous|prior|referral|referred|rx|order|by|from)\b)[^.\n;]{0,30}$"
)
_LOOK_BACK = 80  # only the words just before a date can label it: keeps long lines linear
_PLAUSIBLE = range(1990, 2101)


@dataclass(frozen=True, slots=True)
class FoundDate:
    day: date
    span: Span
    labelled: bool


@dataclass(frozen=True, slots=True)
class DateReading:
    found: FoundDate | None  # the date of service the text gives, if any
    unreadable: tuple[Span, ...]  # stated dates that cannot be one (02/30/2025), quoted


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    day: date | None  # None: stated, but no real date
    labelled: bool


def _number(words: str) -> int:
    return sum(_VALUES[w] for w in re.split(r"[- ]+", key(words)) if w)


def _spoken_year(words: str) -> int:
    parts = [w for w in re.split(r"[- ]+", key(words)) if w]
    if parts[:2] == ["two", "thousand"]:
        return 2000 + _number(" ".join(parts[2:]))
    return (1900 if parts[0] == "nineteen" else 2000) + _number(" ".join(parts[1:]))


def _year_of(match: re.Match[str]) -> int | None:
    if match.group("year"):
        return int(match.group("year"))
    if match.group("yy"):
        return 2000 + int(match.group("yy"))
    return _spoken_year(match.group("yearw")) if match.group("yearw") else None


def _make(year: int | None, month: int, day: int, today: date | None) -> date | None:
    """The date, or None when there is no such day; a missing year is the latest one on or
    before today."""
    try:
        if year is not None:
            return date(year, month, day)
        if today is None:
            return None
        this_year = date(today.year, month, day)
        return this_year if this_year <= today else date(today.year - 1, month, day)
    except ValueError:
        return None


def _named(match: re.Match[str], today: date | None) -> tuple[date | None, bool]:
    """The date a month-name match gives, and whether it is a date at all (a lower-case
    "may 2" or "dec 4" without a year is a verb or an abbreviation, not a date)."""
    word = match.group("month")
    year = _year_of(match)
    if year is None and (today is None or not word[0].isupper()):
        return None, False
    day = int(match.group("day")) if match.group("day") else _number(match.group("dayw"))
    month = _MONTHS.index(key(word)[:3]) + 1
    return _make(year, month, day, today), True


def _candidates(text: str, today: date | None) -> list[tuple[int, int, date | None, bool]]:
    """(start, end, date or None, needs a label) for every date-shaped stretch."""
    out: list[tuple[int, int, date | None, bool]] = []
    # The numeric forms cannot match without their separators, and most notes write
    # neither: a pattern skipped costs nothing, one run scans the whole text.
    dash, slash = "-" in text, "/" in text
    for m in _ISO.finditer(text) if dash else ():
        out.append((*m.span(), _make(int(m[1]), int(m[2]), int(m[3]), today), False))
    for m in _NUMERIC.finditer(text) if dash or slash else ():
        year = int(m[4]) + (2000 if len(m[4]) == 2 else 0)
        out.append((*m.span(), _make(year, int(m[1]), int(m[3]), today), False))
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for m in pattern.finditer(text):
            day, is_date = _named(m, today)
            if is_date:
                out.append((*m.span(), day, False))
    if today is not None:
        for m in _SHORT.finditer(text) if slash else ():
            out.append((*m.span(), _make(None, int(m[1]), int(m[2]), today), True))
        for m in _RELATIVE.finditer(text):
            day = today if m[1].lower() == "today" else today - timedelta(days=1)
            out.append((*m.span(), day, True))
    return out


def read_dates(text: str, today: date | None = None) -> DateReading:
    """The date of service in `text`, and the stated dates that are no dates.

    `today` dates "yesterday" and a date written without its year; without it they are not
    read.
    """
    kept: list[_Candidate] = []
    taken_to = -1
    # Longest first at each start, so "June 2, 2025" is one date, not "June 2" and a year.
    found_in_text = sorted(_candidates(text, today), key=lambda c: (c[0], -c[1]))
    for start, end, day, needs_label in found_in_text:
        if start < taken_to:
            continue
        taken_to = end  # the words of a date skipped below are no other date either
        line_start = text.rfind("\n", max(0, start - _LOOK_BACK), start) + 1
        window = (max(line_start, start - _LOOK_BACK), start)
        labelled = _LABEL.search(text, *window) is not None
        if not labelled and (needs_label or _OTHER_EVENT.search(text, *window)):
            continue
        if day is not None and day.year not in _PLAUSIBLE:
            if not labelled:
                continue  # "MI in 1985": history, not this visit
            day = None
        kept.append(_Candidate(start, end, day, labelled))
    dates = [c for c in kept if c.day is not None]
    dates.sort(key=lambda c: (not c.labelled, c.start))
    found = None
    if dates:
        best = dates[0]
        assert best.day is not None
        found = FoundDate(best.day, _span(text, best), best.labelled)
    unreadable = tuple(_span(text, c) for c in kept if c.day is None)
    return DateReading(found, unreadable)


def _span(text: str, c: _Candidate) -> Span:
    return Span(start=c.start, end=c.end, text=text[c.start : c.end])


def find_date(text: str, today: date | None = None) -> FoundDate | None:
    return read_dates(text, today).found
