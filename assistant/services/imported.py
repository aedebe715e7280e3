"""The user's imported rule tables under PTSCRIBE_HOME: imported from CMS files, loaded at
the edge and handed to the rules (which do no I/O).

- NCCI: the CMS practitioner PTP file (several parts) -> `ncci_ptp.csv`.
- Fees: the CMS national RVU file (PPRRVU) of a year -> `fees/rvu_<year>.json`.

Source files are streamed line by line with a bound on each line, so a multi-megabyte CMS
file (or a mistaken 300 MB one) never sits in memory whole. A stored table that cannot be
read back is a RuleTableError telling the user to re-import: it is never silently replaced
by the shipped seed, which would change claims without a word.
"""

import csv
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from assistant.errors import InputError, RuleTableError
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.fees import FeeSchedule, shipped_fees
from assistant.rules.ptp_file import parse_rows
from assistant.rules.rvu_file import read_pprrvu
from assistant.rules.tables import PtpEdit, Rvu, catalog
from assistant.settings import Settings

MAX_LINE = 64 * 1024  # CMS rows are a few hundred bytes; a longer "line" is not their file
NCCI_FIELDS = ["column1", "column2", "effective", "deletion", "indicator", "source"]


def stream_lines(path: Path) -> Iterator[str]:
    """The file's lines, each at most MAX_LINE characters; InputError for binary, non-text
    or unreadable files."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            while line := handle.readline(MAX_LINE + 1):
                if len(line) > MAX_LINE:
                    raise InputError(f"{path.name}: a line is longer than {MAX_LINE:,} characters")
                if "\x00" in line:
                    raise InputError(f"{path.name} looks binary (it contains NUL bytes)")
                yield line
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} is not UTF-8 text (bad byte at offset {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _write_atomic(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)  # under a home data_home() checked
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)  # a failed import never leaves a half-written table


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
    target: Path


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


def import_ncci(paths: Sequence[Path], settings: Settings) -> NcciImport:
    """Read every part, keep the edits between two catalog codes, store them together."""
    settings.data_home(write=True)  # refuse a bad PTSCRIBE_HOME before reading anything
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
    buffer: list[str] = []
    writer = csv.writer(_Lines(buffer))
    writer.writerow(NCCI_FIELDS)
    for e in sorted(edits.values(), key=lambda e: (e.column1, e.column2, e.effective)):
        writer.writerow(
            [
                e.column1,
                e.column2,
                e.effective.isoformat(),
                e.deletion.isoformat() if e.deletion else "",
                e.indicator,
                e.source,
            ]
        )
    _write_atomic(settings.ncci_file, "".join(buffer))
    return NcciImport(tuple(parts), len(edits), settings.ncci_file)


class _Lines:
    """A csv writer target that collects rows (the stored table is small: therapy pairs)."""

    def __init__(self, out: list[str]) -> None:
        self.out = out

    def write(self, text: str) -> int:
        self.out.append(text)
        return len(text)


def load_ncci(settings: Settings) -> NcciTable | None:
    """The user's imported table, or None when nothing was imported (use the seed)."""
    settings.data_home()
    path = settings.ncci_file
    if not path.exists():
        return None
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
    return NcciTable.from_edits(edits, f"imported:{path.name}")


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
        f"re-import it with `{command}` or delete the file to use the shipped table"
    )


# ------------------------------------------------------------------------------ fees


@dataclass(frozen=True, slots=True)
class FeeImport:
    year: int
    kept: int
    read: int
    missing: tuple[str, ...]  # active catalog codes the file has no row for
    factor: Decimal | None
    target: Path


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


def import_fees(path: Path, settings: Settings, year: int | None = None) -> FeeImport:
    """Read a PPRRVU file and store the RVUs of the catalog's codes for its year."""
    settings.data_home(write=True)
    the_year = fee_year(path, year)
    if not 2000 <= the_year <= 2100:
        raise InputError(f"year {the_year} is out of range")
    codes = catalog()
    result = read_pprrvu(stream_lines(path), frozenset(codes))
    if not result.rows:
        raise InputError(f"{path.name} has no rows for the therapy codes ptscribe bills")
    stored = {
        "year": the_year,
        "source": path.name,
        "conversion_factor": str(result.factor) if result.factor is not None else None,
        "codes": {
            code: {"status": r.status, "work": str(r.work), "pe": str(r.pe), "mp": str(r.mp)}
            for code, r in sorted(result.rows.items())
        },
    }
    target = settings.fees_dir / f"rvu_{the_year}.json"
    _write_atomic(target, json.dumps(stored, indent=1) + "\n")
    missing = tuple(
        sorted(
            c for c, info in codes.items() if c not in result.rows and info.medicare_status == "A"
        )
    )
    return FeeImport(the_year, len(result.rows), result.read, missing, result.factor, target)


def load_fees(settings: Settings) -> FeeSchedule:
    """The shipped fee schedule with every imported year laid over it."""
    settings.data_home()
    schedule = shipped_fees()
    folder = settings.fees_dir
    if not folder.is_dir():
        return schedule
    for path in sorted(folder.glob("rvu_*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            year = int(data["year"])
            label = f"imported:{data['source']}"
            rvus = {
                str(code): Rvu(
                    work=_decimal(v["work"]),
                    pe=_decimal(v["pe"]),
                    mp=_decimal(v["mp"]),
                    source=label,
                )
                for code, v in data["codes"].items()
            }
            factor = data.get("conversion_factor")
            cf = _decimal(factor) if factor is not None else None
        except (
            OSError,
            UnicodeDecodeError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
        ) as exc:
            raise RuleTableError(_corrupt("fee", path, exc, "ptscribe fees import FILE")) from exc
        schedule = schedule.with_year(year, rvus, cf, label)
    return schedule


def _decimal(value: object) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a number") from exc
    if not number.is_finite() or number < 0:
        raise ValueError(f"{value!r} is not a fee figure")
    return number
