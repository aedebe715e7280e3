"""One firing and one quiet row per offline-drafter id (DR), in the table form
tests/test_rule_rows.py checks for completeness: values[0] is the id, values[-1] the path
it fires at, or None when it must stay quiet."""

from datetime import datetime
from typing import Any

import pytest

from assistant.domain.billing import TimerSegment
from assistant.domain.note import NoteType
from assistant.rules.registry import REGISTRY

from .helpers import draft

EVAL = {"note_type": NoteType.EVALUATION}


def timer(code: str, minutes: int) -> dict[str, Any]:
    start = datetime(2025, 6, 2, 9, 0)
    end = datetime(2025, 6, 2, 9 + minutes // 60, minutes % 60)
    return {"timers": [TimerSegment(code=code, start=start, end=end)]}


def row(rule: str, text: str, session: dict[str, Any], path: str | None, *, id: str) -> Any:
    return pytest.param(rule, text, session, path, id=f"{rule}-{id}")


THEREX = "TherEx 20 min: SLR 3x10."
CASES = [
    row("DR001", f"{THEREX}\nzorblax quintessence maneuver.", {}, "source_text", id="unread"),
    row("DR001", THEREX, {}, None, id="all-read"),
    row("DR002", THEREX, {}, "interventions", id="minutes-from-text"),
    row("DR002", THEREX, timer("97110", 20), None, id="minutes-from-timers"),
    row("DR003", "TherEx 20 min: flamingo kicks 2x12", {}, "interventions", id="unknown-name"),
    row("DR003", THEREX, {}, None, id="lexicon-name"),
    row("DR004", "PT eval completed, 45 min", EVAL, "interventions", id="no-complexity"),
    row("DR004", "PT eval, moderate complexity, completed, 45 min", EVAL, None, id="moderate"),
    row("DR005", f"{THEREX} TherEx 25 min.", {}, "interventions", id="two-figures"),
    row("DR005", f"{THEREX} TherEx 20 min.", {}, None, id="same-figure-twice"),
    row("DR010", "TherEx 20-25 min: SLR 3x10", {}, "interventions", id="minute-range"),
    row("DR010", "TherEx 25 min: SLR 3x10", {}, None, id="one-figure"),
    row("DR006", THEREX, timer("97110", 30), "interventions[0].minutes", id="timer-says-30"),
    row("DR006", THEREX, timer("97110", 20), None, id="timer-agrees"),
    row("DR007", "Pt cancelled, will reschedule.", {}, "interventions", id="nothing-done"),
    row("DR007", THEREX, {}, None, id="therex-done"),
    row("DR008", "Dry needling R upper trap 8 min", {}, "interventions", id="no-muscle-count"),
    row("DR008", "Dry needling R upper trap and levator, 2 muscles, 10 min", {}, None, id="two"),
    row("DR009", "R knee flex 110 deg, " * 101, {}, "measures", id="101-measures"),
    row("DR009", "R knee flex 110 deg, " * 100, {}, None, id="100-measures"),
]


@pytest.mark.parametrize(("rule", "text", "session", "path"), CASES)
def test_rule(rule: str, text: str, session: dict[str, Any], path: str | None) -> None:
    found = [f for f in draft(text, **session).findings if f.rule == rule]
    if path is None:
        assert not found, [f.message for f in found]
        return
    assert path in [f.path for f in found], [(f.path, f.message) for f in found]
    spec = REGISTRY.spec(rule)
    assert all(f.severity is spec.severity and f.element == spec.element for f in found)
    assert all(f.message and f.hint for f in found)
