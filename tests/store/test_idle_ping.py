"""PostgreSQL's pooled connections are pinged before use only after sitting idle: a busy
connection costs no round trip, and one the server dropped while idle is replaced."""

from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from assistant.store import db as db_module
from assistant.store.db import Database, StoreError
from tests.store_support import needs_postgres


def _backend_pid(db: Database) -> int:
    with db.reading() as tx:
        return int(tx.session.connection().execute(text("SELECT pg_backend_pid()")).scalar_one())


def _drop(db: Database, pid: int) -> None:
    """End the pooled connection's server process from another connection, as a restart of
    the server would."""
    url = db.engine.url.render_as_string(hide_password=False)
    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def _dropped_while_idle(db: Database) -> int:
    """Leave one pooled connection, end its server process, and return that process's id."""
    db.engine.pool.dispose()  # one pooled connection: the next transaction reuses it
    pid = _backend_pid(db)
    _drop(db, pid)
    return pid


@needs_postgres
def test_a_connection_dropped_while_idle_is_replaced_before_use(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_module, "IDLE_PING_SECONDS", 0.0)
    pid = _dropped_while_idle(db)
    assert _backend_pid(db) != pid  # pinged, found dead, replaced: the read just works


@needs_postgres
def test_without_the_idle_ping_that_read_fails(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: what the ping saves a request from."""
    monkeypatch.setattr(db_module, "IDLE_PING_SECONDS", 3600.0)
    pid = _dropped_while_idle(db)
    with pytest.raises(StoreError):
        _backend_pid(db)
    assert _backend_pid(db) != pid  # and SQLAlchemy renewed the pool after it


@needs_postgres
def test_a_connection_back_in_use_at_once_is_not_pinged(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings: list[Any] = []
    real = db.engine.dialect.do_ping

    def counting(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return bool(real(dbapi_connection))

    monkeypatch.setattr(db.engine.dialect, "do_ping", counting)
    for _ in range(5):
        _backend_pid(db)
    assert pings == []
    monkeypatch.setattr(db_module, "IDLE_PING_SECONDS", 0.0)
    _backend_pid(db)
    assert len(pings) == 1
