"""`ptscribe export NOTE_ID --format pdf|fhir` and `ptscribe claims export --from --to`."""

import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.inputs import fail
from assistant.cli.people import parse_day
from assistant.cli.store_io import call, database, os_actor
from assistant.services import exports

claims_app = typer.Typer(help="Signed claim lines for billers.", no_args_is_help=True)
Out = Annotated[
    str | None, typer.Option("--out", help="Write to this file instead of standard output.")
]


class NoteFormat(StrEnum):
    PDF = "pdf"
    FHIR = "fhir"


class FeedFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


def _write(data: bytes, out: str | None, *, binary: bool) -> None:
    if out is None:
        if binary and sys.stdout.isatty():
            fail("a PDF is not printed to a terminal: give --out FILE or redirect the output")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(out)
    if target.is_dir():
        fail(f"--out {out!r} is a folder: name a file")
    # Written beside the target and renamed: a failed write never leaves half a file.
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=".ptscribe-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        fail(f"cannot write --out {out!r}: {exc.strerror or exc}")


def export_command(
    note_id: Annotated[int, typer.Argument(help="The note id.", min=1)],
    format: Annotated[NoteFormat, typer.Option("--format", help="pdf or fhir.")] = NoteFormat.PDF,
    out: Out = None,
) -> None:
    """A note as a PDF (a draft carries a DRAFT watermark) or a signed note as a FHIR R4
    document Bundle. Every export is an audit event."""
    with database() as db:
        if format is NoteFormat.PDF:
            pdf = call(lambda: exports.note_pdf(db, note_id, actor=os_actor()))
            _write(pdf, out, binary=True)
        else:
            bundle = call(lambda: exports.note_fhir(db, note_id, actor=os_actor()))
            _write(bundle.encode("utf-8") + b"\n", out, binary=False)


@claims_app.command("export")
def claims_export(
    start: Annotated[
        str | None, typer.Option("--from", help="First date of service, YYYY-MM-DD.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last date of service, YYYY-MM-DD.")
    ] = None,
    note: Annotated[
        int | None,
        typer.Option("--note", help="One signed note's lines instead of a range.", min=1),
    ] = None,
    format: Annotated[FeedFormat, typer.Option("--format", help="csv or json.")] = FeedFormat.CSV,
    out: Out = None,
) -> None:
    """Every signed claim line dated --from..--to (at most a year), or one signed note's
    (--note), one row per line; corrected claims from addenda are marked. An audit event
    records the export."""
    if note is not None and (start or end):
        fail("give either --note or --from and --to, not both")
    if note is None and not (start and end):
        fail("give --from and --to (or --note)")
    with database() as db:
        if note is not None:
            feed = call(lambda: exports.note_claims(db, note, actor=os_actor()))
        else:
            first, last = parse_day(start or "", "--from"), parse_day(end or "", "--to")
            feed = call(lambda: exports.claims_feed(db, first, last, actor=os_actor()))
    text = exports.feed_csv(feed) if format is FeedFormat.CSV else exports.feed_json(feed)
    _write(text.encode("utf-8"), out, binary=False)
