"""Imported reference tables kept in the store: NCCI procedure-to-procedure edits and RVUs.

Each import replaces the whole table in one transaction, so a reader sees either the old
table or the new one. Decimals are stored as text: SQLite has no exact decimal type and an
RVU must come back exactly as imported.
"""

from datetime import datetime
from decimal import Decimal

from sqlmodel import Session, col, delete, select

from assistant.rules.tables import PtpEdit, Rvu
from assistant.store.tables import FeeRow, NcciEditRow


class ReferenceRepo:
    def __init__(self, session: Session) -> None:
        self.s = session

    def replace_ncci(self, edits: list[PtpEdit], *, now: datetime) -> int:
        self.s.exec(delete(NcciEditRow))
        self.s.add_all(
            NcciEditRow(
                column1=e.column1,
                column2=e.column2,
                effective=e.effective,
                deletion=e.deletion,
                indicator=e.indicator,
                source=e.source,
                imported_at=now,
            )
            for e in edits
        )
        self.s.flush()
        return len(edits)

    def ncci_edits(self) -> list[PtpEdit]:
        query = select(NcciEditRow).order_by(col(NcciEditRow.id))
        return [
            PtpEdit(
                column1=r.column1,
                column2=r.column2,
                effective=r.effective,
                deletion=r.deletion,
                indicator=r.indicator,
                source=r.source,
            )
            for r in self.s.exec(query)
        ]

    def replace_fees(self, year: int, rvus: dict[str, Rvu], *, now: datetime) -> int:
        self.s.exec(delete(FeeRow).where(col(FeeRow.year) == year))
        self.s.add_all(
            FeeRow(
                year=year,
                code=code,
                work=str(r.work),
                pe=str(r.pe),
                mp=str(r.mp),
                source=r.source,
                imported_at=now,
            )
            for code, r in sorted(rvus.items())
        )
        self.s.flush()
        return len(rvus)

    def fees(self, year: int) -> dict[str, Rvu]:
        query = select(FeeRow).where(FeeRow.year == year)
        return {
            r.code: Rvu(work=Decimal(r.work), pe=Decimal(r.pe), mp=Decimal(r.mp), source=r.source)
            for r in self.s.exec(query)
        }
