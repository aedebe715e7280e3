"""A database that holds data at the first migration upgrades to head with the data intact."""

from datetime import date
from pathlib import Path

from sqlalchemy import text

from assistant.services import audit, notes
from assistant.store import migrate
from assistant.store.db import Database
from tests.store_support import seed, signed_note

FIRST = "0001"


def test_upgrade_from_the_first_migration_keeps_the_record(db: Database, tmp_path: Path) -> None:
    # The record is written by today's services, then the schema is taken back to the first
    # migration with the rows in place (the services need tables later migrations add).
    s = seed(db)
    note = signed_note(db, s.pt, day=date(2025, 6, 2))
    before = notes.show(db, note, actor="t")
    migrate.downgrade(db, FIRST)
    assert migrate.current(db) == FIRST
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM signature")).scalar_one() == 1
    migrate.upgrade(db)
    assert migrate.current(db) == migrate.head() != FIRST
    migrate.check(db)
    after = notes.show(db, note, actor="t")
    assert after.note == before.note
    assert after.signatures == before.signatures
    assert audit.verify(db).ok
    with db.engine.connect() as conn:  # the new tables exist and start empty
        assert conn.execute(text("SELECT count(*) FROM ncci_edit")).scalar_one() == 0
