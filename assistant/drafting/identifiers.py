"""Identifier patterns in dictated text: spoken digits, spoken dates, ages over 89, addresses.

Speech recognition writes what was said: "date of birth March fourteenth, nineteen
fifty-eight", "MRN four four seven one nine oh two", "call her at five five five, two one two,
three four four nine". These patterns find such identifiers whoever they belong to; the
patient's own values are matched in every spelling by `masking`. Each finder yields
(start, end, kind) spans; clinical numbers ("3 x 10", "110 degrees", "97110 x 23 min") are
left alone by construction: digit runs need seven digits, ages need "years old".
"""

import re
from collections.abc import Iterator
from datetime import date

_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
DIGIT_WORDS = {w: str(i) for i, w in enumerate(_UNITS)} | {"oh": "0", "o": "0"}
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "thirtieth",
]
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_UNIT_WORD = "|".join(_UNITS[1:])
_TEEN_WORD = "|".join(_TEENS)
_TENS_WORD = "|".join(_TENS)
_ORD_WORD = "|".join(_ORDINALS)
# "twenty-first", "thirty first", "fourteenth", "14th", "14"
_DAY = (
    rf"(?:(?:twenty|thirty)[\s-]+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    rf"|{_ORD_WORD}|\d{{1,2}}(?:st|nd|rd|th)?)"
)
# "nineteen fifty-eight", "nineteen oh five", "two thousand and three", "twenty twenty"
_SPOKEN_YEAR = (
    rf"(?:(?:nineteen|twenty)[\s-]+(?:(?:{_TENS_WORD})(?:[\s-]+(?:{_UNIT_WORD}))?"
    rf"|{_TEEN_WORD}|oh[\s-]+(?:{_UNIT_WORD})|hundred)"
    rf"|two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?:(?:{_TENS_WORD})(?:[\s-]+(?:{_UNIT_WORD}))?"
    rf"|{_TEEN_WORD}|{_UNIT_WORD}))?)"
)
_YEAR = rf"(?:\d{{4}}|'\d{{2}}|{_SPOKEN_YEAR})"
# "March fourteenth, nineteen fifty-eight", "March 14th 1958", "the fourteenth of March, 58"
_SPOKEN_DATE = re.compile(
    rf"(?i)(?<!\w)(?:{_MONTH_RE}\s+(?:the\s+)?{_DAY}(?:,?\s+(?:of\s+)?{_YEAR})?"
    rf"|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR})?)(?!\w)"
)
_NUMERIC_DATE = re.compile(r"(?<![\w/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\w/])")
_ISO_DATE = re.compile(r"(?<![\w/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w/])")
# A digit token: a digit group of up to four, or a digit said as a word.
_DIGIT_TOKEN = rf"(?:\d{{1,4}}|{'|'.join(DIGIT_WORDS)}|double\s+(?:{_UNIT_WORD}|oh|zero|\d))"
# Groups are joined by spaces, commas, dashes or brackets; a slash makes a date or a score.
_DIGIT_RUN = re.compile(rf"(?i)(?<![\w./]){_DIGIT_TOKEN}(?:[\s,.()-]+{_DIGIT_TOKEN})+(?![\w/])")
_LONG_NUMBER = re.compile(r"(?<![\w.])\d{7,}(?!\w|\.\d)")
_AGE_NUMBER = r"(?:9\d|1[01]\d)"
_SPOKEN_AGE = rf"(?:ninety(?:[\s-]+(?:{_UNIT_WORD}))?|one\s+hundred(?:\s+(?:and\s+)?\w+)?)"
_AGE = re.compile(
    rf"(?i)(?<![\w.])(?:{_AGE_NUMBER}|{_SPOKEN_AGE})[\s-]*"
    r"(?:y/?o\b|yo\b|y\.o\.|yrs?\.?[\s-]+old\b|years?[\s-]+old\b|year[\s-]+old\b)"
    rf"|\bage[ds]?\s*:?\s*(?:{_AGE_NUMBER}|{_SPOKEN_AGE})\b"
)
_STREET_TYPES = (
    r"(?:street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|ln\.?|drive|court|"
    r"way|place|terrace|circle|parkway|highway|hwy\.?|trail|square)"
)
_NUMBER_WORD = rf"(?:{_UNIT_WORD}|{_TEEN_WORD}|{_TENS_WORD}|hundred|thousand|oh|zero)"
_HOUSE = rf"(?:\d{{1,6}}[A-Za-z]?|{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD}){{0,4}})"
_NOT_STREET_NAME = r"(?!(?:x|sets?|reps?|of|with|and|min|minutes|times|degrees|lb|to)\b)"
_STATE = (
    r"(?:A[LKZR]|C[AOT]|DE|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|"
    r"T[NX]|UT|V[TA]|W[AVIY]|DC)"
)
_STREET = re.compile(
    rf"(?i)(?<![\w.]){_HOUSE}\s+(?:{_NOT_STREET_NAME}[A-Za-z'.-]+\s+){{1,3}}{_STREET_TYPES}"
    rf"(?![\w])(?:,?\s+(?:apt|apartment|unit|suite|#)\.?\s*[\w-]+)?"
    rf"(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?(?:,?\s+(?-i:{_STATE}))?(?:,?\s+\d{{5}}(?:-\d{{4}})?)?"
)
_ZIP = re.compile(
    rf"(?:(?i:\bzip(?:\s*code)?)[\s:#]*|\b(?-i:{_STATE})\s+)(\d{{5}}(?:-\d{{4}})?)(?![\w-])"
)
_SPOKEN_ZIP = re.compile(
    rf"(?:(?i:\bzip(?:\s*code)?(?:\s+is)?)[\s:,]+|\b(?-i:{_STATE}),?\s+)"
    rf"((?i:(?:{_DIGIT_TOKEN}[\s,-]*){{5,9}}))(?<![\s,-])"
)
_KIN = (
    r"(?:wife|husband|daughter|son|mother|mom|father|dad|sister|brother|granddaughter|grandson|"
    r"grandmother|grandma|grandfather|grandpa|caregiver|partner|niece|nephew|aunt|uncle|"
    r"fianc[eé]e?|friend|neighbou?r|spouse|roommate|girlfriend|boyfriend|stepson|stepdaughter)"
)
_KIN_NAME = re.compile(
    rf"(?i:\b{_KIN}(?:'s)?)(?:,\s*|\s+)(?i:(?:named|called|is|was)\s+)?"
    r"([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)"
)
_TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mister|Missus|Mx)\.?\s+([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)"
)
_NAME_IS = re.compile(
    r"(?i:\b(?:my|her|his|patient'?s?)\s+name\s+is\s+)([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)"
)
# Words capitalised at a sentence start after a kinship word that are not names.
_NOT_NAMES = frozenset(
    {"The", "She", "He", "They", "Who", "Says", "Said", "And", "But", "Will", "Was", "Is", "Has"}
)

