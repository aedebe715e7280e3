"""compare(model, offline) on hand-built notes: the offline parser's certain numbers win."""

from datetime import date
from typing import Any

import pytest

from assistant.domain.findings import Element, Severity
from assistant.domain.note import Note, Span
from assistant.drafting.crosscheck import compare, normalise

EVIDENCE = [Span(start=0, end=4, text="ther")]


def _note(*interventions: dict[str, Any]) -> Note:
    return Note.model_validate(
        {
            "schema_version": "1",
            "note_type": "daily",
            "date_of_service": date(2025, 6, 2),
            "discipline": "PT",
            "clinician": {"role": "PT"},
            "source_text": "ther ex",
            "interventions": list(interventions),
        }
    )


def _ex(name: str, certain: bool = True, **numbers: Any) -> dict[str, Any]:
    return {"name": name, "evidence": EVIDENCE if certain else [], **numbers}


def _iv(
    *exercises: dict[str, Any],
    code: str | None = "97110",
    minutes: int | None = None,
    category: str = "therapeutic_exercise",
    certain: bool = True,
) -> dict[str, Any]:
    return {
        "category": category,
        "code": code,
        "minutes": minutes,
        "exercises": list(exercises),
        "evidence": EVIDENCE if certain else [],
    }


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Straight Leg Raises", "straight leg raise"),
        ("SLR's", "slr"),
        ("Bridges (double leg)", "bridge double leg"),
        ("the quad sets", "quad set"),
    ],
)
def test_names_pair_after_normalising(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_agreement_makes_no_finding() -> None:
    model = _note(_iv(_ex("Bridges", sets=3, reps=10), minutes=25))
    offline = _note(_iv(_ex("bridge", sets=3, reps=10), minutes=25))
    assert compare(model, offline) == []


def test_disagreeing_sets_reps_and_load_are_warnings() -> None:
    model = _note(
        _iv(
            _ex("bridges", sets=3, reps=10),
            _ex("Straight leg raise", sets=3, reps=15, load=3, load_unit="lb"),
        )
    )
    offline = _note(
        _iv(
            _ex("straight leg raises", sets=3, reps=12, load=2, load_unit="lb"),
            _ex("bridges", sets=2, reps=10),
        )
    )
    found = {(f.rule, f.path, f.element, f.severity) for f in compare(model, offline)}
    assert found == {
        ("DRF010", "interventions[0].exercises[0].sets", Element.PARAMETERS, Severity.WARNING),
        ("DRF010", "interventions[0].exercises[1].reps", Element.PARAMETERS, Severity.WARNING),
        ("DRF010", "interventions[0].exercises[1].load", Element.PARAMETERS, Severity.WARNING),
    }


def test_load_unit_difference_is_a_disagreement() -> None:
    model = _note(_iv(_ex("curls", load=5, load_unit="kg")))
    offline = _note(_iv(_ex("curls", load=5, load_unit="lb")))
    [finding] = compare(model, offline)
    assert finding.path.endswith(".load")
    assert "5 kg" in finding.message
    assert "5 lb" in finding.message


def test_uncertain_or_missing_numbers_are_not_compared() -> None:
    model = _note(_iv(_ex("bridges", sets=3, reps=10), _ex("clams", sets=2)))
    offline = _note(
        _iv(
            _ex("bridges", certain=False, sets=5, reps=5),  # no evidence: not certain
            _ex("clams", reps=20),  # the model read no reps: an omission, not a disagreement
            _ex("heel raises", sets=3),  # the model has no such exercise
        )
    )
    assert compare(model, offline) == []


def test_coded_minutes_are_left_to_grounding() -> None:
    # Billed codes are checked (and decided) by support.ground, not merely compared here.
    model = _note(_iv(code="97110", minutes=30))
    offline = _note(_iv(code="97110", minutes=25))
    assert compare(model, offline) == []


def test_uncoded_minutes_are_compared_by_category() -> None:
    model = _note(_iv(code=None, minutes=12, category="gait"))
    offline = _note(_iv(code=None, minutes=15, category="gait"))
    [finding] = compare(model, offline)
    assert finding.rule == "DRF011"
    assert finding.element is Element.TIMED_MINUTES
    assert finding.path == "interventions[0].minutes"
    assert "12 min of gait" in finding.message


def test_minutes_sum_per_category_without_code() -> None:
    model = _note(
        _iv(code=None, minutes=8, category="gait"),
        _iv(code=None, minutes=7, category="gait"),
    )
    offline = _note(_iv(code=None, minutes=15, category="gait"))
    assert compare(model, offline) == []
    offline_uncertain = _note(_iv(code=None, minutes=20, category="gait", certain=False))
    assert compare(model, offline_uncertain) == []
