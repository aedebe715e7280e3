"""Dated rule tables shipped as data files (TOML/CSV) beside this module.

Figures change every year, so each table row has an effective period and a source, and
lookups always take the date of service. Tables are parsed once per process.
"""

import csv
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from assistant.errors import RuleTableError

DATA = resources.files("assistant.rules") / "data"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    description: str
    category: str
    timed: bool
    disciplines: frozenset[str]
    medicare_status: str
    medicare_replacement: str | None
    # CMS annual therapy code list: "always" (a therapy service whoever furnishes it) or
    # "sometimes" (therapy when furnished under a therapy plan of care).
    therapy: str = "always"
    # The code's period in force; None where it predates the catalog or is not deleted.
    start: date | None = None
    end: date | None = None
    source: str = ""

    def in_force(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Rvu:
    work: Decimal
    pe: Decimal  # non-facility practice expense
    mp: Decimal
    source: str
    total: Decimal = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", self.work + self.pe + self.mp)


@dataclass(frozen=True, slots=True)
class FeeStatus:
    """Why a catalog code has no national RVUs in a year's fee file: the file's status letter
    (B bundled, I not valid for Medicare, C carrier priced, R restricted coverage) or
    "absent" when the file has no row for it."""

    status: str
    source: str


@dataclass(frozen=True, slots=True)
class ConversionFactor:
    start: date
    end: date
    amount: Decimal
    qualifying_apm: bool
    source: str


@dataclass(frozen=True, slots=True)
class KxThreshold:
    year: int
    amount: Decimal
    source: str


@dataclass(frozen=True, slots=True)
class PtpEdit:
    column1: str
    column2: str
    effective: date
    deletion: date | None
    indicator: str  # "0" never together, "1" allowed with a distinct modifier, "9" not applied
    source: str

    def active_on(self, day: date) -> bool:
        # A deletion date is the first day out of force; equal to the effective date it
        # means the edit was withdrawn retroactively and never applied.
        return self.effective <= day and (self.deletion is None or day < self.deletion)


def _toml(name: str) -> dict[str, Any]:
    try:
        return tomllib.loads((DATA / name).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleTableError(f"rule table {name}: {exc}") from exc


@cache
def catalog() -> dict[str, CodeInfo]:
    rows = _toml("catalog.toml")["code"]
    return {
        row["code"]: CodeInfo(
            code=row["code"],
            description=row["description"],
            category=row["category"],
            timed=bool(row["timed"]),
            disciplines=frozenset(row["disciplines"]),
            medicare_status=row["medicare_status"],
            medicare_replacement=row.get("medicare_replacement"),
            therapy=row.get("therapy", "always"),
            start=date.fromisoformat(row["from"]) if "from" in row else None,
            end=date.fromisoformat(row["to"]) if "to" in row else None,
            source=row.get("source", ""),
        )
        for row in rows
    }


FeeYears = dict[int, dict[str, Rvu]]
StatusYears = dict[int, dict[str, FeeStatus]]


@cache
def shipped_fee_data() -> tuple[tuple[ConversionFactor, ...], FeeYears, StatusYears]:
    """The conversion factors, RVUs and unpriced statuses of data/fees.toml (see
    assistant.rules.fees)."""
    data = _toml("fees.toml")
    factors = tuple(
        ConversionFactor(
            start=date.fromisoformat(row["from"]),
            end=date.fromisoformat(row["to"]),
            amount=Decimal(str(row["amount"])),
            qualifying_apm=bool(row.get("qualifying_apm", False)),
            source=row["source"],
        )
        for row in data["conversion_factor"]
    )
    rvus: FeeYears = {}
    statuses: StatusYears = {}
    for year_block in data["rvu"]:
        source = year_block["source"]
        year = int(year_block["year"])
        statuses[year] = {
            code: FeeStatus(status=str(v["status"]), source=f"{source}: {v['note']}")
            for code, v in year_block.get("status", {}).items()
        }
        rvus[year] = {
            code: Rvu(
                work=Decimal(str(v["work"])),
                pe=Decimal(str(v["pe"])),
                mp=Decimal(str(v["mp"])),
                source=f"{source}: {v['note']}",
            )
            for code, v in year_block["codes"].items()
        }
        both = rvus[year].keys() & statuses[year].keys()
        if both:
            raise RuleTableError(f"fees.toml {year}: {sorted(both)} have both RVUs and a status")
    return factors, rvus, statuses


@lru_cache(maxsize=64)
def labels(year: int, ncci: str, fees: str, fee_year: bool) -> dict[str, str]:
    """Which table versions a result was computed from (shown in the output's basis)."""
    return {**versions(), "fees": fees, "fee_year": str(year) if fee_year else "none", "ncci": ncci}


@cache
def _kx() -> tuple[dict[int, KxThreshold], Decimal]:
    data = _toml("kx.toml")
    table = {
        int(row["year"]): KxThreshold(int(row["year"]), Decimal(str(row["amount"])), row["source"])
        for row in data["threshold"]
    }
    return table, Decimal(str(data["targeted_review_threshold"]))


def kx_threshold(day: date) -> KxThreshold | None:
    return _kx()[0].get(day.year)


def targeted_review_threshold() -> Decimal:
    return _kx()[1]


def _parse_date(text: str) -> date | None:
    text = text.strip()
    if not text or text == "*":
        return None
    if len(text) == 8 and text.isdigit():
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return date.fromisoformat(text)


@cache
def ncci_seed() -> tuple[PtpEdit, ...]:
    text = (DATA / "ncci_seed.csv").read_text(encoding="utf-8")
    edits = []
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        effective = _parse_date(row["effective"])
        if effective is None:
            raise RuleTableError(
                f"ncci_seed.csv: edit {row['column1']}/{row['column2']} has no date"
            )
        edits.append(
            PtpEdit(
                column1=row["column1"],
                column2=row["column2"],
                effective=effective,
                deletion=_parse_date(row["deletion"]),
                indicator=row["indicator"],
                source=row["source"],
            )
        )
    return tuple(edits)


@cache
def versions() -> dict[str, str]:
    return {
        "catalog": str(_toml("catalog.toml")["version"]),
        "fees": str(_toml("fees.toml")["version"]),
        "kx": str(_toml("kx.toml")["version"]),
    }
