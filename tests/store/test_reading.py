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
