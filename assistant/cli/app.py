"""Entry point: `ptscribe` sub-commands, each in its own module."""

from importlib.metadata import version
from typing import Annotated

import typer

from assistant.cli import accounts, fees, ncci, notes, people
from assistant.cli.bill import bill_command
from assistant.cli.codes import codes_command
from assistant.cli.db import audit_app, db_app
from assistant.cli.draft import draft_command
from assistant.cli.eval import app as eval_app
from assistant.cli.exports import claims_app, export_command
from assistant.cli.root import RootGroup
from assistant.cli.validate import rules_command, schema_command, validate_command

app = typer.Typer(
    name="ptscribe",
    cls=RootGroup,
    help="Draft, bill and check physical and occupational therapy notes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"ptscribe {version('ptscribe')}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    """Draft, bill and check physical and occupational therapy notes."""


app.command("bill")(bill_command)
app.command("draft")(draft_command)
app.add_typer(ncci.app, name="ncci")
app.add_typer(fees.app, name="fees")
app.command("codes")(codes_command)
app.add_typer(eval_app, name="eval")
app.command("validate")(validate_command)
app.command("schema")(schema_command)
app.command("rules")(rules_command)
# The note store (issue 9).
app.add_typer(db_app, name="db")
app.add_typer(people.clinician_app, name="clinician")
app.add_typer(people.patient_app, name="patient")
app.add_typer(people.plan_app, name="plan")
app.add_typer(notes.session_app, name="session")
app.add_typer(notes.note_app, name="note")
app.add_typer(audit_app, name="audit")
# Signed notes leaving ptscribe (issue 13).
app.command("export")(export_command)
app.add_typer(claims_app, name="claims")
# The HTTP server and its logins (issue 10).
app.add_typer(accounts.account_app, name="account")
app.add_typer(accounts.token_app, name="token")
app.command("serve")(accounts.serve_command)


def main() -> None:
    app()
