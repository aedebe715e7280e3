"""`ptscribe validate`, `ptscribe schema` and `ptscribe rules`: the documentation validator.

Exit codes of validate: 0 checked (findings may stand), 1 a finding at the --fail-on level
stands, 2 the input is not a valid note or context (one line on stderr, never a traceback).
"""

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.domain.findings import Severity
from assistant.errors import InputError
from assistant.rules.registry import REGISTRY
from assistant.rules.registry.render import render_markdown
from assistant.services import catalog
from assistant.services.validation import validate_sources


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class SchemaName(StrEnum):
    NOTE = "note"
    CONTEXT = "context"
    VISIT = "visit"


class RulesFormat(StrEnum):
    JSON = "json"
    TABLE = "table"
    MARKDOWN = "markdown"


_BLOCKING = {
    FailOn.ERROR: {Severity.ERROR},
    FailOn.WARNING: {Severity.ERROR, Severity.WARNING},
}


def validate_command(
    note: Annotated[str, typer.Argument(help="Note JSON file, or - for standard input.")],
    context: Annotated[
        str | None,
        typer.Option("--context", help="Visit context JSON: plan of care, history, payer."),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 1 when a finding at this level (or worse) stands."),
    ] = None,
) -> None:
    """Check a note's documentation and recompute the claim it supports."""
    report = validate_sources(note, context)
    typer.echo(json.dumps(report.model_dump(mode="json"), indent=2))
    if fail_on is not None and any(f.severity in _BLOCKING[fail_on] for f in report.findings):
        raise typer.Exit(1)


def schema_command(
    name: Annotated[
        SchemaName, typer.Argument(help="note (validate), context (draft, validate), visit (bill).")
    ],
) -> None:
    """Print the JSON Schema of a note, a visit context or a visit to bill."""
    typer.echo(json.dumps(catalog.document_schema(name.value), indent=2))


def rules_command(
    rule: Annotated[
        str | None,
        typer.Argument(help="One id, e.g. TE001; a retired id also shows its successor."),
    ] = None,
    format: Annotated[
        RulesFormat, typer.Option("--format", help="json, table or markdown (docs/rules.md).")
    ] = RulesFormat.JSON,
) -> None:
    """List every rule id ptscribe can emit (validator, billing, drafters): severity, element,
    description, rationale, fix hint and status."""
    if format is RulesFormat.MARKDOWN:
        if rule is not None:
            raise InputError("--format markdown prints the whole catalog: drop the rule id")
        typer.echo(render_markdown(REGISTRY), nl=False)
        return
    rows = catalog.rules(rule)  # report order: by area, then id
    if format is RulesFormat.JSON:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="ptscribe rules")
    for column in ("Id", "Severity", "Element", "Description", "Fix hint", "Status"):
        table.add_column(column)
    for r in rows:
        status = r["status"] if r["replaced_by"] is None else f"retired: use {r['replaced_by']}"
        table.add_row(
            r["rule"], r["severity"], r["element"] or "", r["description"], r["hint"], status
        )
    Console().print(table)
