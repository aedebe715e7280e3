"""`ptscribe ncci import`: load the CMS practitioner PTP files into the store."""

from typing import Annotated

import typer

from assistant.cli.inputs import fail
from assistant.cli.store_io import database
from assistant.errors import PtscribeError
from assistant.services.imported import import_ncci, ncci_sources

app = typer.Typer(help="NCCI procedure-to-procedure edits.", no_args_is_help=True)


@app.command("import")
def import_command(
    files: Annotated[
        list[str],
        typer.Argument(
            help="CMS practitioner PTP .txt files (tab-delimited; every part of the quarter), "
            "or a folder holding them."
        ),
    ],
) -> None:
    """Import the quarterly CMS edit files; together they replace the shipped seed."""
    try:
        with database() as db:
            result = import_ncci(ncci_sources(files), db)
    except PtscribeError as exc:  # a bad home or file, or a store that refused the import
        fail(str(exc))
    for part in result.parts:
        kept = (
            f"{part.kept} therapy edits kept"
            if part.kept
            else "no edits between therapy codes (normal for a part of other code ranges)"
        )
        typer.echo(f"{part.name}: {part.rows} rows read, {kept}")
    typer.echo(
        f"imported {result.kept} edits between billable therapy codes from "
        f"{len(result.parts)} file(s) into {result.target}"
    )
