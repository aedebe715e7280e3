"""`ptscribe fees import`: load the CMS national RVU file (PPRRVU) of a year."""

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.inputs import fail
from assistant.cli.store_io import database
from assistant.errors import PtscribeError
from assistant.services.imported import import_fees

app = typer.Typer(help="Medicare fee schedule figures (RVUs).", no_args_is_help=True)


@app.command("import")
def import_command(
    file: Annotated[str, typer.Argument(help="PPRRVU CSV from the CMS RVUyyA.zip.")],
    year: Annotated[
        int | None,
        typer.Option("--year", help="Calendar year of the file (default: from its name)."),
    ] = None,
) -> None:
    """Import a year's RVUs; from then on they price every visit of that year."""
    try:
        with database() as db:
            result = import_fees(Path(file), db, year)
    except PtscribeError as exc:  # a bad home or file, or a store that refused the import
        fail(str(exc))
    factor = f", conversion factor {result.factor}" if result.factor is not None else ""
    typer.echo(
        f"imported {result.year} RVUs for {result.kept} therapy codes "
        f"({result.read} code rows read{factor}) into {result.target}"
    )
    if result.unpriced:
        typer.echo(
            "no national fee by CMS status (their lines name the status): "
            + ", ".join(result.unpriced)
        )
    if result.missing:
        typer.echo(
            f"no row for {len(result.missing)} active catalog codes (their payment stays "
            f"empty): {', '.join(result.missing)}"
        )
