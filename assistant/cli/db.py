"""`ptscribe db upgrade` and `ptscribe audit verify`."""

from typing import Annotated

import typer

from assistant.cli.store_io import Format, FormatOption, call, database, emit
from assistant.services import audit
from assistant.services.imported import adopt_files
from assistant.settings import get_settings
from assistant.store import migrate
from assistant.store.db import database_url

db_app = typer.Typer(
    help="The note store: SQLite under PTSCRIBE_HOME or DATABASE_URL.", no_args_is_help=True
)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_command(format: Annotated[Format, FormatOption] = Format.JSON) -> None:
    """Create or upgrade the database to this version's schema."""
    with database(check_schema=False) as db:
        before = call(lambda: migrate.current(db))
        call(lambda: migrate.upgrade(db))
        # Tables an earlier version imported as files move into the store, once.
        moved = call(lambda: adopt_files(db, get_settings()))
        url = database_url(get_settings())
        # The URL may carry a password: print only its scheme and where it points.
        where = url.split("@")[-1] if "@" in url else url
        report: dict[str, object] = {"database": where, "from": before, "to": migrate.head()}
        if moved:
            report["moved_into_database"] = moved
        emit(report, format)


@audit_app.command("verify")
def verify_command(format: Annotated[Format, FormatOption] = Format.JSON) -> None:
    """Check the audit hash chain; exit 1 with the first changed, removed or moved event."""
    with database() as db:
        report = call(lambda: audit.verify(db))
    data = report.model_dump(exclude_none=True)
    if report.ok:
        data = {"events": report.events, "ok": True}
    emit(data, format)
    if not report.ok:
        raise typer.Exit(1)
