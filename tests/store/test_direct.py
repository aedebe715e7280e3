"""The hot statements on the driver's cursor (store/direct.py) read and write exactly what
SQLAlchemy's own execution does, are seen by its cursor event, and fail as it fails."""

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import (
    String,
    TypeDecorator,
    bindparam,
    create_engine,
    insert,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool

from assistant.errors import ConflictError
from assistant.services import accounts
from assistant.store.accounts import _SESSION_ACCOUNT, _TOKEN_ACCOUNT
from assistant.store.db import Database, StoreError
from assistant.store.direct import Direct, in_transaction
from assistant.store.tables import table
from tests.api.support import statements
from tests.store_support import needs_postgres, seed

_EVENT = table("audit_event")
_COLUMNS = [c for c in _EVENT.c if c.name != "id"]
_INSERT = Direct(insert(_EVENT).values({c.name: bindparam(c.name, type_=c.type) for c in _COLUMNS}))
_BY_ACTOR = select(_EVENT).where(_EVENT.c.actor == bindparam("actor"))


def _event(actor: str, at: datetime, seq: int = 900) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": "view",
        "note_id": None,
        "revision": None,
        "detail": "",
        "prev_hash": "0" * 64,
        "hash": "f" * 64,
    }


def _token(db: Database) -> str:
    email = seed(db).pt
    accounts.ensure_account(db, email)
    token, _ = accounts.create_token(db, email, label="direct test")
    return accounts.secret_hash(token)


def test_a_direct_read_matches_sqlalchemys_row_for_row(db: Database) -> None:
    hashed = _token(db)
    with db.lookup() as conn:
        theirs = conn.execute(_TOKEN_ACCOUNT, {"token_hash": hashed}).one()
        mine = Direct(_TOKEN_ACCOUNT).first(conn, {"token_hash": hashed})
        missing = Direct(_TOKEN_ACCOUNT).first(conn, {"token_hash": "no such token"})
        now = {"token_hash": hashed, "now": datetime.now(UTC)}
        sessions = Direct(_SESSION_ACCOUNT).all(conn, now)
    assert mine is not None
    assert missing is None
    assert sessions == []
    assert mine._fields == tuple(theirs._fields)
    for name in mine._fields:
        value = getattr(mine, name)
        assert value == getattr(theirs, name), name
        # Types as SQLAlchemy's processors give them: a bool, not SQLite's 0; an aware
        # UTC datetime, not the stored text.
        assert type(value) is type(getattr(theirs, name)), name
    assert isinstance(mine.disabled, bool)
    assert mine.created_at.tzinfo is not None


def test_a_direct_write_stores_what_the_orm_reads_back(db: Database) -> None:
    at = datetime(2025, 6, 2, 9, 30, 15, 123456, tzinfo=UTC)
    with db.lookup() if db.is_postgres else db._core_write() as conn:
        assert _INSERT.run(conn, _event("direct writer", at)) == 1
    with db.reading() as tx:
        row = tx.session.connection().execute(_BY_ACTOR, {"actor": "direct writer"}).one()
    assert row.at == at
    assert (row.seq, row.note_id, row.detail) == (900, None, "")


def test_the_cursor_event_sees_every_direct_statement(db: Database) -> None:
    hashed = _token(db)
    with statements() as seen, db.lookup() as conn:
        Direct(_TOKEN_ACCOUNT).first(conn, {"token_hash": hashed})
    assert len(seen) == 1, seen
    assert seen[0].startswith("SELECT account.id"), seen


def test_a_failed_lone_write_rolls_back_and_leaves_no_transaction(db: Database) -> None:
    at = datetime.now(UTC)

    def fail_after_writing() -> None:
        with db.lone_writer() as conn:
            _INSERT.run(conn, _event("rolled back", at))
            raise RuntimeError("the caller failed after writing")

    with pytest.raises(RuntimeError):
        fail_after_writing()
    with db.lone_writer() as conn:
        if not db.is_postgres:  # PostgreSQL's lone writes commit statement by statement
            assert in_transaction(conn)
        _INSERT.run(conn, _event("kept", at, seq=901))
    with db.reading() as tx:
        actors = [r.actor for r in tx.session.connection().execute(select(_EVENT.c.actor))]
    assert actors == (["rolled back", "kept"] if db.is_postgres else ["kept"])
    with db.lookup() as conn:
        assert not in_transaction(conn)


