"""Mask patient identifiers before any text leaves the process; restore them afterwards.

Three sources of identifiers are masked, in this order of trust: the values the clinic passed
in `DraftContext.patient` (name and its parts, misspelt forms of them, date of birth in every
spelling including spoken and "03141958", MRN and phone however grouped or spoken, address);
patterns that look like identifiers whoever they belong to (`identifiers`: phone numbers,
SSNs, MRNs and account numbers typed or said digit by digit, calendar dates other than the
date of service, ages over 89, street addresses and ZIP codes, relatives' names after
"wife", "daughter" ...); and Presidio's recognisers (`deid`) for names and places nobody
passed in. The clinician's own name and the date of service stay readable.

Each distinct surface string gets its own placeholder ([PATIENT], [PATIENT_2], [PHONE] ...)
so unmasking restores exactly what was written. Matches are collected on the original text
and replaced in one pass, so a placeholder is never itself re-matched. Nothing here logs.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from assistant.domain.session import Patient, SessionInput
from assistant.drafting import deid
from assistant.drafting import identifiers as patterns


class Kind(StrEnum):
    PATIENT = "PATIENT"
    DOB = "DOB"
    MRN = "MRN"
    PHONE = "PHONE"
    ADDRESS = "ADDRESS"
    SSN = "SSN"
    EMAIL = "EMAIL"
    DATE = "DATE"
    AGE = "AGE"
    ID = "ID"
    ZIP = "ZIP"
    PERSON = "PERSON"  # someone other than the patient: a relative, a caregiver
    LOCATION = "LOCATION"


# A capitalised word this close to a part of the patient's name is the name misspelt
# ("Alvares", "Mariah"); parts shorter than four letters are too short to tell.
FUZZY_RATIO = 0.8
FUZZY_MIN = 4
_CAPITALISED = re.compile(r"(?<![\w'])[A-Z][A-Za-z'-]{2,}")


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


def _spoken_digits_pattern(value: str) -> str | None:
    """The digits of an MRN or phone said one by one ("four four seven one nine oh two")."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 5:
        return None
    words = {d: "|".join(w for w, v in patterns.DIGIT_WORDS.items() if v == d) for d in digits}
    sep = r"[\s,.()-]*"
    return r"(?i)(?<!\w)" + sep.join(f"(?:{d}|{words[d]})" for d in digits) + r"(?!\w)"


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
        # "A 447 1902", "a4471902": the same characters however spaced or cased.
        chars = [re.escape(c) for c in mrn if c.isalnum()]
        if len(chars) >= 5:
            yield r"(?<![\w])" + r"[\s-]*".join(chars) + r"(?![\w])", Kind.MRN
    for value, kind in ((patient.mrn, Kind.MRN), (patient.phone, Kind.PHONE)):
        spoken = _spoken_digits_pattern(value)
        if spoken:
            yield spoken, kind
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
    """Masks one patient's identifiers consistently across several texts of one request.

    `keep` holds names never to mask (the clinician's), `date_of_service` the one date left
    readable; `library=False` leaves Presidio out (a unit test of the patterns alone).
    """

    def __init__(
        self,
        patient: Patient | None = None,
        *,
        keep: Iterable[str] = (),
        date_of_service: date | None = None,
        library: bool = True,
    ) -> None:
        self._patterns: list[tuple[re.Pattern[str], Kind, int]] = []
        self._name_parts: list[str] = []
        self._keep = [w for name in keep for w in re.split(r"[\s,]+", name) if len(w) > 1]
        self._date_of_service = date_of_service
        self._library = library
        if patient is not None:
            for pattern, kind in _patient_patterns(patient):
                self._patterns.append((re.compile(pattern, re.IGNORECASE), kind, 0))
            self._name_parts = [
                p.strip(".") for p in re.split(r"[\s,]+", patient.name) if len(p) >= FUZZY_MIN
            ]
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

    @classmethod
    def for_session(cls, session: SessionInput) -> "Masker":
        """The masker for one draft: its patient, clinician and date of service."""
        ctx = session.context
        clinician = session.resolved_clinician()
        return cls(
            ctx.patient if ctx else None,
            keep=[clinician.name] if clinician.name.strip() else [],
            date_of_service=session.date_of_service,
        )

    @property
    def originals(self) -> dict[str, str]:
        return dict(self._originals)

    def _misspelt_names(self, text: str) -> Iterator[_Match]:
        for m in _CAPITALISED.finditer(text):
            word = m.group(0)
            for part in self._name_parts:
                if word[0].lower() != part[0].lower() or word.lower() == part.lower():
                    continue
                if SequenceMatcher(None, word.lower(), part.lower()).ratio() >= FUZZY_RATIO:
                    yield _Match(m.start(), m.end(), Kind.PATIENT)
                    break

    def _matches(self, text: str) -> list[_Match]:
        found: list[_Match] = []
        for regex, kind, group in self._patterns:
            for m in regex.finditer(text):
                if m.end(group) > m.start(group):
                    found.append(_Match(m.start(group), m.end(group), kind))
        found += self._misspelt_names(text)
        keep = {w.lower() for w in self._keep}
        general = patterns.find_all(text, self._date_of_service)
        if self._library:
            general += deid.find(text, self._keep)
        for start, end, label in general:
            if label == "PERSON" and text[start:end].lower() in keep:
                continue  # the clinician's own name
            dos = self._date_of_service
            if label == "DATE" and dos is not None and patterns.mentions_day(text[start:end], dos):
                continue
            found.append(_Match(start, end, Kind(label)))
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

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Where `mask` would put placeholders: (start, end, kind), in text order."""
        return [(m.start, m.end, m.kind.value) for m in self._matches(text)]

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
