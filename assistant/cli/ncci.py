"""`ptscribe ncci import`: load a CMS practitioner PTP file into the user's data folder."""

import csv
import io
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.inputs import fail, read_text
from assistant.errors import PtscribeError
from assistant.rules.ptp_file import import_ptp
from assistant.rules.tables import catalog
from assistant.settings import get_settings

app = typer.Typer(help="NCCI procedure-to-procedure edits.", no_args_is_help=True)
FIELDS = ["column1", "column2", "effective", "deletion", "indicator", "source"]


@app.command("import")
def import_command(
    file: Annotated[str, typer.Argument(help="CMS practitioner PTP .txt file (tab-delimited).")],
) -> None:
    """Import the quarterly CMS edit file; it replaces the shipped seed from then on."""
    settings = get_settings()
    text = read_text(file)
    try:
        result = import_ptp(text.splitlines(), Path(file).name, frozenset(catalog()))
    except PtscribeError as exc:
        fail(str(exc))
    settings.home.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for e in result.edits:
        writer.writerow(
            [
                e.column1,
                e.column2,
                e.effective.isoformat(),
                e.deletion.isoformat() if e.deletion else "",
                e.indicator,
                e.source,
            ]
        )
    target = settings.ncci_file
    tmp = target.with_suffix(".tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(target)  # atomic: a failed import never leaves a half-written table
    typer.echo(
        f"imported {len(result.edits)} edits between billable therapy codes "
        f"({result.rows} rows read, {result.skipped} involve codes ptscribe does not bill) "
        f"into {target}"
    )
