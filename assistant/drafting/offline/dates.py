"""The date of service written in a note: "DOS 6/2/2025", "06/02/25", "June 2, 2025".

A date labelled as the visit's (DOS, date of service, visit date, date:) wins. Otherwise the
first date that is not plainly another event's (surgery, onset, birth, a next appointment)
is taken. US order (month/day) throughout; two-digit years are 20xx.
"""

import re
from dataclasses import dataclass
from datetime import date

from assistant.domain.note import Span

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?![\d/])")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_WORDY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?"
    r",?\s+(\d{4})\b",
    re.I,
)
_LABEL = re.compile(
    r"(?i:\b(?:dos|date of service|visit date|date of visit|date|seen)\s*[:#-]?\s*(?:on\s+)?)$"
)
_OTHER_EVENT = re.compile(
    r"(?i:\b(?:s/p|surgery|surg|sx|onset|doi|injury|injured|dob|born|birth|next|f/u|follow|"
    r"appt|appointment|md|physician|since|fell|fall|tka|tha|thr|tkr|orif|repair|scheduled|"
    r"until|through|cert|certified|poc|eval)\b)[^.\n]{0,25}$"
)


_LOOK_BACK = 80


@dataclass(frozen=True, slots=True)
class FoundDate:
    day: date
    span: Span
    labelled: bool


def _parse(match: re.Match[str], kind: str) -> date | None:
    try:
        if kind == "iso":
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if kind == "numeric":
            year = int(match.group(3))
            year = year + 2000 if year < 100 else year
            return date(year, int(match.group(1)), int(match.group(2)))
        month = _MONTHS[match.group(1).lower()[:3]]
        return date(int(match.group(3)), month, int(match.group(2)))
    except ValueError:
        return None


def find_date(text: str) -> FoundDate | None:
    candidates: list[FoundDate] = []
    for kind, pattern in (("numeric", _NUMERIC), ("iso", _ISO), ("wordy", _WORDY)):
        for match in pattern.finditer(text):
            day = _parse(match, kind)
            if day is None or not 1990 <= day.year <= 2100:
                continue
            # Only the words just before a date can label it: a bounded window keeps a
            # 99 KB one-line dictation with a date in every visit linear.
            line_start = text.rfind("\n", max(0, match.start() - _LOOK_BACK), match.start()) + 1
            window = max(line_start, match.start() - _LOOK_BACK), match.start()
            labelled = bool(_LABEL.search(text, *window))
            if not labelled and _OTHER_EVENT.search(text, *window):
                continue
            span = Span(start=match.start(), end=match.end(), text=match.group())
            candidates.append(FoundDate(day, span, labelled))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (not c.labelled, c.span.start))
    return candidates[0]
