"""One firing and one quiet row per drafting-pipeline id (PL), in the table form
tests/test_rule_rows.py checks for completeness: values[0] is the id, values[-1] the path it
fires at, or None when it must stay quiet."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from assistant.domain.findings import Finding
from assistant.domain.session import SessionInput
from assistant.errors import DrafterError
from assistant.rules.registry import REGISTRY
from assistant.services.drafting import draft_session
from tests.services.test_drafting import TEXT, FakeLLM, session

Scenario = Callable[[], list[Finding]]
TODAY = date(2025, 6, 9)


def offline(text: str = TEXT, **extra: Any) -> Scenario:
    return lambda: draft_session(session(text, **extra), "offline", today=TODAY).findings


def dated_today(text: str) -> Scenario:
    """A session dated today, as `session_from_text` dates a text without a readable date."""
    undated = SessionInput(text=text, date_of_service=TODAY)
    return lambda: draft_session(undated, "offline", today=TODAY).findings


def llm(fake: FakeLLM) -> Scenario:
    return lambda: draft_session(session(), "llm", llm_factory=lambda: fake, today=TODAY).findings


def row(rule: str, scenario: Scenario, path: str | None, *, id: str) -> Any:
    return pytest.param(rule, scenario, path, id=f"{rule}-{id}")


CASES = [
    row("PL002", llm(FakeLLM(fail=DrafterError("server down"))), "drafter", id="model-failed"),
    row("PL002", llm(FakeLLM()), None, id="model-answered"),
    row("PL003", offline(), "date_of_service", id="date-read-from-text"),
    row("PL003", offline("TherEx 20 min: SLR 3x10."), None, id="date-set-by-caller"),
    row(
        "PL004",
        offline(TEXT.replace("DOS 6/2/2025", "DOS 6/3/2025")),
        "date_of_service",
        id="text-says-other-day",
    ),
    row("PL004", offline(), None, id="text-agrees"),
    row("PL005", dated_today("TherEx 20 min: SLR 3x10."), "date_of_service", id="no-date"),
    row("PL005", offline(), None, id="date-in-text"),
    row("PL006", dated_today("DOS 02/30/2025. TherEx 20 min."), "date_of_service", id="feb-30"),
    row("PL006", offline(), None, id="real-date"),
]


@pytest.mark.parametrize(("rule", "scenario", "path"), CASES)
def test_rule(rule: str, scenario: Scenario, path: str | None) -> None:
    found = [f for f in scenario() if f.rule == rule]
    if path is None:
        assert not found, [f.message for f in found]
        return
    assert path in [f.path for f in found], [(f.path, f.message) for f in found]
    spec = REGISTRY.spec(rule)
    assert all(f.severity is spec.severity and f.element == spec.element for f in found)
    assert all(f.message and f.hint for f in found)
