"""The engine from settings and one transaction per service call.

SQLite (the default, a file under the settings' home) serialises writers: every transaction
starts with BEGIN IMMEDIATE so two writers queue on the busy timeout instead of failing half
way when a reader tries to upgrade its lock. PostgreSQL runs at READ COMMITTED; the
repositories take row locks (SELECT ... FOR UPDATE) where a decision depends on a row.
Nothing here connects until a transaction is opened.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from assistant.errors import ConflictError, PtscribeError
from assistant.settings import Settings
from assistant.store.repo import Tx

SQLITE_BUSY_SECONDS = 30.0


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


def make_engine(settings: Settings) -> Engine:
    url = database_url(settings)
    if url.startswith("sqlite"):
        settings.home.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_SECONDS}, hide_parameters=True
        )
        _sqlite_pragmas(engine)
        return engine
    # hide_parameters: SQL logged at DEBUG or quoted in errors never carries patient data.
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN instead of the driver's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_settings(cls, settings: Settings) -> "Database":
        return cls(make_engine(settings))

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One unit of work: committed when the block ends, rolled back on any exception."""
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield Tx(session, postgres=self.is_postgres)
        except IntegrityError as exc:
            # A unique constraint lost a race the row lock did not cover.
            raise ConflictError(f"the change clashes with a concurrent one: {_first(exc)}") from exc
        except OperationalError as exc:
            raise StoreError(f"database error: {_first(exc)}") from exc

    def dispose(self) -> None:
        self.engine.dispose()


def _first(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)) or type(exc).__name__
    return text.splitlines()[0][:300]
