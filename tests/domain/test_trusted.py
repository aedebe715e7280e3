"""The engine builds its output models with `trusted` (no second validation): each must be
exactly the model validation would have built from the same values."""

import pytest
from pydantic import BaseModel, ValidationError

from assistant.domain.billing import Basis, BillResult, ClaimLine
from assistant.domain.findings import Finding, Severity
from assistant.domain.trusted import trusted
from assistant.rules.billing import bill
from assistant.rules.registry import finding
from tests.rules.billing.helpers import visit

VISITS = [
    visit({"97110": 33, "97140": 7}),
    visit({"97110": (40, 20), "97112": 24, "97535": 10}, ytd_allowed=2400.0),  # CQ, KX
    visit({"97140": 15, "97530": 15}, ytd_allowed=3100.0),  # NCCI pair, review threshold
    visit({"97161": 0, "97010": 10}, payer={"name": "Acme", "fee_schedule_percent": 80}),
    visit({"97545": 30, "98985": 20}, date_of_service="2025-06-02"),  # no fee, not in force
]


def _models(result: BillResult) -> list[BaseModel]:
    return [result, result.basis, *result.lines, *result.findings]


@pytest.mark.parametrize("v", VISITS)
def test_engine_output_is_what_validation_builds(v: object) -> None:
    result = bill(v)  # type: ignore[arg-type]
    again = BillResult.model_validate(result.model_dump())
    if result.year_to_date_allowed is not None:
        again.set_year_to_date(result.year_to_date_allowed)
    assert result == again
    assert result.model_dump_json() == again.model_dump_json()
    for model in _models(result):
        # Every field given, in declaration order, and recorded as set.
        assert list(model.__dict__) == list(type(model).model_fields)
        assert model.model_fields_set == set(type(model).model_fields)


@pytest.mark.parametrize("cls", [BillResult, Basis, ClaimLine, Finding])
def test_trusted_models_have_nothing_validation_would_change(cls: type[BaseModel]) -> None:
    # `trusted` is only sound for fields without aliases, defaults filled in or validators.
    assert not cls.__pydantic_decorators__.field_validators
    assert not cls.__pydantic_decorators__.model_validators
    assert all(f.alias is None for f in cls.model_fields.values())


def test_each_result_owns_its_mutable_parts() -> None:
    first, second = bill(VISITS[0]), bill(VISITS[0])
    first.basis.tables["ncci"] = "changed"
    first.lines[0].modifiers.append("KX")
    assert second.basis.tables["ncci"] == "seed"
    assert "KX" not in second.lines[0].modifiers
    assert bill(VISITS[0]).basis.tables["ncci"] == "seed"


def test_a_trusted_model_is_as_frozen_as_a_validated_one() -> None:
    """A claim is shared by every caller of a judged report and written into a signature:
    built either way, it refuses a change."""
    result = bill(VISITS[0])
    validated = BillResult.model_validate(result.model_dump())
    for model in (result, validated):
        with pytest.raises(ValidationError, match="frozen"):
            model.total_units = 9  # type: ignore[misc]
        with pytest.raises(ValidationError, match="frozen"):
            model.lines[0].units = 42  # type: ignore[misc]


def test_registry_findings_equal_validated_ones() -> None:
    built = finding("BIL030", "over the threshold", "lines[0]")
    validated = Finding(
        rule="BIL030",
        severity=Severity.INFO,
        message="over the threshold",
        path="lines[0]",
        element=built.element,
        hint=built.hint,
    )
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()
    assert trusted(Finding, validated.model_dump()) == validated
