"""`Database.reading()`: a transaction that refuses writes and does not queue behind one."""

import threading

import pytest
from sqlalchemy import text

from assistant.store.db import Database


def test_a_read_transaction_refuses_a_write(db: Database) -> None:
    with pytest.raises(Exception, match=r"(?i)read-?only"), db.reading() as tx:
        tx.session.connection().execute(text("INSERT INTO clinic (name) VALUES ('x')"))
    with db.reading() as tx:
        assert tx.session.connection().execute(text("SELECT count(*) FROM clinic")).scalar() == 0


def test_a_write_after_a_read_on_the_same_connection_is_allowed(db: Database) -> None:
    # The read-only flag must not stay on a pooled connection the next writer gets.
    for name in ("a", "b", "c"):
        with db.reading() as tx:
            tx.session.connection().execute(text("SELECT 1"))
        with db.transaction() as tx:
            tx.session.connection().execute(
                text("INSERT INTO clinic (name) VALUES (:n)"), {"n": name}
            )
    with db.reading() as tx:
        assert tx.session.connection().execute(text("SELECT count(*) FROM clinic")).scalar() == 3


def test_a_read_does_not_wait_for_an_open_write(db: Database) -> None:
    """On SQLite every transaction used to begin IMMEDIATE: a reader queued behind any writer
    for up to the busy timeout. A read transaction sees the last commit at once."""
    with db.transaction() as tx:
        tx.session.connection().execute(text("INSERT INTO clinic (name) VALUES ('committed')"))
    counted: list[int] = []

    def read() -> None:
        with db.reading() as tx:
            counted.append(
                tx.session.connection().execute(text("SELECT count(*) FROM clinic")).scalar_one()
            )

    with db.transaction() as tx:
        tx.session.connection().execute(text("INSERT INTO clinic (name) VALUES ('open')"))
        reader = threading.Thread(target=read)
        reader.start()
        reader.join(timeout=5)
        finished = not reader.is_alive()
    reader.join()
    assert finished, "the read waited for the open write transaction"
    assert counted == [1]  # the open write is not seen


def test_a_lookup_refuses_a_write_on_sqlite(db: Database) -> None:
    if db.is_postgres:
        pytest.skip("on PostgreSQL a lookup runs outside a transaction (one SELECT by contract)")
    with pytest.raises(Exception, match=r"(?i)read-?only"), db.lookup() as conn:
        conn.execute(text("INSERT INTO clinic (name) VALUES ('x')"))


def _failing_write(db: Database) -> None:
    with db.transaction() as tx:
        tx.session.connection().execute(text("INSERT INTO clinic (name) VALUES ('x')"))
        raise RuntimeError("the write fails after its INSERT")


def test_a_lookup_leaves_no_autocommit_behind_for_the_next_transaction(db: Database) -> None:
    """On PostgreSQL a one-statement lookup runs outside a transaction; the pooled connection
    it used must be transactional again for the next writer, whose failure rolls back."""
    for _ in range(3):
        with db.lookup() as conn:
            assert conn.execute(text("SELECT count(*) FROM clinic")).scalar() == 0
        with pytest.raises(RuntimeError):
            _failing_write(db)
    with db.reading() as tx:
        assert tx.session.connection().execute(text("SELECT count(*) FROM clinic")).scalar() == 0