Span = tuple[int, int, str]


def spoken_digits(text: str) -> str:
    """The digits a run of digit words and digit groups stands for ("oh" is zero)."""
    out = []
    for token in re.findall(rf"(?i){_DIGIT_TOKEN}", text):
        low = token.lower()
        if low.startswith("double"):
            digit = low.split()[-1]
            out.append(2 * DIGIT_WORDS.get(digit, digit))
        else:
            out.append(DIGIT_WORDS.get(low, low))
    return "".join(out)


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def compact_dates(text: str) -> Iterator[Span]:
    """Eight digits that read as MMDDYYYY or YYYYMMDD ("03141958"): a date of birth as typed."""
    for m in re.finditer(r"(?<![\w.])\d{8}(?!\w|\.\d)", text):
        s = m.group(0)
        mm, dd, yyyy = int(s[:2]), int(s[2:4]), int(s[4:])
        y2, m2, d2 = int(s[:4]), int(s[4:6]), int(s[6:])
        ok = 1880 < yyyy < 2100 and _valid(yyyy, mm, dd)
        if ok or (1880 < y2 < 2100 and _valid(y2, m2, d2)):
            yield m.start(), m.end(), "DATE"


def dates(text: str, keep: date | None = None) -> Iterator[Span]:
    """Full calendar dates in any spelling; `keep` (the date of service) stays readable.

    Dates without a year are masked only when spoken with a month name ("March fourteenth"):
    "4/10" is a pain score, not the tenth of April.
    """
    for m in _NUMERIC_DATE.finditer(text):
        mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = y + (1900 if y > 30 else 2000) if y < 100 else y
        if keep is not None and (year, mo, d) == (keep.year, keep.month, keep.day):
            continue
        if _valid(year, mo, d) or _valid(year, d, mo):
            yield m.start(), m.end(), "DATE"
    for m in _ISO_DATE.finditer(text):
        y, mo, d = (int(g) for g in m.groups())
        if keep is not None and (y, mo, d) == (keep.year, keep.month, keep.day):
            continue
        if _valid(y, mo, d):
            yield m.start(), m.end(), "DATE"
    for m in _SPOKEN_DATE.finditer(text):
        found = m.group(0)
        # "may" alone is a verb; "march" alone is walking: a month needs its day.
        if not re.search(r"\d|" + _ORD_WORD + r"|first|second|third", found, re.IGNORECASE):
            continue
        if keep is not None and _is_day(found, keep):
            continue
        yield m.start(), m.end(), "DATE"
    yield from compact_dates(text)


