"""The billing feed: every signed claim line of a date range, one row per line, for billers.

The lines are the claims as the store holds them: computed once by the billing engine
(`assistant.rules.claim.claim_for`) when the note was signed, or when an addendum corrected
it. Nothing here recomputes a unit, modifier or payment. A note whose claim an addendum
corrected keeps its original lines, marked superseded, followed by the corrected lines
(marked `corrected`, with the addendum's id and hash), so the feed shows what was billed and
what replaces it. Notes awaiting a required co-signature are held back and counted.
"""

import csv
import io
import json
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.domain.billing import BillResult
from assistant.domain.lifecycle import NoteStatus
from assistant.domain.records import ClinicianRecord, PatientRecord
from assistant.errors import InputError
from assistant.store.exports import CorrectionRow, SignedClaimRow
from assistant.store.repo import Tx

MAX_RANGE_DAYS = 366
POINTERS = "ABCDEFGHIJKL"  # a claim form's diagnosis letters (12 diagnoses at most)


class _Dx(BaseModel):
    code: str


class _Payer(BaseModel):
    name: str = "Medicare"


class _NoteFacts(BaseModel):
    """The few facts of a stored note a feed line needs (the note was validated when it was
    stored; reading the rest of it for every line would only cost time)."""

    date_of_service: date
    payer: _Payer = Field(default_factory=_Payer)
    diagnoses: list[_Dx] = Field(default_factory=list)


class FeedLine(BaseModel):
    note_id: int
    note_sha256: str
    claim_kind: Literal["original", "corrected"]
    # A later correction replaces the claim this line belongs to: bill the newer one.
    superseded: bool
    addendum_id: int | None = None
    addendum_sha256: str = ""
    line_number: int
    patient_name: str
    patient_dob: date
    patient_mrn: str
    payer: str
    date_of_service: date
    rendering_clinician: str
    rendering_credentials: str
    rendering_npi: str
    supervising_clinician: str = ""
    supervising_npi: str = ""
    cpt: str
    modifiers: list[str]
    units: int
    icd10_codes: list[str]
    diagnosis_pointers: str
    minutes: int
    expected_payment: float | None


class ClaimsFeed(BaseModel):
    start: date
    end: date
    notes: int  # signed notes whose lines are in the feed
    held_awaiting_cosign: int  # signed by an assistant, co-signature still required
    lines: list[FeedLine] = Field(default_factory=list)

    @property
    def current(self) -> list[FeedLine]:
        return [ln for ln in self.lines if not ln.superseded]

    @property
    def total_units(self) -> int:
        return sum(ln.units for ln in self.current)

    @property
    def total_expected_payment(self) -> float:
        return round(sum(ln.expected_payment or 0.0 for ln in self.current), 2)


def check_range(start: date, end: date) -> None:
    if end < start:
        raise InputError(f"the range ends ({end}) before it starts ({start}): swap --from and --to")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise InputError(
            f"the range {start}..{end} covers {(end - start).days + 1} days: export at most "
            f"{MAX_RANGE_DAYS} days (a year) at a time"
        )


