"""CLI glue around the input services.

Reading, limits, sniffing, strict JSON and the schema-version gate live in
assistant/services/inputs.py; a service raises PtscribeError and `main` (assistant/cli/app.py)
prints it as one line with exit 2. `fail` is for problems only the CLI can see (its own
option combinations).
"""

from typing import NoReturn

import typer

from assistant.services import inputs


def fail(message: str) -> NoReturn:
    """Exit 2 with one line on stderr; the user's file is never modified."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def read_text(source: str) -> str:
    """The text of a file or stdin within PTSCRIBE_MAX_INPUT_BYTES (InputError otherwise)."""
    return inputs.read_text(source)
