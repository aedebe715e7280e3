"""Is the server able to serve: the database answers and its schema is the code's."""

from assistant.store import migrate
from assistant.store.db import Database, StoreError


def database_problem(db: Database) -> str | None:
    """None when the database answers at the schema this ptscribe needs, else why not."""
    try:
        current = migrate.current(db)
    except StoreError:
        return "the database does not answer"
    if current != migrate.head():
        return "the database schema is not current: run `ptscribe db upgrade`"
    return None
