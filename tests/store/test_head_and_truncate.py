"""The audit head and TRUNCATE: the database refuses the ways around the row triggers."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from assistant.services import audit
from assistant.store.db import Database
from tests.store_support import draft, needs_postgres, seed, signed_note


def _raw(db: Database, sql: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(sql))


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM audit_head",
        "UPDATE audit_head SET seq = seq - 1",
        "UPDATE audit_head SET seq = 0, hash = '0000'",
        "UPDATE audit_head SET seq = seq + 2",
    ],
)
def test_the_audit_head_is_never_deleted_or_moved_back(db: Database, sql: str) -> None:
    s = seed(db)
    signed_note(db, s.pt)
    with db.engine.connect() as conn:
        before = conn.execute(text("SELECT seq, hash FROM audit_head")).one()
    with pytest.raises(DBAPIError, match="audit head"):
        _raw(db, sql)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT seq, hash FROM audit_head")).one() == before
    assert audit.verify(db).ok


@needs_postgres
@pytest.mark.parametrize(
    "table",
    [
        "audit_event",
        "audit_head",
        "signature CASCADE",
        "addendum",
        "revision CASCADE",
        "finding",
        "acknowledgement",
        "note CASCADE",  # cascades to the signed revisions
    ],
)
def test_truncate_of_the_signed_record_is_refused(db: Database, table: str) -> None:
    s = seed(db)
    signed_note(db, s.pt)
    counts = {t: _count(db, t) for t in ("audit_event", "signature", "revision", "finding")}
    with pytest.raises(DBAPIError, match="TRUNCATE"):
        _raw(db, f"TRUNCATE {table}")
    assert {t: _count(db, t) for t in counts} == counts
    assert audit.verify(db).ok


@needs_postgres
def test_truncate_of_unsigned_drafts_is_not_the_triggers_business(db: Database) -> None:
    # Only the signed record is guarded: with no signature anywhere, findings may go.
    s = seed(db)
    draft(db, s.pt)
    assert _count(db, "finding") > 0
    _raw(db, "TRUNCATE finding")
    assert _count(db, "finding") == 0


def test_a_whole_table_delete_of_the_trail_is_refused(db: Database) -> None:
    # SQLite has no TRUNCATE; its whole-table DELETE still fires the row triggers.
    s = seed(db)
    signed_note(db, s.pt)
    for table in ("audit_event", "audit_head", "signature"):
        with pytest.raises(DBAPIError, match=r"append-only|audit head"):
            _raw(db, f"DELETE FROM {table}")
        assert _count(db, table) > 0
