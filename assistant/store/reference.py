"""Imported reference tables kept in the store: NCCI procedure-to-procedure edits and RVUs.

Each import replaces the whole table (NCCI) or year (RVUs) in one transaction and appends a
row to the import log, so a reader sees either the old table or the new one, and the log's
newest id tells a cached table from a stale one. Decimals are stored as text: SQLite has no
exact decimal type and an RVU must come back exactly as imported.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import bindparam, delete, func, insert, inspect, select
from sqlmodel import Session

from assistant.rules.tables import PtpEdit, Rvu
from assistant.store.tables import table

_NCCI, _FEE, _LOG = table("ncci_edit"), table("fee"), table("reference_import")
NCCI_KIND, FEES_KIND = "ncci", "fees"
_VERSION = select(func.coalesce(func.max(_LOG.c.id), 0))
_LATEST = (
    select(_LOG.c.year, _LOG.c.source, _LOG.c.conversion_factor)
    .where(_LOG.c.kind == bindparam("kind"))
    .order_by(_LOG.c.id)
)


@dataclass(frozen=True, slots=True)
class StoredYear:
    """A year's RVUs as imported: the text of every figure, the file and its factor."""

    rows: dict[str, tuple[str, str, str]]  # code -> (work, pe, mp) as stored
    source: str
    factor: str | None


@dataclass(frozen=True, slots=True)
class StoredEdit:
    column1: str
    column2: str
    effective: date
    deletion: date | None
    indicator: str
    source: str


class ReferenceRepo:
    def __init__(self, session: Session) -> None:
        self.s = session

    def ready(self) -> bool:
        """Whether this database has the import log yet (it is older than 0003 otherwise)."""
        return bool(inspect(self.s.connection()).has_table("reference_import"))

    def version(self) -> int:
        return int(self.s.connection().execute(_VERSION).scalar_one())

    def _log(
        self,
        kind: str,
        *,
        year: int | None,
        source: str,
        factor: str | None,
        rows: int,
        now: datetime,
    ) -> None:
        self.s.connection().execute(
            insert(_LOG),
            {
                "kind": kind,
                "year": year,
                "source": source[:200],
                "conversion_factor": factor,
                "rows": rows,
                "imported_at": now,
            },
        )

    def replace_ncci(self, edits: list[PtpEdit], *, source: str, now: datetime) -> int:
        conn = self.s.connection()
        conn.execute(delete(_NCCI))
        conn.execute(
            insert(_NCCI),
            [
                {
                    "column1": e.column1,
                    "column2": e.column2,
                    "effective": e.effective,
                    "deletion": e.deletion,
                    "indicator": e.indicator,
                    "source": e.source,
                    "imported_at": now,
                }
                for e in edits
            ],
        )
        self._log(NCCI_KIND, year=None, source=source, factor=None, rows=len(edits), now=now)
        return len(edits)

    def ncci_edits(self) -> tuple[str, list[StoredEdit]] | None:
        """The imported edits and the import's source, or None when none was imported."""
        latest = self.s.connection().execute(_LATEST, {"kind": NCCI_KIND}).all()
        if not latest:
            return None
        query = select(
            _NCCI.c.column1,
            _NCCI.c.column2,
            _NCCI.c.effective,
            _NCCI.c.deletion,
            _NCCI.c.indicator,
            _NCCI.c.source,
        ).order_by(_NCCI.c.id)
        return latest[-1].source, [StoredEdit(*r) for r in self.s.connection().execute(query)]

    def replace_fees(
        self, year: int, rvus: dict[str, Rvu], *, source: str, factor: Decimal | None, now: datetime
    ) -> int:
        conn = self.s.connection()
        conn.execute(delete(_FEE).where(_FEE.c.year == year))
        conn.execute(
            insert(_FEE),
            [
                {
                    "year": year,
                    "code": code,
                    "work": str(r.work),
                    "pe": str(r.pe),
                    "mp": str(r.mp),
                    "source": source[:200],
                    "imported_at": now,
                }
                for code, r in sorted(rvus.items())
            ],
        )
        self._log(
            FEES_KIND,
            year=year,
            source=source,
            factor=str(factor) if factor is not None else None,
            rows=len(rvus),
            now=now,
        )
        return len(rvus)

    def fee_years(self) -> dict[int, StoredYear]:
        """Every imported year: its RVUs as text, with the source and factor of its latest
        import."""
        latest = {r.year: r for r in self.s.connection().execute(_LATEST, {"kind": FEES_KIND})}
        years: dict[int, StoredYear] = {
            y: StoredYear({}, r.source, r.conversion_factor) for y, r in latest.items()
        }
        query = select(_FEE.c.year, _FEE.c.code, _FEE.c.work, _FEE.c.pe, _FEE.c.mp)
        for year, code, work, pe, mp in self.s.connection().execute(query.order_by(_FEE.c.id)):
            if year in years:
                years[year].rows[code] = (work, pe, mp)
        return years
