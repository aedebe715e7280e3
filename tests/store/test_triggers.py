"""The database itself refuses changes to the signed record, whoever sends the SQL."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from assistant.store.db import Database
from tests.store_support import draft, seed, signed_note


def _raw(db: Database, sql: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(sql))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE revision SET note_json = '{}' WHERE note_id = {note}",
        "DELETE FROM revision WHERE note_id = {note}",
        "UPDATE signature SET sha256 = 'x' WHERE note_id = {note}",
        "DELETE FROM signature WHERE note_id = {note}",
        "UPDATE finding SET severity = 'info' WHERE revision_id IN "
        "(SELECT id FROM revision WHERE note_id = {note})",
        "DELETE FROM acknowledgement WHERE revision_id IN "
        "(SELECT id FROM revision WHERE note_id = {note})",
        "UPDATE audit_event SET actor = 'someone else'",
        "DELETE FROM audit_event",
    ],
)
def test_raw_sql_cannot_change_the_signed_record(db: Database, sql: str) -> None:
    s = seed(db)
    note = signed_note(db, s.pt)
    with pytest.raises(DBAPIError, match=r"append-only|signed revision"):
        _raw(db, sql.replace("{note}", str(note)))
    with db.engine.connect() as conn:
        stored = conn.execute(
            text(f"SELECT note_json FROM revision WHERE note_id = {note}")
        ).scalar_one()
    assert stored != "{}"


def test_an_unsigned_revision_is_not_frozen(db: Database) -> None:
    # The triggers are conditional: only a signature freezes a revision.
    s = seed(db)
    note = draft(db, s.pt)
    _raw(
        db,
        f"UPDATE finding SET hint = 'x' WHERE revision_id IN (SELECT id FROM revision WHERE note_id = {note})",
    )
    _raw(db, f"UPDATE revision SET created_at = created_at WHERE note_id = {note}")
