"""`bill` as a use case: one visit's JSON in, the billing engine's result out.

The CLI and the HTTP API both call `bill_source` or `bill_text`; reading limits, strict JSON
and the NCCI table and fees in force live here, never in a surface.
"""

from assistant.domain.billing import BillResult, Visit
from assistant.rules.billing import bill
from assistant.services.inputs import parse_json, read_text
from assistant.services.reference import tables_for
from assistant.settings import get_settings
from assistant.store.db import Database


def bill_text(text: str, source: str = "request", db: Database | None = None) -> BillResult:
    """Bill a visit given as JSON text; raises InputError for anything that cannot be billed.
    The imported tables come from `db`, else from the settings' database."""
    return bill_visit(parse_json(Visit, text, source, "visit"), db)


def bill_visit(visit: Visit, db: Database | None = None) -> BillResult:
    """Bill a visit already parsed (strictly) from its JSON, with the tables in force."""
    tables = tables_for(get_settings(), db)
    return bill(visit, tables.ncci, tables.fees)


def bill_source(source: str) -> BillResult:
    """Bill the visit in a file, or on standard input for "-"."""
    return bill_text(read_text(source), source)
