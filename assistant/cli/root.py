"""The `ptscribe` command group: where a PtscribeError from any command becomes one line.

Services raise PtscribeError subclasses with a message a user can act on; no command needs
its own try/except. Catching it in the group's `invoke` (rather than around `app()` in
`main`) also covers typer's test runner and any embedding of the app.
"""

from typing import Any

import typer
from typer.core import TyperGroup

from assistant.errors import PtscribeError


class RootGroup(TyperGroup):
    def invoke(self, ctx: Any) -> Any:  # typer.Context; click vendored privately
        try:
            return super().invoke(ctx)
        except PtscribeError as exc:
            message = " ".join(str(exc).split())  # one line, whatever the message held
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(2) from None
