"""The hottest statements, run on the driver's own cursor.

Every request authenticates, and every view of a note reads it and audits it. Through
`Connection.execute` each of those statements cost three to four times what the driver
spends on it (an execution context, a result object, rows built and processed column by
column): on SQLite 65 us for the token's lookup against 17 us in sqlite3, on PostgreSQL
about 100 us more per statement than psycopg takes.

A `Direct` keeps SQLAlchemy for what it is good at: the statement is a Core construct,
compiled once per dialect, and its parameters and columns go through their types' own
bind and result processors (a UTC datetime is stored and read exactly as the ORM does it).
Only the execution is the driver's: the cursor runs the compiled SQL, and the row comes back
as a small named tuple. Listeners of SQLAlchemy's `before_cursor_execute` event still see
every statement (the tests count statements with it), and the driver's errors go through
SQLAlchemy's own handling (so `db._mapped` maps them as it maps every other, and a lost
connection renews the pool).

For statements of fixed shape only: no expanding IN lists, no optional columns.
"""

import threading
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import ClauseElement

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class _Form:
    """A statement as one dialect runs it."""

    sql: str
    dialect: Dialect
    # Positional drivers (sqlite3): the parameters' names in order; named ones (psycopg): None.
    order: tuple[str, ...] | None
    fixed: dict[str, Any]  # values bound inside the statement (a literal id, a constant)
    binds: dict[str, Processor]
    row: type | None  # the named tuple of its columns, None for a statement with no rows
    types: tuple[Any, ...]  # the columns' types, as this dialect implements them
    # The columns' result processors, made from the first cursor's description: some types
    # pick theirs by the driver's type code (PostgreSQL's numeric ones, as in SQLAlchemy),
    # which a statement of fixed columns keeps. (psycopg builds the description anew at
    # every access: it is read once.)
    results: list[tuple[Processor, ...]]

    def processors(self, cursor: Any) -> tuple[Processor, ...]:
        if not self.results:
            codes = [d[1] for d in cursor.description]
            self.results.append(
                tuple(
                    t.result_processor(self.dialect, code)
                    for t, code in zip(self.types, codes, strict=True)
                )
            )
        return self.results[0]


