"""Alembic, driven from code: the migrations ship inside the package (assistant/store/migrations)
and run on the caller's connection, so `ptscribe db upgrade` and the tests need no alembic.ini."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from assistant.store.db import Database, StoreError

SCRIPT_LOCATION = "assistant.store:migrations"


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", exc)).splitlines()
        raise StoreError(f"database error: {first[0] if first else type(exc).__name__}") from exc


def upgrade(db: Database, revision: str = "head") -> None:
    with _errors(), db.engine.begin() as connection:
        command.upgrade(config(connection), revision)


def downgrade(db: Database, revision: str) -> None:
    with _errors(), db.engine.begin() as connection:
        command.downgrade(config(connection), revision)


def check(db: Database) -> None:
    """Raise if the tables in the code differ from what the migrations build."""
    with db.engine.begin() as connection:
        command.check(config(connection))


def current(db: Database) -> str | None:
    with _errors(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@cache
def head() -> str | None:
    # The migration scripts ship in the package and change only with a release, which is a
    # restart: reading them is most of what a /ready probe cost (about 7 ms).
    return ScriptDirectory.from_config(config()).get_current_head()
