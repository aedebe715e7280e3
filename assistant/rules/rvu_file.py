"""Reader for the CMS national physician fee schedule relative value file (PPRRVU).

CMS ships it each year in RVUyyA.zip (and quarterly B/C/D updates) as PPRRVUyy_<month>.csv:
a few title and copyright lines, a header that names the columns (wrapped over two or three
rows in some releases: "WORK" above "RVU"), then one row per HCPCS code and modifier.
Cells are separated by commas, or by tabs when Excel has re-saved the file as "Unicode
text". Columns are found by their header words, not by position, so a release that adds a
column still reads; a file without the needed columns is refused. Only rows without a
modifier are used (26/TC/53 rows price parts of a service).

The reader takes an iterable of lines, so the caller can stream a file of any size.
"""

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import chain, islice

from assistant.errors import InputError

# A HCPCS code: five digits (CPT), a letter and four digits (G0283), or four digits and a
# letter (0552T). "HCPCS" itself, the header's first cell, is not one.
_CODE = re.compile(r"^(?:\d{5}|[A-Z]\d{4}|\d{4}[A-Z])$")
# Each column and how its header (the cells above it joined, upper case) reads. The first
# column that matches wins: later columns such as "NON-FACILITY PE USED FOR OPPS PAYMENT
# AMOUNT" and "NON-FACILITY TOTAL" must not.
_COLUMNS: dict[str, Callable[[set[str], str], bool]] = {
    "hcpcs": lambda words, text: "HCPCS" in words,
    "mod": lambda words, text: "MOD" in words,
    "status": lambda words, text: "STATUS" in words,
    "work": lambda words, text: {"WORK", "RVU"} <= words,
    "pe": lambda words, text: text.startswith(("NON-FAC PE RVU", "NON-FACILITY PE RVU")),
    "mp": lambda words, text: {"MP", "RVU"} <= words,
    "cf": lambda words, text: {"CONV", "FACTOR"} <= words,
}
_OPTIONAL = {"cf"}
_STATUS = re.compile(r"^[A-Z]$")
_HEADER_ROWS = 20  # the header sits within the first lines; data rows come right after


# Statuses whose national RVUs are a payment (A active, R restricted but paid where covered,
# T paid only without other services that day). B, C, I, N and the rest carry none: a C row's
# zeros mean "the MAC prices it", not $0.00.
_PAID_STATUS = frozenset("ART")


@dataclass(frozen=True, slots=True)
class RvuRow:
    code: str
    status: str
    work: Decimal
    pe: Decimal  # non-facility practice expense
    mp: Decimal

    @property
    def priced(self) -> bool:
        """Whether the row gives the code a national payment."""
        return self.status in _PAID_STATUS and self.work + self.pe + self.mp > 0


@dataclass(slots=True)
class RvuImport:
    rows: dict[str, RvuRow] = field(default_factory=dict)  # kept codes
    read: int = 0  # data rows without a modifier
    skipped: int = 0  # rows of codes ptscribe does not bill, or with a modifier
    factor: Decimal | None = None  # the file's CONV FACTOR column


def _find_columns(header: list[list[str]]) -> dict[str, int] | None:
    width = max(len(row) for row in header)
    texts = [
        " ".join(row[i].strip().upper() for row in header if i < len(row) and row[i].strip())
        for i in range(width)
    ]
    found: dict[str, int] = {}
    for name, matches in _COLUMNS.items():
        for index, text in enumerate(texts):
            if matches(set(text.split()), text):
                found[name] = index
                break
    missing = [n for n in _COLUMNS if n not in found and n not in _OPTIONAL]
    return None if missing else found


def _number(cell: str, what: str, line_no: int) -> Decimal:
    text = cell.strip() or "0"
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise InputError(f"line {line_no}: {what} {cell.strip()!r} is not a number") from exc
    if not value.is_finite() or value < 0 or value > 10_000:
        raise InputError(f"line {line_no}: {what} {cell.strip()!r} is out of range")
    return value


def _rows(lines: Iterable[str]) -> Iterator[list[str]]:
    """CSV rows, comma- or tab-separated: Excel saves the CSV as tab-separated "Unicode text".
    The header region decides; CMS's own CSV never holds a tab."""
    stream = iter(lines)
    start = list(islice(stream, _HEADER_ROWS))
    delimiter = "\t" if any("\t" in line for line in start) else ","
    return csv.reader(chain(start, stream), delimiter=delimiter)


def read_pprrvu(lines: Iterable[str], keep: frozenset[str]) -> RvuImport:
    """Read the file's rows; keep the codes in `keep` (the catalog). Raises InputError with
    a one-line reason when the file is not a PPRRVU file or a kept row is malformed."""
    result = RvuImport()
    header: list[list[str]] = []
    columns: dict[str, int] | None = None
    for line_no, row in enumerate(_rows(lines), start=1):
        if columns is None:
            if row and _CODE.match(row[0].strip()):
                columns = _find_columns(header) if header else None
                if columns is None:
                    raise InputError(
                        "not a CMS PPRRVU file: no header naming HCPCS, MOD, STATUS, WORK RVU, "
                        "NON-FAC PE RVU and MP RVU before the first code row"
                    )
            else:
                if line_no > _HEADER_ROWS:
                    raise InputError(
                        f"not a CMS PPRRVU file: no code rows in the first {_HEADER_ROWS} lines"
                    )
                header.append(row)
                continue
        if not row or not any(cell.strip() for cell in row):
            continue
        code = row[0].strip()
        if len(row) <= max(columns.values()) or not _CODE.match(code):
            raise InputError(f"line {line_no}: not a PPRRVU row: {','.join(row)[:80]!r}")
        if row[columns["mod"]].strip():
            result.skipped += 1
            continue
        result.read += 1
        if "cf" in columns and result.factor is None and row[columns["cf"]].strip():
            result.factor = _number(row[columns["cf"]], "CONV FACTOR", line_no)
        if code not in keep:
            result.skipped += 1
            continue
        status = row[columns["status"]].strip()
        if not _STATUS.match(status):
            raise InputError(
                f"line {line_no}: status code {status[:20]!r} of {code} is not one letter"
            )
        result.rows[code] = RvuRow(
            code=code,
            status=status,
            work=_number(row[columns["work"]], "WORK RVU", line_no),
            pe=_number(row[columns["pe"]], "NON-FAC PE RVU", line_no),
            mp=_number(row[columns["mp"]], "MP RVU", line_no),
        )
    if columns is None or result.read == 0:
        raise InputError("not a CMS PPRRVU file: no code rows found")
    return result
