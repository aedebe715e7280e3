"""`ptscribe draft`: dictation or shorthand in; note, recomputed claim and findings out."""

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from assistant.services.dictation import draft_sources
from assistant.services.drafting import DraftOutcome


class Backend(StrEnum):
    OFFLINE = "offline"
    LLM = "llm"


class Format(StrEnum):
    JSON = "json"
    TEXT = "text"


def draft_command(
    file: Annotated[str, typer.Argument(help="Dictation or shorthand text file, or - for stdin.")],
    timers: Annotated[
        str | None,
        typer.Option("--timers", help="JSON list of timer segments (as in bill's segments)."),
    ] = None,
    context: Annotated[
        str | None, typer.Option("--context", help="DraftContext JSON (date, clinician, plan).")
    ] = None,
    backend: Annotated[
        Backend | None,
        typer.Option("--backend", help="offline (default) or llm; llm falls back to offline."),
    ] = None,
    format: Annotated[Format, typer.Option("--format", help="json or text.")] = Format.JSON,
) -> None:
    """Draft a SOAP note, bill it from its minutes and check it."""
    outcome = draft_sources(
        file, timers=timers, context=context, backend=backend.value if backend else None
    )
    if format is Format.TEXT:
        render(outcome, Console(highlight=False))
    else:
        typer.echo(json.dumps(as_json(outcome), indent=2, ensure_ascii=False))


def as_json(outcome: DraftOutcome) -> dict[str, Any]:
    data = outcome.model_dump(mode="json")
    drafter = data["drafter"]
    data["drafter"] = {
        key: drafter.get(key)
        for key in ("backend", "model", "prompt_id", "prompt_sha256", "latency_ms", "tokens")
    } | ({"notice": drafter["notice"]} if drafter.get("notice") else {})
    return {k: data[k] for k in ("note", "claim", "findings", "drafter", "unparsed")}


def render(outcome: DraftOutcome, console: Console) -> None:
    note = outcome.note
    who = note.clinician
    title = f"{note.note_type.replace('_', ' ').title()} note, {note.date_of_service.isoformat()}"
    if who.name:
        title += f", {who.name} {who.credentials}".rstrip()
    console.print(f"[bold]{escape(title)}[/]")
    if outcome.drafter.notice:
        console.print(f"[yellow]{escape(outcome.drafter.notice)}[/]")
    for letter, body in (
        ("S", note.subjective),
        ("O", note.objective),
        ("A", note.assessment),
        ("P", note.plan),
    ):
        console.print(Panel(escape(body.strip() or "(nothing recorded)"), title=letter))
    if outcome.claim is not None and outcome.claim.lines:
        table = Table(title="Claim (recomputed from minutes)")
        for name in ("Code", "Modifiers", "Units", "Minutes"):
            table.add_column(name)
        for line in outcome.claim.lines:
            table.add_row(line.code, " ".join(line.modifiers), str(line.units), str(line.minutes))
        console.print(table)
    else:
        console.print("No billable lines.")
    if outcome.findings:
        console.print("[bold]Findings[/]")
    colours = {"error": "red", "warning": "yellow"}
    for f in outcome.findings:
        colour = colours.get(f.severity, "cyan")
        where = f" ({f.path})" if f.path else ""
        console.print(
            f"[{colour}]{f.severity.upper():7}[/] {f.rule}{escape(where)}: {escape(f.message)}"
        )
    info = outcome.drafter
    console.print(f"[dim]drafter: {info.backend}, {info.model or '-'}, {info.latency_ms:.1f} ms[/]")
