"""The Medicare fee schedule the engine prices with: conversion factors and RVUs by year.

The figures shipped in data/fees.toml are one schedule. A clinic that imports the CMS
national RVU file (PPRRVU) for a year gets a schedule whose RVUs for that year come from the
file; the caller builds it at the edge (CLI or service, which read the user's folder) and
hands it to the engine, because rules do no I/O. A schedule is never modified after it is
built, so the engine's price cache can key on the object itself.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from assistant.rules.tables import ConversionFactor, FeeStatus, Rvu, shipped_fee_data, versions


@dataclass(frozen=True, eq=False)
class FeeSchedule:
    factors: tuple[ConversionFactor, ...]
    years: Mapping[int, Mapping[str, Rvu]]
    # What the basis names as the fee table for a year: the shipped version or the file.
    labels: Mapping[int, str]
    default_label: str
    # Codes a year's file gives no national RVUs, with the status saying why (B, I, C, R or
    # absent): the engine names it rather than reporting a missing figure.
    statuses: Mapping[int, Mapping[str, FeeStatus]] = field(default_factory=dict)
    _factor_cache: dict[tuple[date, bool], ConversionFactor | None] = field(
        default_factory=dict, repr=False
    )

    def rvus(self, year: int) -> Mapping[str, Rvu]:
        """The year's RVUs by code (empty when the year has none)."""
        return self.years.get(year, _EMPTY)

    def status(self, year: int, code: str) -> FeeStatus | None:
        """Why `code` has no national RVUs in `year`, when the year's table says."""
        return self.statuses.get(year, _NO_STATUS).get(code)

    def label(self, year: int) -> str:
        return self.labels.get(year, self.default_label)

    def conversion_factor(
        self, day: date, *, qualifying_apm: bool = False
    ) -> ConversionFactor | None:
        key = (day, qualifying_apm)
        if key not in self._factor_cache:
            candidates = [cf for cf in self.factors if cf.start <= day <= cf.end]
            # Years with a single factor apply it to everyone; later years split by APM status.
            exact = [cf for cf in candidates if cf.qualifying_apm == qualifying_apm]
            chosen = exact or candidates
            self._factor_cache[key] = chosen[0] if chosen else None
        return self._factor_cache[key]

    def with_year(
        self, year: int, rvus: Mapping[str, Rvu], factor: Decimal | None, label: str
    ) -> "FeeSchedule":
        """This schedule with `year`'s RVUs replaced; the file's conversion factor is used only
        for a year the shipped table has no factor for (the shipped factors carry the APM split
        and the mid-year 2024 change that one CONV FACTOR column cannot express)."""
        factors = self.factors
        start, end = date(year, 1, 1), date(year, 12, 31)
        if factor is not None and not any(cf.start <= end and start <= cf.end for cf in factors):
            factors = (*factors, ConversionFactor(start, end, factor, False, label))
        # A status the new figures contradict (a code the file now prices) no longer applies.
        kept = {c: s for c, s in self.statuses.get(year, _NO_STATUS).items() if c not in rvus}
        return FeeSchedule(
            factors=factors,
            years={**self.years, year: dict(rvus)},
            labels={**self.labels, year: label},
            default_label=self.default_label,
            statuses={**self.statuses, year: kept},
        )


_EMPTY: Mapping[str, Rvu] = {}
_NO_STATUS: Mapping[str, FeeStatus] = {}


@cache
def shipped_fees() -> FeeSchedule:
    factors, years, statuses = shipped_fee_data()
    return FeeSchedule(
        factors=factors,
        years=years,
        labels={},
        default_label=versions()["fees"],
        statuses=statuses,
    )
