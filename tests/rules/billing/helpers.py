"""Small builders so billing test tables stay one line per case."""

from typing import Any

from assistant.domain.billing import BillResult, Visit
from assistant.rules.billing import bill


def visit(services: dict[str, int | tuple[int, int]] | None = None, **extra: Any) -> Visit:
    """services: code -> minutes, or code -> (minutes, assistant_minutes)."""
    rows = []
    for code, value in (services or {}).items():
        minutes, assistant = value if isinstance(value, tuple) else (value, 0)
        rows.append({"code": code, "minutes": minutes, "assistant_minutes": assistant})
    data: dict[str, Any] = {"date_of_service": "2025-06-02", "services": rows}
    data.update(extra)
    return Visit.model_validate(data)


def lines(result: BillResult) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(line.code, line.units, tuple(line.modifiers)) for line in result.lines]


def units_by_code(result: BillResult) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in result.lines:
        out[line.code] = out.get(line.code, 0) + line.units
    return out


def rules(result: BillResult) -> list[str]:
    return [f.rule for f in result.findings]


def run(services: dict[str, int | tuple[int, int]], **extra: Any) -> BillResult:
    return bill(visit(services, **extra))
