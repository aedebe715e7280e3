"""Alembic environment: the caller hands in a connection (see assistant.store.migrate)."""

from alembic import context
from sqlmodel import SQLModel

from assistant.settings import get_settings
from assistant.store import accounts, tables  # noqa: F401  (registers the tables on the metadata)
from assistant.store.db import make_engine


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        # Plain `alembic` on the command line: the database the settings name.
        with make_engine(get_settings()).begin() as connection:
            _migrate(connection)
        return
    _migrate(connection)


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=SQLModel.metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_run()
