"""The engine from settings and one transaction per service call.

SQLite (the default, a file under the settings' home) serialises writers: every transaction
starts with BEGIN IMMEDIATE so two writers queue on the busy timeout instead of failing half
way when a reader tries to upgrade its lock. PostgreSQL runs at READ COMMITTED; the
repositories take row locks (SELECT ... FOR UPDATE) where a decision depends on a row.
Nothing here connects until a transaction is opened.

`reading()` is the transaction of a call that only reads: on SQLite a deferred BEGIN on a
pool of its own whose connections are opened with `PRAGMA query_only` (in WAL mode it waits
for no writer and no writer waits for it), on PostgreSQL BEGIN READ ONLY. Either database
refuses a write made in it, so a read path that starts writing fails loudly instead of
quietly taking the write lock again.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import (
    ArgumentError,
    DisconnectionError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)
from sqlmodel import Session

from assistant.errors import ConflictError, PtscribeError, SettingsError
from assistant.settings import Settings
from assistant.store import direct
from assistant.store.audit import forget_head
from assistant.store.grouped import GroupCommit
from assistant.store.repo import Tx

SQLITE_BUSY_SECONDS = 30.0
# The execution option of SQLite's lookups: statements run without a BEGIN (see `lookup`).
NO_BEGIN = "ptscribe_no_begin"
IDLE_SINCE = "ptscribe_idle_since"
IDLE_PING_SECONDS = 5.0


class _NoRows(logging.Filter):
    """Drop SQLAlchemy's DEBUG records of result rows: they hold patient data. (Statements
    are still logged; their parameters are hidden by hide_parameters.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith(("Row ", "Col ")))


_ROW_FILTER = _NoRows()


def _guard_engine_logging() -> None:
    engine_log = logging.getLogger("sqlalchemy.engine.Engine")
    if _ROW_FILTER not in engine_log.filters:
        engine_log.addFilter(_ROW_FILTER)


class StoreError(PtscribeError):
    """The database could not be reached or refused the change."""


