"""Imports of the CMS rule tables into the store, and the move of older file-kept tables.

- NCCI: the CMS practitioner PTP file (several parts) -> the store's `ncci_edit` table.
- Fees: the CMS national RVU file (PPRRVU) of a year -> the store's `fee` rows for that year.

Source files are streamed line by line with a bound on each line, so a multi-megabyte CMS
file (or a mistaken 300 MB one) never sits in memory whole. The store is the one home of the
imported tables (`services.reference` loads them for every surface); earlier versions kept
them as files under PTSCRIBE_HOME, and `adopt_files` moves those into the store once.
"""

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from assistant.errors import InputError, RuleTableError
from assistant.rules.ptp_file import parse_rows
from assistant.rules.rvu_file import read_pprrvu
from assistant.rules.tables import PtpEdit, Rvu, catalog
from assistant.services import reference
from assistant.services.inputs import decode_error, text_encoding
from assistant.settings import Settings
from assistant.store.db import Database

MAX_LINE = 64 * 1024  # CMS rows are a few hundred bytes; a longer "line" is not their file
NCCI_FIELDS = ["column1", "column2", "effective", "deletion", "indicator", "source"]


def stream_lines(path: Path) -> Iterator[str]:
    """The file's lines, each at most MAX_LINE characters; InputError for binary, non-text
    or unreadable files. UTF-8, or UTF-16/32 with a byte-order mark (what Excel's "Unicode
    text" saves a CMS file as), chosen by the same rule as every other input."""
    encoding = "utf-8-sig"
    try:
        with path.open("rb") as raw:
            # peek() shows the buffered start without consuming it, so the decoder still
            # sees the byte-order mark it has to drop.
            encoding = text_encoding(raw.peek(_SNIFF)[:_SNIFF], path.name)
            with io.TextIOWrapper(raw, encoding=encoding, newline="") as handle:
                while line := handle.readline(MAX_LINE + 1):
                    if len(line) > MAX_LINE:
                        raise InputError(
                            f"{path.name}: a line is longer than {MAX_LINE:,} characters"
                        )
                    if "\x00" in line:
                        raise InputError(f"{path.name} looks binary (it contains NUL bytes)")
                    yield line
    except UnicodeDecodeError as exc:
        raise decode_error(encoding, path.name, exc) from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


_SNIFF = 512  # enough of the start to tell UTF-16 without a mark from binary


# ------------------------------------------------------------------------------ NCCI


@dataclass(frozen=True, slots=True)
class PartReport:
    name: str
    rows: int
    kept: int


@dataclass(frozen=True, slots=True)
class NcciImport:
    parts: tuple[PartReport, ...]
    kept: int  # distinct therapy edits stored
    target: str = "the database"


def ncci_sources(arguments: Sequence[str]) -> list[Path]:
    """The files to import: each argument is a file, or a folder whose .txt files are read."""
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
            if not found:
                raise InputError(f"{argument} holds no .txt PTP files")
            paths.extend(found)
        else:
            paths.append(path)
    return paths


def import_ncci(paths: Sequence[Path], db: Database) -> NcciImport:
    """Read every part, keep the edits between two catalog codes, store them together."""
    keep = frozenset(catalog())
    edits: dict[tuple[str, str, date], PtpEdit] = {}
    parts = []
    for path in paths:
        rows = kept = 0
        try:
            for edit in parse_rows(stream_lines(path), path.name):
                rows += 1
                if edit.column1 in keep and edit.column2 in keep:
                    kept += 1
                    edits[edit.column1, edit.column2, edit.effective] = edit
        except InputError as exc:
            message = str(exc)
            raise InputError(
                message if message.startswith(path.name) else f"{path.name}: {message}"
            ) from exc
        if rows == 0:
            raise InputError(
                f"{path.name}: no PTP edit rows found: expected a CMS tab-delimited "
                "practitioner PTP file"
            )
        parts.append(PartReport(path.name, rows, kept))
    if not edits:
        raise InputError(
            "no edits between therapy codes in "
            f"{', '.join(p.name for p in paths)}: the current table is kept"
        )
    ordered = sorted(edits.values(), key=lambda e: (e.column1, e.column2, e.effective))
    reference.import_ncci(db, ordered, source=", ".join(p.name for p in paths))
    return NcciImport(tuple(parts), len(edits))


