"""The imported rule tables (CMS NCCI edits, RVUs per year): one home, the store, and one
loader that every surface prices and validates with.

`bill`, `draft` and `validate` (which keep no record) read them through `tables_for`, the note
lifecycle through `tables` in its own transaction, so no two surfaces can disagree on a 59/X
modifier or a fee. With nothing imported the shipped seed and fee figures apply. A stored
table that cannot be read back is a RuleTableError asking for a re-import: it is never
silently replaced by the shipped table, which would change claims without a word.

The tables of earlier versions lived as files under PTSCRIBE_HOME; `ptscribe db upgrade`
moves them into the store (`adopt_files`), and until then the stateless commands refuse to
bill rather than quietly use the seed.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from assistant.errors import InputError, RuleTableError
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.fees import FeeSchedule, shipped_fees
from assistant.rules.tables import PtpEdit, Rvu
from assistant.services.audit import Action, now_utc, record
from assistant.settings import Settings
from assistant.store.db import Database
from assistant.store.reference import StoredEdit, StoredYear
from assistant.store.repo import Tx

SYSTEM = "system"
NCCI_COMMAND = "ptscribe ncci import FILE..."
FEES_COMMAND = "ptscribe fees import FILE"


@dataclass(frozen=True, slots=True)
class ImportedTables:
    ncci: NcciTable | None  # None: the shipped seed
    fees: FeeSchedule


_cache: dict[str, tuple[int, ImportedTables]] = {}
_seed: list[ImportedTables] = []


def seed_tables() -> ImportedTables:
    if not _seed:
        _seed.append(ImportedTables(None, shipped_fees()))
    return _seed[0]


def tables(tx: Tx, version: int | None = None) -> ImportedTables:
    """The tables as imported into this database, cached until the next import (the import
    log only grows, so its newest id changes exactly when a table does). `version`: the
    import log's newest id when the caller has just read it in this transaction."""
    if version is None:
        version = tx.reference.version()
    hit = _cache.get(tx.token)
    if hit is not None and hit[0] == version:
        return hit[1]
    loaded = ImportedTables(_ncci(tx), _fees(tx)) if version else seed_tables()
    _cache[tx.token] = (version, loaded)
    return loaded


def tables_for(settings: Settings, db: Database | None = None) -> ImportedTables:
    """For the commands that keep no record: the tables of the settings' database (or of
    `db`), the shipped ones when no database exists yet."""
    settings.data_home()  # a PTSCRIBE_HOME that is a file: one line naming it
    refuse_files(settings)
    if db is None:
        if not settings.database_url and not settings.database_file.exists():
            return seed_tables()  # nothing was ever imported: do not create a database
        owned = Database.from_settings(settings)
        try:
            return _read(owned)
        finally:
            _cache.pop(owned.token, None)  # a one-off database: keep no entry for it
            owned.dispose()
    return _read(db)


def _read(db: Database) -> ImportedTables:
    with db.transaction() as tx:
        # A database older than the import log holds no imported table.
        return tables(tx) if tx.reference.ready() else seed_tables()


_CODE = re.compile(r"^[0-9A-Z]{5}$")


def _ncci(tx: Tx) -> NcciTable | None:
    stored = tx.reference.ncci_edits()
    if stored is None:
        return None
    source, rows = stored
    try:
        edits = [_edit(r) for r in rows]
    except ValueError as exc:
        raise RuleTableError(_corrupt("NCCI", exc, NCCI_COMMAND)) from exc
    if not edits:
        raise RuleTableError(_corrupt("NCCI", "no edits", NCCI_COMMAND))
    return NcciTable.from_edits(edits, f"imported:{source}")


def _edit(row: StoredEdit) -> PtpEdit:
    if not (_CODE.match(row.column1) and _CODE.match(row.column2)):
        raise ValueError(f"bad code pair {row.column1!r}/{row.column2!r}")
    if row.indicator not in ("0", "1", "9"):
        raise ValueError(f"bad modifier indicator {row.indicator!r}")
    return PtpEdit(row.column1, row.column2, row.effective, row.deletion, row.indicator, row.source)


def _fees(tx: Tx) -> FeeSchedule:
    schedule = shipped_fees()
    for year, stored in sorted(tx.reference.fee_years().items()):
        try:
            rvus, factor = _year(stored)
        except ValueError as exc:
            raise RuleTableError(_corrupt(f"{year} fee", exc, FEES_COMMAND)) from exc
        schedule = schedule.with_year(year, rvus, factor, f"imported:{stored.source}")
    return schedule


def _year(stored: StoredYear) -> tuple[dict[str, Rvu], Decimal | None]:
    label = f"imported:{stored.source}"
    rvus = {
        code: Rvu(work=_decimal(w), pe=_decimal(p), mp=_decimal(m), source=label)
        for code, (w, p, m) in stored.rows.items()
    }
    if not rvus:
        raise ValueError("no RVUs")
    return rvus, _decimal(stored.factor) if stored.factor is not None else None


def _decimal(value: object) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"{str(value)[:20]!r} is not a number") from exc
    if not number.is_finite() or number < 0:
        raise ValueError(f"{str(value)[:20]!r} is not a fee figure")
    return number


def _corrupt(what: str, reason: object, command: str) -> str:
    return (
        f"the imported {what} table in the database cannot be read ({str(reason)[:80]}); "
        f"re-import it with `{command}`"
    )


# ------------------------------------------------------------------------------ imports


def import_ncci(db: Database, edits: list[PtpEdit], *, source: str, actor: str = SYSTEM) -> int:
    """Replace the stored NCCI edits; the import and its audit event commit together."""
    if not edits:
        raise InputError("no NCCI edits to import: the stored table is left as it was")
    with db.transaction() as tx:
        count = tx.reference.replace_ncci(edits, source=source, now=now_utc())
        record(tx, actor, Action.CREATE, detail=f"ncci {count} edits")
        return count


def import_fees(
    db: Database,
    year: int,
    rvus: dict[str, Rvu],
    *,
    source: str,
    factor: Decimal | None = None,
    actor: str = SYSTEM,
) -> int:
    if not rvus:
        raise InputError(f"no RVUs to import for {year}")
    if any(v < Decimal(0) for r in rvus.values() for v in (r.work, r.pe, r.mp)):
        raise InputError("an RVU cannot be negative")
    with db.transaction() as tx:
        count = tx.reference.replace_fees(year, rvus, source=source, factor=factor, now=now_utc())
        record(tx, actor, Action.CREATE, detail=f"fees {year} {count} codes")
        return count


# ------------------------------------------------------------------------------ old files


def legacy_files(settings: Settings) -> list[Path]:
    """Tables an earlier version imported as files under the home, not yet moved."""
    found = [settings.ncci_file] if settings.ncci_file.exists() else []
    if settings.fees_dir.is_dir():
        found += sorted(settings.fees_dir.glob("rvu_*.json"))
    return found


def refuse_files(settings: Settings) -> None:
    files = legacy_files(settings)
    if files:
        raise RuleTableError(
            f"{files[0]} is an imported table from an earlier version; imported tables now "
            "live in the database: run `ptscribe db upgrade` to move it there"
        )