class _People:
    """Patients and clinicians read once per feed, however many lines name them."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.patients: dict[int, PatientRecord] = {}
        self.clinicians: dict[int, ClinicianRecord] = {}

    def patient(self, pid: int) -> PatientRecord:
        if pid not in self.patients:
            self.patients[pid] = self.tx.people.patient(pid)
        return self.patients[pid]

    def clinician(self, cid: int) -> ClinicianRecord:
        if cid not in self.clinicians:
            self.clinicians[cid] = self.tx.people.clinician(cid)
        return self.clinicians[cid]


def _lines(
    people: _People,
    row: SignedClaimRow,
    note: _NoteFacts,
    claim: BillResult | None,
    *,
    correction: CorrectionRow | None,
    superseded: bool,
) -> list[FeedLine]:
    patient = people.patient(row.patient_id)
    clinician = people.clinician(row.clinician_id)
    supervisor = people.clinician(clinician.supervisor_id) if clinician.supervisor_id else None
    codes = [dx.code for dx in note.diagnoses][: len(POINTERS)]
    pointers = " ".join(POINTERS[i] for i in range(min(4, len(codes))))
    billed = [ln for ln in (claim.lines if claim else []) if ln.units]
    return [
        FeedLine(
            note_id=row.note_id,
            note_sha256=row.sha256,
            claim_kind="corrected" if correction else "original",
            superseded=superseded,
            addendum_id=correction.addendum_id if correction else None,
            addendum_sha256=correction.sha256 if correction else "",
            line_number=number,
            patient_name=patient.name,
            patient_dob=patient.date_of_birth,
            patient_mrn=patient.mrn,
            payer=note.payer.name,
            date_of_service=note.date_of_service,
            rendering_clinician=clinician.name,
            rendering_credentials=clinician.credentials,
            rendering_npi=clinician.npi or "",
            supervising_clinician=supervisor.name if supervisor else "",
            supervising_npi=(supervisor.npi or "") if supervisor else "",
            cpt=line.code,
            modifiers=list(line.modifiers),
            units=line.units,
            icd10_codes=codes,
            diagnosis_pointers=pointers,
            minutes=line.minutes,
            expected_payment=line.expected_payment,
        )
        for number, line in enumerate(billed, start=1)
    ]


def _claim(text: str) -> BillResult | None:
    return None if text == "null" else BillResult.model_validate_json(text)


def build_feed(
    tx: Tx,
    clinic_id: int,
    start: date,
    end: date,
    *,
    clinician_id: int | None = None,
    note_id: int | None = None,
) -> ClaimsFeed:
    check_range(start, end)
    query = tx.exports.signed_claims(
        clinic_id, start=start, end=end, clinician_id=clinician_id, note_id=note_id
    )
    rows = list(query)
    held = [r for r in rows if r.status == NoteStatus.AWAITING_COSIGN.value]
    ready = [r for r in rows if r.status != NoteStatus.AWAITING_COSIGN.value]
    corrections: dict[int, list[CorrectionRow]] = {}
    for c in tx.exports.corrections([r.note_id for r in ready]):
        corrections.setdefault(c.note_id, []).append(c)
    people = _People(tx)
    feed = ClaimsFeed(start=start, end=end, notes=len(ready), held_awaiting_cosign=len(held))
    for row in ready:
        note = _NoteFacts.model_validate_json(row.note_json)
        fixes = corrections.get(row.note_id, [])
        feed.lines.extend(
            _lines(
                people, row, note, _claim(row.claim_json), correction=None, superseded=bool(fixes)
            )
        )
        for index, fix in enumerate(fixes):
            fixed = (
                note if fix.note_json == "null" else _NoteFacts.model_validate_json(fix.note_json)
            )
            last = index == len(fixes) - 1
            feed.lines.extend(
                _lines(
                    people, row, fixed, _claim(fix.claim_json), correction=fix, superseded=not last
                )
            )
    return feed


COLUMNS = [name for name in FeedLine.model_fields if name not in ("modifiers", "icd10_codes")]
CSV_COLUMNS = [
    *COLUMNS[: COLUMNS.index("units")],
    "modifiers",
    *[f"modifier_{i}" for i in range(1, 5)],
    *COLUMNS[COLUMNS.index("units") :],
    "icd10_codes",
]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # A spreadsheet runs a cell that starts like a formula: a typed name must not.
    return "'" + text if text.startswith(_FORMULA) else text


def feed_csv(feed: ClaimsFeed) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in feed.lines:
        data = line.model_dump(mode="json")
        mods = line.modifiers + [""] * 4
        row = {
            **{k: _cell(v) for k, v in data.items() if k not in ("modifiers", "icd10_codes")},
            "modifiers": " ".join(line.modifiers),
            **{f"modifier_{i}": mods[i - 1] for i in range(1, 5)},
            "icd10_codes": " ".join(line.icd10_codes),
        }
        if line.expected_payment is not None:
            row["expected_payment"] = f"{line.expected_payment:.2f}"
        writer.writerow([row[c] for c in CSV_COLUMNS])
    return out.getvalue()


def feed_json(feed: ClaimsFeed) -> str:
    data = {
        "start": feed.start.isoformat(),
        "end": feed.end.isoformat(),
        "notes": feed.notes,
        "held_awaiting_cosign": feed.held_awaiting_cosign,
        "total_units": feed.total_units,
        "total_expected_payment": feed.total_expected_payment,
        "lines": [line.model_dump(mode="json") for line in feed.lines],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_csv(text: str) -> list[FeedLine]:
    """The lines of a feed written by `feed_csv` (for the re-read test and importers)."""
    lines = []
    for row in csv.DictReader(io.StringIO(text)):
        data: dict[str, object] = {
            k: (v[1:] if v.startswith("'") and v[1:].startswith(_FORMULA) else v)
            for k, v in row.items()
            if k in COLUMNS
        }
        data["modifiers"] = row["modifiers"].split()
        data["icd10_codes"] = row["icd10_codes"].split()
        data["superseded"] = row["superseded"] == "true"
        for key in ("addendum_id", "expected_payment"):
            if data[key] == "":
                data[key] = None
        lines.append(FeedLine.model_validate(data))
    return lines


def read_json(text: str) -> list[FeedLine]:
    return [FeedLine.model_validate(item) for item in json.loads(text)["lines"]]