def _ncci_file(path: Path) -> list[PtpEdit]:
    """The edits of a table an earlier version stored as a file."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != NCCI_FIELDS:
                raise ValueError(f"header {reader.fieldnames!r}")
            edits = [_stored_edit(row) for row in reader]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, csv.Error) as exc:
        raise RuleTableError(_corrupt("NCCI", path, exc, "ptscribe ncci import FILE...")) from exc
    if not edits:
        raise RuleTableError(_corrupt("NCCI", path, "no edits", "ptscribe ncci import FILE..."))
    return edits


_STORED_CODE = re.compile(r"^[0-9A-Z]{5}$")


def _stored_edit(row: dict[str, Any]) -> PtpEdit:
    column1, column2 = row["column1"], row["column2"]
    if not (_STORED_CODE.match(column1) and _STORED_CODE.match(column2)):
        raise ValueError(f"bad code pair {column1!r}/{column2!r}")
    if row["indicator"] not in ("0", "1", "9"):
        raise ValueError(f"bad modifier indicator {row['indicator']!r}")
    return PtpEdit(
        column1=column1,
        column2=column2,
        effective=date.fromisoformat(row["effective"]),
        deletion=date.fromisoformat(row["deletion"]) if row["deletion"] else None,
        indicator=row["indicator"],
        source=row["source"],
    )


def _corrupt(what: str, path: Path, reason: object, command: str) -> str:
    return (
        f"the imported {what} table {path} cannot be read ({str(reason)[:80]}); "
        f"re-import it with `{command}` and delete the file"
    )


# ------------------------------------------------------------------------------ fees


@dataclass(frozen=True, slots=True)
class FeeImport:
    year: int
    kept: int
    read: int
    missing: tuple[str, ...]  # active catalog codes the file has no row for
    factor: Decimal | None
    target: str = "the database"
    # Catalog codes whose row has no national payment, as "code (status)": not stored, so
    # their lines name the status instead of pricing at the file's zeros.
    unpriced: tuple[str, ...] = ()


_YEAR_IN_NAME = re.compile(r"(?:PPRRVU|RVU)(\d{2})", re.IGNORECASE)


def fee_year(path: Path, year: int | None) -> int:
    if year is not None:
        return year
    match = _YEAR_IN_NAME.search(path.name)
    if match is None:
        raise InputError(
            f"cannot tell the year of {path.name}: name it as CMS does (PPRRVU25_JAN.csv) "
            "or pass --year"
        )
    return 2000 + int(match.group(1))


def import_fees(path: Path, db: Database, year: int | None = None) -> FeeImport:
    """Read a PPRRVU file and store the RVUs of the catalog's codes for its year."""
    the_year = fee_year(path, year)
    if not 2000 <= the_year <= 2100:
        raise InputError(f"year {the_year} is out of range")
    codes = catalog()
    result = read_pprrvu(stream_lines(path), frozenset(codes))
    if not result.rows:
        raise InputError(f"{path.name} has no rows for the therapy codes ptscribe bills")
    rows = result.rows
    rvus = {
        c: Rvu(r.work, r.pe, r.mp, f"imported:{path.name}") for c, r in rows.items() if r.priced
    }
    if not rvus:
        raise InputError(f"{path.name} gives none of the therapy codes ptscribe bills a fee")
    reference.import_fees(db, the_year, rvus, source=path.name, factor=result.factor)
    missing = tuple(
        sorted(c for c, info in codes.items() if c not in rows and info.medicare_status == "A")
    )
    unpriced = tuple(f"{c} ({r.status})" for c, r in sorted(rows.items()) if not r.priced)
    return FeeImport(the_year, len(rvus), result.read, missing, result.factor, unpriced=unpriced)


def _fee_file(path: Path) -> tuple[int, dict[str, Rvu], Decimal | None, str]:
    """(year, RVUs, conversion factor, source) of a year an earlier version stored as a file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        year, source = int(data["year"]), str(data["source"])
        rvus = {
            str(code): Rvu(
                work=_decimal(v["work"]),
                pe=_decimal(v["pe"]),
                mp=_decimal(v["mp"]),
                source=f"imported:{source}",
            )
            for code, v in data["codes"].items()
        }
        factor = data.get("conversion_factor")
        return year, rvus, _decimal(factor) if factor is not None else None, source
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RuleTableError(_corrupt("fee", path, exc, "ptscribe fees import FILE")) from exc


# ------------------------------------------------------------------------------ old files


def adopt_files(db: Database, settings: Settings) -> list[str]:
    """Move the tables an earlier version kept under the home into the store (`ptscribe db
    upgrade` runs this). Each file is read strictly, imported, then renamed with a `.moved`
    suffix, so it is never read again and nothing is deleted."""
    moved = []
    for path in reference.legacy_files(settings):
        if path == settings.ncci_file:
            reference.import_ncci(db, _ncci_file(path), source=path.name)
        else:
            year, rvus, factor, source = _fee_file(path)
            reference.import_fees(db, year, rvus, source=source, factor=factor)
        path.replace(path.with_name(path.name + ".moved"))
        moved.append(path.name)
    return moved


def _decimal(value: object) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a number") from exc
    if not number.is_finite() or number < 0:
        raise ValueError(f"{value!r} is not a fee figure")
    return number
