"""Shared plumbing of the store commands: open the database, map errors to exit codes, print.

Exit codes: 0 done, 1 the store or the drafter failed (or audit verify found tampering),
2 bad input (one line on stderr), 3 a conflict or a blocked sign (the line on stderr, and
for a blocked sign the blocking findings as JSON on stdout).
"""

import getpass
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from assistant.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PtscribeError,
    SignBlockedError,
)
from assistant.services.views import NoteView
from assistant.settings import get_settings
from assistant.store import migrate
from assistant.store.db import Database

T = TypeVar("T")
NOTE_KEYS = ("note_id", "status", "revision", "note", "claim", "findings", "signatures", "addenda")


class Format(StrEnum):
    JSON = "json"
    TABLE = "table"


FormatOption = typer.Option("--format", help="json (default) or table.")


def _exit(code: int, message: str) -> NoReturn:
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    raise typer.Exit(code)


@contextmanager
def database(*, check_schema: bool = True) -> Iterator[Database]:
    db = Database.from_settings(get_settings())
    try:
        if check_schema and migrate.current(db) != migrate.head():
            _exit(
                1, "the database is not set up or is older than ptscribe: run `ptscribe db upgrade`"
            )
        yield db
    finally:
        db.dispose()


def call(fn: Callable[[], T]) -> T:
    """Run one service call, turning ptscribe's errors into the exit codes above."""
    try:
        return fn()
    except SignBlockedError as exc:
        if exc.findings:
            typer.echo(json.dumps({"error": str(exc), "blocking": exc.findings}, indent=2))
        _exit(3, str(exc))
    except ConflictError as exc:
        _exit(3, str(exc))
    except (InputError, NotFoundError) as exc:
        _exit(2, str(exc))
    except PtscribeError as exc:
        _exit(1, str(exc))


def os_actor() -> str:
    """Who ran a command that names no clinician: the operating-system account."""
    try:
        return f"os:{getpass.getuser()}"
    except (KeyError, OSError):
        return "os:unknown"


def note_json(view: NoteView, keys: tuple[str, ...] = NOTE_KEYS) -> dict[str, Any]:
    data = view.model_dump(mode="json")
    return {key: data[key] for key in keys}


def emit(data: dict[str, Any], fmt: Format) -> None:
    if fmt is Format.JSON:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False)
    summary = Table(show_header=False)
    for key, value in data.items():
        if isinstance(value, (str, int, float, bool)) or value is None:
            summary.add_row(escape(key), escape(str(value)))
    console.print(summary)
    claim = data.get("claim")
    if isinstance(claim, dict) and claim.get("lines"):
        _rows(console, "Claim", claim["lines"], ("code", "modifiers", "units", "minutes"))
    for key, columns in (
        ("findings", ("severity", "rule", "path", "message")),
        ("blocking", ("severity", "rule", "path", "message")),
        ("signatures", ("kind", "revision", "name", "credentials", "signed_at", "sha256")),
        ("addenda", ("id", "name", "created_at", "reason", "corrected_claim", "sha256")),
    ):
        if data.get(key):
            _rows(console, key.title(), data[key], columns)


def _rows(
    console: Console, title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]
) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        cells = [row.get(c) for c in columns]
        table.add_row(*(escape(" ".join(v) if isinstance(v, list) else str(v)) for v in cells))
    console.print(table)