class Direct:
    """`statement` run on the driver's cursor of a bare Connection (see the module's note)."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._forms: dict[tuple[type, str], _Form] = {}
        self._lock = threading.Lock()

    def _form(self, dialect: Dialect) -> _Form:
        # By the dialect's class (the driver, its SQL and its types) and parameter style.
        key = (type(dialect), dialect.paramstyle)
        form = self._forms.get(key)
        if form is None:
            with self._lock:
                form = self._forms.get(key) or _compile(self.statement, dialect)
                self._forms[key] = form
        return form

    def first(self, conn: Connection, params: Mapping[str, Any]) -> Any:
        """The first row (a named tuple: attributes by column label), or None."""
        form = self._form(conn.dialect)
        with _cursor(conn, form, params) as cursor:
            found = cursor.fetchone()
            return None if found is None else _row(form, cursor, found)

    def all(self, conn: Connection, params: Mapping[str, Any]) -> list[Any]:
        form = self._form(conn.dialect)
        with _cursor(conn, form, params) as cursor:
            return [_row(form, cursor, r) for r in cursor.fetchall()]

    def run(self, conn: Connection, params: Mapping[str, Any]) -> int:
        """Execute; the rows it changed (as the driver counts them)."""
        with _cursor(conn, self._form(conn.dialect), params) as cursor:
            return int(cursor.rowcount)


def execute_sql(conn: Connection, sql: str) -> None:
    """A statement without parameters or rows on the driver's cursor (SQLite's BEGIN
    IMMEDIATE), seen by the cursor event like the rest."""
    form = _Form(sql, conn.dialect, (), {}, {}, None, (), [])
    with _cursor(conn, form, {}):
        pass


def in_transaction(conn: Connection) -> bool:
    """Whether the driver's connection is in a transaction, whoever began it (SQLAlchemy's
    `in_transaction` knows only its own)."""
    if conn.in_transaction():
        return True
    driver = conn.connection.dbapi_connection
    return bool(getattr(driver, "in_transaction", False))  # sqlite3 says; psycopg need not


def commit(conn: Connection) -> None:
    """Commit the driver's transaction begun with `execute_sql` (SQLAlchemy's connection
    knows nothing of it)."""
    with _translated(conn, "COMMIT"):
        conn.connection.dbapi_connection.commit()  # type: ignore[union-attr]


def rollback(conn: Connection) -> None:
    with _translated(conn, "ROLLBACK"):
        conn.connection.dbapi_connection.rollback()  # type: ignore[union-attr]


def _compile(statement: ClauseElement, dialect: Dialect) -> _Form:
    compiled = statement.compile(dialect=dialect)
    binds = compiled.binds  # type: ignore[attr-defined]
    # What needs SQLAlchemy's execution context: IN lists and literals rendered at run
    # time, values computed at each execution, column defaults filled in by Python.
    if (
        any(b.expanding or b.literal_execute or b.callable for b in binds.values())
        or getattr(compiled, "escaped_bind_names", {})
        or getattr(compiled, "insert_prefetch", ())
        or getattr(compiled, "update_prefetch", ())
    ):
        raise ValueError("a direct statement needs plain parameters")
    positional = dialect.positional
    order = tuple(compiled.positiontup or ()) if positional else None  # type: ignore[attr-defined]
    fixed = {n: b.value for n, b in binds.items() if not b.required}
    processors = {n: b.type.dialect_impl(dialect).bind_processor(dialect) for n, b in binds.items()}
    # A SELECT's columns, or the RETURNING columns of an INSERT or UPDATE.
    columns = list(getattr(statement, "exported_columns", None) or ())
    row: type | None = None
    if columns:
        keys = [c.key for c in columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"a direct statement needs distinct column labels: {keys}")
        row = _row_type(keys)
    types = tuple(c.type.dialect_impl(dialect) for c in columns)
    return _Form(compiled.string, dialect, order, fixed, processors, row, types, [])


def _row_type(keys: list[str]) -> type:
    # A named tuple: attribute access by label, as code written for SQLAlchemy's rows reads.
    return namedtuple("DirectRow", keys)


def _parameters(form: _Form, params: Mapping[str, Any]) -> Any:
    values = {**form.fixed, **params} if form.fixed else params
    processed = {}
    for name, process in form.binds.items():
        value = values[name]
        # None too, as SQLAlchemy does (a JSON type stores 'null' for it).
        processed[name] = value if process is None else process(value)
    if form.order is None:
        return processed
    return tuple(processed[name] for name in form.order)


def _row(form: _Form, cursor: Any, values: Any) -> Any:
    assert form.row is not None, "a statement without columns has no rows"
    processors = form.processors(cursor)
    return form.row._make(  # type: ignore[attr-defined]
        v if p is None else p(v) for p, v in zip(processors, values, strict=True)
    )


@contextmanager
def _cursor(conn: Connection, form: _Form, params: Mapping[str, Any]) -> Iterator[Any]:
    parameters = _parameters(form, params) if form.binds else ()
    with _translated(conn, form.sql, parameters):
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with _translated(conn, form.sql, parameters, cursor):
            listeners = conn.dispatch.before_cursor_execute
            if listeners:
                listeners(conn, cursor, form.sql, parameters, None, False)
            cursor.execute(form.sql, parameters)
            yield cursor
    finally:
        if not conn.invalidated:
            cursor.close()


@contextmanager
def _translated(
    conn: Connection, sql: str, parameters: Any = (), cursor: Any = None
) -> Iterator[None]:
    """The driver's errors handled as SQLAlchemy's own execution handles them: wrapped in
    its exception classes (parameters hidden as the engine has it), its handle_error
    listeners run, and a connection the driver reports lost invalidated together with every
    connection the pool checked out before it (a restarted server dropped them all)."""
    try:
        yield
    except conn.dialect.loaded_dbapi.Error as exc:
        # SQLAlchemy's own handler (private, as the one thing it does here is this): it
        # raises the wrapped error.
        conn._handle_dbapi_exception(exc, sql, parameters, cursor, None)
        raise  # not reached: the handler always raises