def test_a_clash_is_the_stores_conflict_and_a_bad_statement_the_drivers_error(
    db: Database,
) -> None:
    clash = Direct(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, 'x')"))
    with db.lone_writer() as conn:
        clash.run(conn, {})
    with pytest.raises(ConflictError, match="clashes") as caught, db.lone_writer() as conn:
        clash.run(conn, {})
    assert isinstance(caught.value.__cause__, IntegrityError)
    broken = Direct(text("SELECT no_such_column FROM audit_event"))
    # As through SQLAlchemy's execution: SQLite calls it an OperationalError (the store's
    # StoreError), psycopg a ProgrammingError.
    with pytest.raises(StoreError if not db.is_postgres else ProgrammingError), db.lookup() as c:
        broken.first(c, {})
    with db.lone_writer() as conn:  # the writer is usable again
        _INSERT.run(conn, _event("after the errors", datetime.now(UTC)))


def test_statements_a_direct_cannot_run_are_refused_when_first_used(db: Database) -> None:
    expanding = Direct(
        select(_EVENT.c.id).where(_EVENT.c.seq.in_(bindparam("seqs", expanding=True)))
    )
    doubled = Direct(
        select(_EVENT.c.id, table("note").c.id).join_from(
            _EVENT, table("note"), _EVENT.c.note_id == table("note").c.id
        )
    )
    with db.lookup() as conn:
        with pytest.raises(ValueError, match="plain parameters"):
            expanding.all(conn, {"seqs": [1]})
        with pytest.raises(ValueError, match="distinct column labels"):
            doubled.all(conn, {})


@needs_postgres
def test_a_lookup_whose_server_went_away_is_dropped_from_the_pool(db: Database) -> None:
    hashed = _token(db)
    with db.lookup() as conn:
        assert conn.connection.dbapi_connection.autocommit  # type: ignore[union-attr]
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    admin = create_engine(db.engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    with pytest.raises(StoreError) as caught, db.lookup() as conn:
        Direct(_TOKEN_ACCOUNT).first(conn, {"token_hash": hashed})
    lost = caught.value.__cause__
    assert isinstance(lost, OperationalError)
    assert lost.connection_invalidated
    with db.lookup() as conn:  # a new connection, not the dead one back from the pool
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
        assert Direct(_TOKEN_ACCOUNT).first(conn, {"token_hash": hashed}) is not None


class _NoneAsWord(TypeDecorator[str]):
    """A type that stores something for None: what SQLAlchemy hands its processor."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str:
        return "nothing" if value is None else value


def test_none_goes_through_the_types_processors_as_in_sqlalchemy(db: Database) -> None:
    statement = select(bindparam("v", type_=_NoneAsWord()).label("v"))
    with db.lookup() as conn:
        theirs = conn.execute(statement, {"v": None}).one()
        mine = Direct(statement).first(conn, {"v": None})
    assert mine.v == theirs.v == "nothing"


def test_values_computed_at_execution_are_refused(db: Database) -> None:
    late = Direct(select(_EVENT.c.id).where(_EVENT.c.seq == bindparam("s", callable_=lambda: 1)))
    literal = Direct(
        select(_EVENT.c.id).where(_EVENT.c.seq == bindparam("s", literal_execute=True))
    )
    with db.lookup() as conn:
        for statement in (late, literal):
            with pytest.raises(ValueError, match="plain parameters"):
                statement.all(conn, {"s": 1})


@needs_postgres
def test_a_lost_connection_renews_the_whole_pool(db: Database) -> None:
    """A restarted server drops every pooled connection: the first statement to meet a dead
    one fails, and none of the others is handed out again."""
    hashed = _token(db)
    with db.lookup() as first, db.lookup() as second:  # two pooled connections
        pids = [c.execute(text("SELECT pg_backend_pid()")).scalar_one() for c in (first, second)]
    admin = create_engine(db.engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as other:
        for pid in pids:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    with pytest.raises(StoreError), db.lookup() as conn:
        Direct(_TOKEN_ACCOUNT).first(conn, {"token_hash": hashed})
    # Two at once: the pool holds no second dead connection for either of them.
    with db.lookup() as first, db.lookup() as second:
        for conn in (first, second):
            assert Direct(_TOKEN_ACCOUNT).first(conn, {"token_hash": hashed}) is not None
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() not in pids
