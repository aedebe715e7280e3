"""Entry point: `ptscribe` sub-commands, each in its own module."""

import typer

from assistant.cli import ncci
from assistant.cli.bill import bill_command
from assistant.cli.draft import draft_command
from assistant.cli.eval import app as eval_app
from assistant.cli.validate import rules_command, schema_command, validate_command

app = typer.Typer(
    name="ptscribe",
    help="Draft, bill and check physical and occupational therapy notes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("bill")(bill_command)
app.command("draft")(draft_command)
app.add_typer(ncci.app, name="ncci")
app.add_typer(eval_app, name="eval")
app.command("validate")(validate_command)
app.command("schema")(schema_command)
app.command("rules")(rules_command)


def main() -> None:
    app()
