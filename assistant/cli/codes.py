"""`ptscribe codes`: the therapy code catalog the engine bills."""

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from assistant.rules.tables import CodeInfo, catalog


class Format(StrEnum):
    JSON = "json"
    TABLE = "table"


def _row(info: CodeInfo) -> dict[str, Any]:
    return {
        "code": info.code,
        "description": info.description,
        "category": info.category,
        "timed": info.timed,
        "disciplines": sorted(info.disciplines),
        "therapy": info.therapy,
        "medicare_status": info.medicare_status,
        "medicare_replacement": info.medicare_replacement,
        "from": info.start.isoformat() if info.start else None,
        "to": info.end.isoformat() if info.end else None,
    }


def codes_command(
    format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.JSON,
) -> None:
    """List every therapy code ptscribe bills: timed or not, disciplines, Medicare status."""
    rows = [_row(info) for _, info in sorted(catalog().items())]
    if format is Format.JSON:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title=f"{len(rows)} therapy codes")
    for name in ("Code", "Timed", "Disciplines", "Therapy", "Status", "In force", "Description"):
        table.add_column(name)
    for row in rows:
        period = f"{row['from'] or ''}..{row['to'] or ''}" if row["from"] or row["to"] else ""
        table.add_row(
            row["code"],
            "timed" if row["timed"] else "untimed",
            "/".join(row["disciplines"]),
            row["therapy"],
            row["medicare_status"],
            period,
            row["description"],
        )
    Console(width=160).print(table)
