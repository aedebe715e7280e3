"""Imported reference tables in the store: NCCI edits and RVUs, replaced whole per import."""

from decimal import Decimal

from assistant.errors import InputError
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.tables import PtpEdit, Rvu
from assistant.services.audit import Action, now_utc, record
from assistant.store.db import Database

SYSTEM = "system"


def import_ncci(db: Database, edits: list[PtpEdit], *, actor: str = SYSTEM) -> int:
    """Replace the stored NCCI edits; the import and its audit event commit together."""
    if not edits:
        raise InputError("no NCCI edits to import: the stored table is left as it was")
    with db.transaction() as tx:
        count = tx.reference.replace_ncci(edits, now=now_utc())
        record(tx, actor, Action.CREATE, detail=f"ncci {count} edits")
        return count


def ncci_table(db: Database) -> NcciTable | None:
    """The stored table, or None when nothing was imported (the engine then uses its seed)."""
    with db.transaction() as tx:
        edits = tx.reference.ncci_edits()
    return NcciTable.from_edits(edits, "store") if edits else None


def import_fees(db: Database, year: int, rvus: dict[str, Rvu], *, actor: str = SYSTEM) -> int:
    if not rvus:
        raise InputError(f"no RVUs to import for {year}")
    if any(v < Decimal(0) for r in rvus.values() for v in (r.work, r.pe, r.mp)):
        raise InputError("an RVU cannot be negative")
    with db.transaction() as tx:
        count = tx.reference.replace_fees(year, rvus, now=now_utc())
        record(tx, actor, Action.CREATE, detail=f"fees {year} {count} codes")
        return count


def fees(db: Database, year: int) -> dict[str, Rvu]:
    with db.transaction() as tx:
        return tx.reference.fees(year)
