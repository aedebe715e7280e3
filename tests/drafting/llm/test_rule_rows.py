"""One firing and one quiet row per LLM-drafter id (DRF), in the table form
tests/test_rule_rows.py checks for completeness: values[0] is the id, values[-1] the path it
fires at ("" for a finding about the whole output), or None when it must stay quiet.

Each row names a small scenario run on hand-built inputs: no model is called.
"""

from collections.abc import Callable
from typing import Any

import pytest

from assistant.domain.findings import Finding
from assistant.drafting.assemble import ignored_finding, ignored_keys
from assistant.drafting.crosscheck import compare
from assistant.drafting.extraction import NoteExtraction
from assistant.drafting.support import ground
from assistant.rules.registry import REGISTRY
from tests.drafting.llm.test_assemble import _build, _build_dx, _dx, _exercise, _extraction
from tests.drafting.llm.test_crosscheck import _ex, _iv, _note
from tests.drafting.llm.test_support import _iv as _billed
from tests.drafting.llm.test_support import _note as _billed_note

Scenario = Callable[[], list[Finding]]


def crosscheck(model: dict[str, Any], offline: dict[str, Any]) -> Scenario:
    return lambda: compare(_note(model), _note(offline))


def grounded(model: list[dict[str, Any]], offline: list[dict[str, Any]]) -> Scenario:
    return lambda: ground(_billed_note(*model), _billed_note(*offline))[1]


def assembled(**exercise: Any) -> Scenario:
    """A one-intervention extraction whose second exercise carries `exercise`'s numbers."""

    def run() -> list[Finding]:
        base = _extraction()
        data = base.model_dump()
        data["interventions"][0]["exercises"][1] = _exercise(
            "straight leg raise", "straight leg raise 3x12 with 2 lb", **exercise
        )
        return _build(NoteExtraction.model_validate(data))[1]

    return run


def measures(*values: int) -> Scenario:
    def run() -> list[Finding]:
        data = _extraction().model_dump()
        data["measures"] = [
            {
                "name": "knee pain",
                "quote": "knee pain is 4/10",
                "kind": "pain",
                "side": None,
                "value": v,
                "unit": "",
            }
            for v in values
        ]
        return _build(NoteExtraction.model_validate(data))[1]

    return run


def diagnosed(code: str) -> Scenario:
    """The model returns `code` for "R knee OA" on a dictation that states M17.11."""
    return lambda: _build_dx(_dx(code, "R knee OA", "R knee OA"))[1]


def raw_output(raw: dict[str, Any]) -> Scenario:
    # As the LLM drafter does with the model's raw arguments.
    return lambda: [ignored_finding(paths)] if (paths := ignored_keys(NoteExtraction, raw)) else []


def row(rule: str, scenario: Scenario, path: str | None, *, id: str) -> Any:
    return pytest.param(rule, scenario, path, id=f"{rule}-{id}")


CASES = [
    row(
        "DRF010",
        crosscheck(_iv(_ex("bridge", sets=3)), _iv(_ex("bridges", sets=2))),
        "interventions[0].exercises[0].sets",
        id="sets-differ",
    ),
    row(
        "DRF010",
        crosscheck(_iv(_ex("bridge", sets=3)), _iv(_ex("bridges", sets=3))),
        None,
        id="sets-agree",
    ),
    row(
        "DRF011",
        grounded([_billed("97110", 25)], [_billed("97110", 20)]),
        "interventions[0].minutes",
        id="minutes-differ",
    ),
    row(
        "DRF011",
        grounded([_billed("97110", 20)], [_billed("97110", 20)]),
        None,
        id="minutes-agree",
    ),
    row(
        "DRF012",
        grounded([_billed("97530", 120, "therapeutic_activities")], []),
        "interventions[0]",
        id="code-not-in-dictation",
    ),
    row(
        "DRF012",
        grounded([_billed("97110", 20)], [_billed("97110", 20)]),
        None,
        id="code-and-minutes-in-dictation",
    ),
    row(
        "DRF013",
        grounded([_billed("97110", 20)], [_billed("97110", 20), _billed("97140", 10)]),
        "interventions[1]",
        id="model-left-out-97140",
    ),
    row(
        "DRF013",
        grounded([_billed("97110", 20)], [_billed("97110", 20)]),
        None,
        id="model-kept-every-code",
    ),
    row("DRF020", measures(4, 12), "measures[1]", id="pain-12-dropped"),
    row("DRF020", measures(4), None, id="pain-4-kept"),
    row(
        "DRF021",
        assembled(load=2, load_unit=None),
        "interventions[0].exercises[1]",
        id="load-without-unit",
    ),
    row("DRF021", assembled(load=2, load_unit="lb"), None, id="load-with-unit"),
    row(
        "DRF022",
        raw_output({"subjective": "x", "claim_lines": [{"units": 8}]}),
        "",
        id="claim-lines",
    ),
    row("DRF022", raw_output({"subjective": "x", "interventions": []}), None, id="known-keys"),
    row("DRF023", diagnosed("M17.12"), "diagnoses[0].code", id="code-not-stated"),
    row("DRF023", diagnosed("M17.11"), None, id="code-stated"),
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
