"""Builders for validation tables: a clean example note, edited by dotted paths, then checked."""

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from assistant.domain.context import VisitContext
from assistant.domain.findings import Finding
from assistant.domain.note import Note
from assistant.rules.validation import validate
from assistant.services.icd import icd_code_set

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
DELETE = object()


@cache
def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def example(name: str = "pt_daily_knee") -> dict[str, Any]:
    return copy.deepcopy(_load(f"notes/{name}.json"))


def example_context(name: str = "pt_daily_knee") -> dict[str, Any]:
    return copy.deepcopy(_load(f"contexts/{name}.json"))


def set_path(data: Any, path: str, value: Any) -> None:
    """Set `a.0.b` in nested dicts and lists; DELETE removes the key."""
    *parents, last = path.split(".")
    for part in parents:
        data = data[int(part)] if isinstance(data, list) else data[part]
    if isinstance(data, list):
        data[int(last)] = value
    elif value is DELETE:
        del data[last]
    else:
        data[last] = value


def edited(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for path, value in changes.items():
        set_path(out, path, value)
    return out


def check(note: dict[str, Any], context: dict[str, Any] | None = None) -> list[Finding]:
    parsed_context = VisitContext.model_validate(context) if context is not None else None
    return validate(Note.model_validate(note), parsed_context, icd=icd_code_set())


def fired(rule: str, note: dict[str, Any], context: dict[str, Any] | None = None) -> list[Finding]:
    return [f for f in check(note, context) if f.rule == rule]


def case(
    rule: str,
    changes: dict[str, Any] | None = None,
    *,
    note: str = "pt_daily_knee",
    context: dict[str, Any] | None = None,
    path: str | None = None,
    id: str,
) -> Any:
    """One table row. path None: the rule must stay silent; otherwise it must fire there.

    context None runs without a visit context; a dict edits the example context.
    """
    import pytest

    return pytest.param(rule, note, changes or {}, context, path, id=f"{rule}-{id}")


ROW = ("rule", "note", "changes", "context", "path")


def run_case(
    rule: str,
    note: str,
    changes: dict[str, Any],
    context: dict[str, Any] | None,
    path: str | None,
) -> list[Finding]:
    from assistant.rules.registry import REGISTRY

    ctx = edited(example_context(), context) if context is not None else None
    found = fired(rule, edited(example(note), changes), ctx)
    if path is None:
        assert not found, [f.message for f in found]
    else:
        assert path in [f.path for f in found], [(f.path, f.message) for f in found]
        assert all(f.severity is REGISTRY.spec(rule).severity for f in found)
        assert all(f.message and f.hint for f in found)
    return found
