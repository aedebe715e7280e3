"""`ptscribe bill`: one visit as JSON in, claim lines as JSON (or a table, or prose) out."""

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.inputs import fail
from assistant.domain.billing import BillResult
from assistant.services.billing import bill_source


class Format(StrEnum):
    JSON = "json"
    TABLE = "table"


def bill_command(
    file: Annotated[str, typer.Argument(help="Visit JSON file, or - for standard input.")],
    format: Annotated[
        Format | None, typer.Option("--format", help="json (the default) or table.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Print the rationale as prose instead of JSON.")
    ] = False,
) -> None:
    """Bill one visit: units, modifiers and expected payment from the session minutes."""
    if explain and format is not None:
        fail(f"--explain prints prose and cannot be combined with --format {format.value}")
    result = bill_source(file)
    if explain:
        typer.echo(explain_text(result))
    elif format is Format.TABLE:
        render_table(result, Console())
    else:
        typer.echo(json.dumps(result.model_dump(mode="json"), indent=2))


def explain_text(result: BillResult) -> str:
    out = [
        f"{result.total_timed_minutes} timed minutes and {result.total_treatment_minutes} "
        f"treatment minutes: {result.timed_units} timed units, {result.total_units} in all "
        f"({result.basis.unit_rule.upper()} rule)."
    ]
    for line in result.lines:
        mods = "-".join(line.modifiers)
        out.append(f"\n{line.code}-{mods} x {line.units}: {line.rationale}")
    if result.findings:
        out.append("\nFindings:")
        out += [f"- [{f.severity}] {f.rule}: {f.message}" for f in result.findings]
    return "\n".join(out)


def render_table(result: BillResult, console: Console) -> None:
    table = Table(title="Claim lines")
    for name in ("Code", "Modifiers", "Units", "Minutes", "Assistant min", "Expected $"):
        table.add_column(name, justify="right" if name != "Modifiers" else "left")
    for line in result.lines:
        pay = "-" if line.expected_payment is None else f"{line.expected_payment:,.2f}"
        table.add_row(
            line.code,
            " ".join(line.modifiers),
            str(line.units),
            str(line.minutes),
            str(line.assistant_minutes),
            pay,
        )
    console.print(table)
    total = sum(line.expected_payment or 0 for line in result.lines)
    console.print(
        f"Timed minutes {result.total_timed_minutes}, treatment minutes "
        f"{result.total_treatment_minutes}, timed units {result.timed_units}, "
        f"total units {result.total_units}, expected ${total:,.2f}"
    )
    for f in result.findings:
        colour = {"error": "red", "warning": "yellow"}.get(f.severity, "cyan")
        console.print(f"[{colour}]{f.severity.upper()}[/] {f.rule} {f.path} {f.message}")
