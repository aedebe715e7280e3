"""Reader for the CMS quarterly practitioner PTP edit file (tab-delimited text).

The file opens with a copyright line and a header wrapped over several lines; data rows have
seven columns: column 1, column 2, "*" if in existence before 1996, effective date
(YYYYMMDD), deletion date (YYYYMMDD or "*"), modifier indicator (0/1/9), rationale.
Rows are recognised by their shape rather than by counting header lines, so a reworded
preamble does not break the import.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from assistant.errors import InputError
from assistant.rules.tables import PtpEdit

_CODE = re.compile(r"^[0-9A-Z]{5}$")
_DAY = re.compile(r"^\d{8}$")


@dataclass(frozen=True, slots=True)
class ImportResult:
    edits: list[PtpEdit]
    rows: int
    skipped: int


def _day(text: str, line_no: int) -> date:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as exc:
        raise InputError(f"line {line_no}: impossible date {text!r}") from exc


def parse_rows(lines: Iterable[str], source: str) -> Iterator[PtpEdit]:
    for line_no, raw in enumerate(lines, start=1):
        cells = [c.strip() for c in raw.rstrip("\r\n").split("\t")]
        if len(cells) < 6 or not (_CODE.match(cells[0]) and _CODE.match(cells[1])):
            continue
        effective, deletion, indicator = cells[3], cells[4], cells[5]
        if not _DAY.match(effective) or indicator not in ("0", "1", "9"):
            raise InputError(f"line {line_no}: not a PTP edit row: {raw.strip()[:80]!r}")
        yield PtpEdit(
            column1=cells[0],
            column2=cells[1],
            effective=_day(effective, line_no),
            deletion=None if deletion in ("", "*") else _day(deletion, line_no),
            indicator=indicator,
            source=source,
        )


def import_ptp(lines: Iterable[str], source: str, keep: frozenset[str]) -> ImportResult:
    """Parse every edit; keep those whose two codes are both in `keep` (the billable catalog)."""
    edits, rows = [], 0
    for edit in parse_rows(lines, source):
        rows += 1
        if edit.column1 in keep and edit.column2 in keep:
            edits.append(edit)
    if rows == 0:
        raise InputError("no PTP edit rows found: expected the CMS tab-delimited practitioner file")
    return ImportResult(edits, rows, rows - len(edits))