def _is_day(spoken: str, day: date) -> bool:
    low = spoken.lower()
    month = _MONTHS[day.month - 1]
    return low.startswith(month[:3]) and bool(
        re.search(rf"\b{day.day}(?:st|nd|rd|th)?\b|\b{_ORDINALS[day.day - 1]}\b", low)
        if day.day <= len(_ORDINALS)
        else False
    )


def mentions_day(text: str, day: date) -> bool:
    """Whether `text` writes `day` in any spelling (the date of service stays readable)."""
    for m in _NUMERIC_DATE.finditer(text):
        mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if (y in (day.year, day.year % 100)) and (mo, d) == (day.month, day.day):
            return True
    return any(_is_day(m.group(0), day) for m in _SPOKEN_DATE.finditer(text)) or (
        day.isoformat() in text
    )


def number_runs(text: str) -> Iterator[Span]:
    """Seven or more digits said or typed in groups: a phone, MRN, SSN or account number."""
    for m in _DIGIT_RUN.finditer(text):
        groups = [spoken_digits(t) for t in re.findall(rf"(?i){_DIGIT_TOKEN}", m.group(0))]
        digits = sum(map(len, groups))
        # Digits said one by one, or typed in groups of three or four; "3 10 2 15" is a dose.
        if digits >= 7 and (max(map(len, groups)) == 1 or max(map(len, groups)) >= 3):
            yield m.start(), m.end(), _kind_before(text, m.start(), digits)
    for m in _LONG_NUMBER.finditer(text):
        yield m.start(), m.end(), _kind_before(text, m.start(), len(m.group(0)))


def _kind_before(text: str, start: int, digits: int) -> str:
    before = text[max(0, start - 40) : start].lower()
    if re.search(r"\b(?:mrn|medical record|chart|record)\b", before):
        return "MRN"
    if re.search(r"\b(?:ssn|social)\b", before):
        return "SSN"
    if re.search(r"\b(?:phone|call|cell|number|tel|mobile|reach|text)\b", before) or digits in (
        10,
        11,
    ):
        return "PHONE"
    return "ID"


def ages(text: str) -> Iterator[Span]:
    """Ages of 90 and over (HIPAA Safe Harbor: ages over 89 are identifiers)."""
    for m in _AGE.finditer(text):
        yield m.start(), m.end(), "AGE"


def addresses(text: str) -> Iterator[Span]:
    for m in _STREET.finditer(text):
        yield m.start(), m.end(), "ADDRESS"
    for m in _ZIP.finditer(text):
        yield m.start(1), m.end(1), "ZIP"
    for m in _SPOKEN_ZIP.finditer(text):
        if len(spoken_digits(m.group(1))) in (5, 9):
            yield m.start(1), m.end(1), "ZIP"


def other_people(text: str) -> Iterator[Span]:
    """Names after a kinship word, a title, or "her name is": relatives and caregivers."""
    for regex in (_KIN_NAME, _TITLED_NAME, _NAME_IS):
        for m in regex.finditer(text):
            name = m.group(1)
            first = name.split()[0]
            if first in _NOT_NAMES:
                continue
            end = m.start(1) + (len(first) if name.split()[-1] in _NOT_NAMES else len(name))
            yield m.start(1), end, "PERSON"


def find_all(text: str, keep_date: date | None = None) -> list[Span]:
    return [
        *dates(text, keep_date),
        *number_runs(text),
        *ages(text),
        *addresses(text),
        *other_people(text),
    ]