def database_url(settings: Settings) -> str:
    url = settings.database_url
    if not url:
        return f"sqlite:///{settings.database_file}"
    # The psycopg 3 driver whatever spelling the user's environment has.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def make_engine(settings: Settings, *, read_only: bool = False) -> Engine:
    """The engine of `settings`' database; `read_only`: the engine of the pool for reads
    outside the unit of work. On SQLite its connections refuse every write; on PostgreSQL
    they stay in autocommit (see `Database.lookup`)."""
    _guard_engine_logging()
    url = database_url(settings)
    if url.startswith("sqlite"):
        settings.data_home(write=True)  # a file or read-only PTSCRIBE_HOME: one clear line
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_SECONDS},
            hide_parameters=True,
            **_pool(settings),
        )
        _sqlite_pragmas(engine, read_only=read_only)
        return engine
    # hide_parameters: SQL logged at DEBUG or quoted in errors never carries patient data.
    # The lookups' pool is in autocommit for good: an AUTOCOMMIT execution option on the
    # main pool switched psycopg's autocommit on at every checkout and back at every return
    # (a third of a lookup's time), and a connection that never opens a transaction needs
    # no rollback when it goes back.
    lookups = {"isolation_level": "AUTOCOMMIT", "pool_reset_on_return": None} if read_only else {}
    try:
        engine = create_engine(url, hide_parameters=True, **lookups, **_pool(settings))
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise SettingsError(_unusable_url(url)) from exc
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled PostgreSQL connection before use only when it sat idle a while.

    pool_pre_ping pinged at every checkout: a round trip, and under load a wait for the
    GIL, for each of a request's three transactions. A connection back in use within
    IDLE_PING_SECONDS was working a moment ago; one idle longer (a restart of the server
    may have dropped it) is pinged, and a dead one is replaced before anyone uses it. One
    that dies while busy fails its transaction, and SQLAlchemy then renews the whole pool.
    """

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(IDLE_SINCE)
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the driver's own error for a dropped connection
            raise DisconnectionError(str(exc)) from exc
        if not alive:
            raise DisconnectionError("the pooled connection did not answer")


def _pool(settings: Settings) -> dict[str, Any]:
    # One kept connection per request thread (and two for the server's own checks): the
    # default five kept connections made the sixth concurrent request open a connection,
    # and on SQLite run its PRAGMAs, only to close it again. Drafting threads hold one only
    # to store the input and the draft (never during a model call), so they share the
    # default overflow of ten; a burst past that waits for a connection, and several
    # workers on one PostgreSQL stay far from its connection limit. Last in, first out: the
    # connection used a moment ago goes out again (its server process awake, its prepared
    # statements at hand), and the ones a quiet spell leaves idle are those pinged or let go.
    return {"pool_size": settings.request_threads + 2, "max_overflow": 10, "pool_use_lifo": True}


def _unusable_url(url: str) -> str:
    # The URL may hold a password: it is quoted only as SQLAlchemy renders it, masked.
    try:
        shown = make_url(url)
    except ArgumentError:
        return (
            "DATABASE_URL is not a database URL: set it like "
            "postgresql+psycopg://user@host:5432/db, or unset it for SQLite under PTSCRIBE_HOME"
        )
    return (
        f"DATABASE_URL={shown.render_as_string(hide_password=True)!r} names a database "
        f"ptscribe cannot use ({shown.drivername}): use postgresql+psycopg://user@host:5432/db, "
        "or unset it for SQLite under PTSCRIBE_HOME"
    )


def _sqlite_pragmas(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN instead of the driver's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL never corrupts the database; a power cut (not a crash of the
        # process) can lose the last commits. FULL costs an fsync per commit, which on a
        # shared disk is 10-20 ms; deployments that need every commit on disk use PostgreSQL.
        cursor.execute("PRAGMA synchronous = NORMAL")
        if read_only:
            # Set once per connection: one pool shared by readers and writers switched the
            # flag back and forth, two extra statements for a request that reads then audits.
            cursor.execute("PRAGMA query_only = 1")
        cursor.close()

    # Readers begin deferred (no lock until the first read, and then only a snapshot);
    # writers take the write lock at BEGIN, so two of them queue instead of one failing half
    # way when it tries to upgrade a read lock.
    begin = "BEGIN" if read_only else "BEGIN IMMEDIATE"

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        if not connection.get_execution_options().get(NO_BEGIN, False):
            connection.exec_driver_sql(begin)


class Database:
    def __init__(self, engine: Engine, reader: Engine) -> None:
        """`reader`: the engine `make_engine(read_only=True)` makes on the same database,
        as `from_settings` does: on SQLite the read-only pool, on PostgreSQL the lookups'."""
        self.engine = engine
        self._engines = [engine, reader]
        self._reader: Engine
        # A lookup's statements run outside a transaction: no BEGIN and COMMIT round trips
        # on PostgreSQL around the SELECTs every request makes, and on SQLite no BEGIN
        # statement (its driver is in autocommit mode; see _sqlite_pragmas).
        self._lookup: Engine
        if engine.dialect.name == "postgresql":
            # The main pool, its transactions read-only: psycopg starts them with BEGIN READ
            # ONLY (no extra round trip) and SQLAlchemy resets the flag when the connection
            # goes back to the pool.
            self._reader = engine.execution_options(postgresql_readonly=True)
            self._lookup = reader
        else:
            self._reader = reader
            self._lookup = reader.execution_options(**{NO_BEGIN: True})
        # SQLite's lone writes begin their own transaction (_core_write): SQLAlchemy's must
        # not issue a second BEGIN should anything run through it there.
        self._bare_writer = engine.execution_options(**{NO_BEGIN: True})
        self._writers = threading.RLock() if engine.dialect.name == "sqlite" else None
        # Names this database in process-local caches (never reused, unlike id()).
        self.token = uuid.uuid4().hex
        self._grouped = GroupCommit(
            self.transaction,
            shared=(StoreError,),
            autocommit=self.lone_writer,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> "Database":
        return cls(make_engine(settings), make_engine(settings, read_only=True))

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One unit of work: committed when the block ends, rolled back on any exception."""
        with self._one_writer(), self._unit(self.engine) as tx:
            yield tx

    @contextmanager
    def _one_writer(self) -> Iterator[None]:
        # SQLite has one writer at a time. Its busy handler polls with growing sleeps (up to
        # 100 ms each), so under load a queued writer oversleeps the lock it waits for; the
        # writers of this process queue on a lock instead and start the moment it is free
        # (other processes still meet the busy timeout). Re-entrant: a nested write in the
        # same thread meets SQLite's own lock, as before.
        if self._writers is None:
            yield
            return
        if not self._writers.acquire(timeout=SQLITE_BUSY_SECONDS):
            raise StoreError("database error: database is locked")
        try:
            yield
        finally:
            self._writers.release()

    def grouped(
        self, write: Callable[[Tx], None], alone: Callable[[Connection], bool] | None = None
    ) -> None:
        """`write(tx)` committed, in one transaction with the other threads' grouped writes
        of the moment (grouped.py): for small writes many requests make, an audited view.
        `alone(conn)`: the same write on a bare connection (PostgreSQL: one statement
        outside a transaction; SQLite: a Core write transaction), or False having written
        nothing (see grouped.py). Never call it inside a transaction of your own: the batch
        may wait for its lock."""
        self._grouped.write(write, alone)

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        """A transaction that only reads (a write in it fails): for the calls that show
        something, so they neither take nor wait for SQLite's write lock."""
        with self._unit(self._reader) as tx:
            yield tx

    @contextmanager
    def lookup(self) -> Iterator[Connection]:
        """A bare connection, no ORM session, whose statements each run on their own: each
        is consistent by itself, two are not one snapshot. For reads that are one statement
        (the caller's account; an unsigned note with its findings), or several whose caller
        does not need them to agree. On SQLite the connection refuses writes; on PostgreSQL
        nothing stops one, so keep it to SELECTs, or to a write of one statement that commits
        by itself (a lone view's audit event, grouped.py)."""
        with _mapped(), self._lookup.connect() as conn:
            yield conn

    def lone_writer(self) -> AbstractContextManager[Connection]:
        """The bare connection a lone grouped write runs on (grouped.py): on PostgreSQL the
        lookup connection, outside a transaction; on SQLite a Core write transaction."""
        return self.lookup() if self.is_postgres else self._core_write()

    @contextmanager
    def _core_write(self) -> Iterator[Connection]:
        """SQLite: a bare connection in a write transaction of the driver's (BEGIN IMMEDIATE,
        store/direct.py), queued on this process's writers' lock as every write is;
        committed when the block ends, rolled back if it raises. For a lone view's two
        statements without the cost of an ORM session or of SQLAlchemy's transaction."""
        with self._one_writer(), _mapped(), self._bare_writer.connect() as conn:
            direct.execute_sql(conn, "BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                direct.rollback(conn)
                raise
            direct.commit(conn)

    @contextmanager
    def _unit(self, bind: Engine) -> Iterator[Tx]:
        with _mapped(), Session(bind, expire_on_commit=False) as session, session.begin():
            yield Tx(session, postgres=self.is_postgres, token=self.token)

    def dispose(self) -> None:
        forget_head(self.token)
        for engine in self._engines:
            engine.dispose()


@contextmanager
def _mapped() -> Iterator[None]:
    """The driver's errors as the store's: a clash (a unique constraint that lost a race the
    row lock did not cover) and a database error (locked, unreachable)."""
    try:
        yield
    except IntegrityError as exc:
        raise ConflictError(f"the change clashes with a concurrent one: {_first(exc)}") from exc
    except OperationalError as exc:
        raise StoreError(f"database error: {_first(exc)}") from exc


def _first(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)) or type(exc).__name__
    return text.splitlines()[0][:300]


def with_schema(url: str, schema: str) -> str:
    """The PostgreSQL URL with `schema` first on the search path (tables, triggers, alembic's
    version table all go there)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def scratch_schema(settings: Settings, prefix: str = "ptscribe_scratch") -> Iterator[str]:
    """A throwaway PostgreSQL schema for tests and benchmarks: yields its URL, drops it after."""
    base = database_url(settings)
    if not base.startswith("postgresql"):
        raise StoreError("a scratch schema needs a PostgreSQL DATABASE_URL")
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        yield with_schema(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()
