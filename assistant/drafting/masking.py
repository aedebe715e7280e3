"""Mask patient identifiers before any text leaves the process; restore them afterwards.

Two sources of identifiers are masked: the values the clinic passed in
`DraftContext.patient` (name and its parts, date of birth in the usual spellings, MRN, phone,
address) and patterns that look like identifiers whoever they belong to (phone numbers, dates
next to "DOB", SSNs, "MRN 12345", e-mail addresses).

Each distinct surface string gets its own placeholder ([PATIENT], [PATIENT_2], [PHONE] ...)
so unmasking restores exactly what was written. Matches are collected on the original text
and replaced in one pass, so a placeholder is never itself re-matched. Nothing here logs.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from assistant.domain.session import Patient


class Kind(StrEnum):
    PATIENT = "PATIENT"
    DOB = "DOB"
    MRN = "MRN"
    PHONE = "PHONE"
    ADDRESS = "ADDRESS"
    SSN = "SSN"
    EMAIL = "EMAIL"


_PHONE = re.compile(
    r"(?<![\w/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\w)"
)
_SSN = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
_SSN_LABELLED = re.compile(r"(?i)\b(?:SSN|social security(?: number| no\.?)?)[\s:#]*(\d{9})\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MRN_LABELLED = re.compile(
    r"(?i)\b(?:MRN|medical record(?: number| no\.?| #)?)[\s:#.]*([A-Z0-9][A-Z0-9-]{3,19})\b"
)
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_ANY_DATE = (
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{2,4}}"
)
# A date written within a few words after "DOB", "date of birth" or "born".
_DOB_LABELLED = re.compile(
    rf"(?i)\b(?:DOB|D\.O\.B\.?|date of birth|birth ?date|born(?: on)?)\b[\s:#,-]*"
    rf"(?:\w+\s+){{0,2}}?({_ANY_DATE})"
)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    kind: Kind


def _literal(value: str) -> str:
    """A case-insensitive pattern for a value, flexible in whitespace, whole words only."""
    words = [re.escape(w) for w in value.split()]
    body = r"\s+".join(words)
    return rf"(?<!\w){body}(?!\w)"


def _digits_pattern(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 7:
        return None
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    sep = r"[\s().+-]*"
    return r"(?<!\d)(?:\+?1" + sep + ")?" + sep.join(digits) + r"(?!\d)"


def _date_spellings(day: date) -> list[str]:
    month = day.strftime("%B")
    mon = day.strftime("%b")
    m, d, y, yy = day.month, day.day, day.year, day.year % 100
    numeric = [
        rf"0?{m}[/.-]0?{d}[/.-](?:{y}|{yy:02d})",
        rf"0?{d}[/.-]0?{m}[/.-]{y}",
        rf"{y}-0?{m}-0?{d}",
    ]
    words = [
        rf"(?:{month}|{mon}\.?)\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}",
        rf"0?{d}(?:st|nd|rd|th)?\s+(?:{month}|{mon}\.?),?\s+{y}",
    ]
    return [rf"(?<![\w/.-])(?:{p})(?![\w/])" for p in numeric + words]


def _patient_patterns(patient: Patient) -> Iterator[tuple[str, Kind]]:
    name = patient.name.strip()
    if name:
        yield _literal(name), Kind.PATIENT
        # "Mrs. Alvarez" or "Maria" alone: each name part of three letters or more.
        for part in re.split(r"[\s,]+", name):
            if len(part.strip(".")) >= 3:
                yield _literal(part.strip(".")), Kind.PATIENT
    if patient.date_of_birth is not None:
        for spelling in _date_spellings(patient.date_of_birth):
            yield spelling, Kind.DOB
    mrn = patient.mrn.strip()
    if mrn:
        yield rf"(?<![\w-]){re.escape(mrn)}(?![\w-])", Kind.MRN
    phone = _digits_pattern(patient.phone)
    if phone:
        yield phone, Kind.PHONE
    address = patient.address.strip()
    if address:
        yield _literal(address), Kind.ADDRESS
        street = address.split(",")[0].strip()
        if len(street) >= 6 and street != address:
            yield _literal(street), Kind.ADDRESS


@dataclass
class Masked:
    """Masked text plus the map needed to restore it (placeholder -> original string)."""

    text: str
    originals: dict[str, str] = field(default_factory=dict)


class Masker:
    """Masks one patient's identifiers consistently across several texts of one request."""

    def __init__(self, patient: Patient | None = None) -> None:
        self._patterns: list[tuple[re.Pattern[str], Kind, int]] = []
        if patient is not None:
            for pattern, kind in _patient_patterns(patient):
                self._patterns.append((re.compile(pattern, re.IGNORECASE), kind, 0))
        for regex, kind, group in (
            (_DOB_LABELLED, Kind.DOB, 1),
            (_SSN, Kind.SSN, 0),
            (_SSN_LABELLED, Kind.SSN, 1),
            (_MRN_LABELLED, Kind.MRN, 1),
            (_EMAIL, Kind.EMAIL, 0),
            (_PHONE, Kind.PHONE, 0),
        ):
            self._patterns.append((regex, kind, group))
        self._by_original: dict[str, str] = {}
        self._originals: dict[str, str] = {}
        self._counts: dict[Kind, int] = {}

    @property
    def originals(self) -> dict[str, str]:
        return dict(self._originals)

    def _matches(self, text: str) -> list[_Match]:
        found: list[_Match] = []
        for regex, kind, group in self._patterns:
            for m in regex.finditer(text):
                if m.end(group) > m.start(group):
                    found.append(_Match(m.start(group), m.end(group), kind))
        # Longest first at each position, then keep only matches that overlap nothing kept.
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[_Match] = []
        for match in found:
            if kept and match.start < kept[-1].end:
                continue
            kept.append(match)
        return kept

    def _placeholder(self, original: str, kind: Kind, text: str) -> str:
        key = f"{kind}\0{original}"
        if key not in self._by_original:
            while True:
                n = self._counts.get(kind, 0) + 1
                self._counts[kind] = n
                placeholder = f"[{kind}]" if n == 1 else f"[{kind}_{n}]"
                # A placeholder already written in the text would be "restored" wrongly.
                if placeholder not in text:
                    break
            self._by_original[key] = placeholder
            self._originals[placeholder] = original
        return self._by_original[key]

    def mask(self, text: str) -> Masked:
        parts: list[str] = []
        pos = 0
        for match in self._matches(text):
            parts.append(text[pos : match.start])
            parts.append(self._placeholder(text[match.start : match.end], match.kind, text))
            pos = match.end
        parts.append(text[pos:])
        return Masked("".join(parts), self.originals)

    def unmask(self, text: str) -> str:
        if not self._originals:
            return text
        # Longest placeholder first so [PHONE_12] is not read as [PHONE_1] plus "2]".
        keys = sorted(self._originals, key=len, reverse=True)
        regex = re.compile("|".join(re.escape(k) for k in keys))
        return regex.sub(lambda m: self._originals[m.group(0)], text)

    def unmask_data(self, data: Any) -> Any:
        """Unmask every string inside JSON-like data (dicts, lists, strings)."""
        if isinstance(data, str):
            return self.unmask(data)
        if isinstance(data, dict):
            return {key: self.unmask_data(value) for key, value in data.items()}
        if isinstance(data, list):
            return [self.unmask_data(value) for value in data]
        return data


def identifiers(patient: Patient) -> Iterable[str]:
    """The patient's identifiers as strings, for tests and audits that scan outgoing text."""
    values = [patient.name, patient.mrn, patient.phone, patient.address]
    if patient.date_of_birth is not None:
        values.append(patient.date_of_birth.isoformat())
    return [v for v in values if v.strip()]
