"""`ptscribe validate`, `ptscribe schema` and `ptscribe rules`: the documentation validator.

Exit codes of validate: 0 checked (findings may stand), 1 a finding at the --fail-on level
stands, 2 the input is not a valid note or context (one line on stderr, never a traceback).
"""

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from assistant.cli.inputs import fail, parse_model, read_json
from assistant.domain.context import VisitContext
from assistant.domain.findings import Severity
from assistant.domain.note import SCHEMA_VERSION, Note
from assistant.errors import PtscribeError
from assistant.rules.registry import REGISTRY
from assistant.rules.registry.render import render_markdown, row
from assistant.rules.validation import review
from assistant.services.icd import icd_code_set
from assistant.services.imported import load_fees
from assistant.services.ncci import load_imported
from assistant.settings import get_settings


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class SchemaName(StrEnum):
    NOTE = "note"
    CONTEXT = "context"


class RulesFormat(StrEnum):
    JSON = "json"
    TABLE = "table"
    MARKDOWN = "markdown"


_SCHEMAS: dict[SchemaName, type[BaseModel]] = {
    SchemaName.NOTE: Note,
    SchemaName.CONTEXT: VisitContext,
}
_BLOCKING = {
    FailOn.ERROR: {Severity.ERROR},
    FailOn.WARNING: {Severity.ERROR, Severity.WARNING},
}


def _check_version(data: Any, what: str, source: str) -> None:
    # Named before pydantic sees it so an old or future file gets an actionable message.
    if not isinstance(data, dict):
        fail(f"invalid {what}: {source} must hold a JSON object")
    version = data.get("schema_version")
    if version is None:
        fail(f"invalid {what}: schema_version is missing (this ptscribe reads {SCHEMA_VERSION!r})")
    if version != SCHEMA_VERSION:
        fail(
            f"invalid {what}: schema_version {version!r} is not supported "
            f"(this ptscribe reads {SCHEMA_VERSION!r})"
        )


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
    if note == "-" and context == "-":
        fail("only one of the note and the context can be read from standard input")
    note_data = read_json(note)
    _check_version(note_data, "note", note)
    parsed = parse_model(Note, note_data, "note")
    visit_context = None
    if context is not None:
        context_data = read_json(context)
        _check_version(context_data, "context", context)
        visit_context = parse_model(VisitContext, context_data, "context")
    try:
        report = review(
            parsed,
            visit_context,
            load_imported(),
            load_fees(get_settings()),
            icd=icd_code_set(),
        )
    except PtscribeError as exc:
        fail(str(exc))
    typer.echo(json.dumps(report.model_dump(mode="json"), indent=2))
    if fail_on is not None and any(f.severity in _BLOCKING[fail_on] for f in report.findings):
        raise typer.Exit(1)


def schema_command(
    name: Annotated[SchemaName, typer.Argument(help="note or context.")],
) -> None:
    """Print the JSON Schema of the note or the visit context."""
    schema = _SCHEMAS[name].model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    typer.echo(json.dumps(schema, indent=2))


def rules_command(
    format: Annotated[
        RulesFormat, typer.Option("--format", help="json, table or markdown (docs/rules.md).")
    ] = RulesFormat.JSON,
) -> None:
    """List every rule id ptscribe can emit (validator, billing, drafters): severity, element,
    description, rationale, fix hint and status."""
    if format is RulesFormat.MARKDOWN:
        typer.echo(render_markdown(REGISTRY), nl=False)
        return
    rows = [row(spec, REGISTRY) for spec in REGISTRY]  # report order: by area, then id
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
