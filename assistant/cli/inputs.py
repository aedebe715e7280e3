"""Reading user files for the CLI: size, encoding and JSON errors become one-line messages."""

import json
import sys
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer
from pydantic import BaseModel, ValidationError

from assistant.settings import get_settings

M = TypeVar("M", bound=BaseModel)


def fail(message: str) -> NoReturn:
    """Exit 2 with one line on stderr; the user's file is never modified."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def read_text(source: str) -> str:
    limit = get_settings().max_input_bytes
    try:
        data = sys.stdin.buffer.read(limit + 1) if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        fail(f"cannot read {source}: {exc.strerror or exc}")
    if len(data) > limit:
        fail(f"{source} is larger than {limit:,} bytes")
    if b"\x00" in data:
        fail(f"{source} looks binary (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(f"{source} is not UTF-8 text (bad byte at offset {exc.start})")


def read_json(source: str) -> Any:
    text = read_text(source)
    if not text.strip():
        fail(f"{source} is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"malformed JSON in {source}: {exc.msg} at line {exc.lineno} column {exc.colno}")
    except RecursionError:
        fail(f"malformed JSON in {source}: nested too deeply")


def validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "input"
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {msg}")
    more = len(exc.errors()) - 5
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def parse_model(model: type[M], data: Any, what: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fail(f"invalid {what}: {validation_message(exc)}")
