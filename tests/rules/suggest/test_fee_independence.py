"""Suggestions never depend on fees: the same notes give the same suggestions and the same
suggestion findings (DX005, DX006, CS008) whatever the fee schedule says a code pays:
the shipped RVUs, shuffled between codes, all zero, or with the order of value inverted."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.domain.context import VisitContext
from assistant.domain.note import Note
from assistant.rules.fees import FeeSchedule, shipped_fees
from assistant.rules.tables import Rvu
from assistant.rules.validation import review
from assistant.services.icd import icd_code_set
from tests.rules.validation.helpers import edited, example, example_context

YEAR = 2025
SUGGESTION_RULES = {"DX005", "DX006", "CS008"}
EX = "interventions.0.exercises"
NOTES = [
    # Words without codes, foam balance under 97110, and exercises under 97530.
    edited(example(), {"diagnoses": [], f"{EX}.1.name": "single leg stance on foam"}),
    edited(
        example("ot_daily_shoulder"),
        {
            "diagnoses": [],
            "source_text": "Dx R ankle sprain. OT visit.",
            "interventions.1.description": "Strengthening",
            "interventions.1.exercises": [{"name": "bridges", "sets": 2, "reps": 15}],
        },
    ),
]


def _with(rvus: dict[str, Rvu]) -> FeeSchedule:
    base = shipped_fees()
    return FeeSchedule(
        factors=base.factors,
        years={**base.years, YEAR: rvus},
        labels={},
        default_label="test fees",
    )


def _outcome(data: dict, fees: FeeSchedule | None) -> tuple[object, ...]:
    report = review(
        Note.model_validate(data),
        VisitContext.model_validate(example_context()),
        fees=fees,
        icd=icd_code_set(),
    )
    findings = sorted(
        (f.rule, f.path, f.message) for f in report.findings if f.rule in SUGGESTION_RULES
    )
    return (tuple(report.suggestions), tuple(findings))


SHIPPED = dict(shipped_fees().rvus(YEAR))
CODES = sorted(SHIPPED)
BASELINE = [_outcome(n, None) for n in NOTES]


def test_the_notes_do_get_suggestions_of_every_kind() -> None:
    rules = {rule for _, findings in BASELINE for rule, *_ in findings}  # type: ignore[attr-defined]
    assert rules == SUGGESTION_RULES


def _payments(data: dict, fees: FeeSchedule | None) -> list[object]:
    ctx = VisitContext.model_validate(example_context())
    claim = review(Note.model_validate(data), ctx, fees=fees, icd=icd_code_set()).recomputed_claim
    assert claim is not None
    return [line.expected_payment for line in claim.lines]


def test_zeroed_fees_change_nothing() -> None:
    zero = Decimal(0)
    fees = _with({c: Rvu(zero, zero, zero, "zeroed") for c in CODES})
    # The schedule really reaches the claim: the payments change...
    assert _payments(NOTES[0], fees) != _payments(NOTES[0], None)
    # ...and the suggestions do not.
    assert [_outcome(n, fees) for n in NOTES] == BASELINE


def test_inverted_fees_change_nothing() -> None:
    # The best-paid code now pays least and the least-paid most.
    ranked = sorted(CODES, key=lambda c: SHIPPED[c].total)
    fees = _with({c: SHIPPED[d] for c, d in zip(ranked, reversed(ranked), strict=True)})
    assert [_outcome(n, fees) for n in NOTES] == BASELINE


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(CODES))
def test_shuffled_fees_change_nothing(order: list[str]) -> None:
    fees = _with({c: SHIPPED[d] for c, d in zip(CODES, order, strict=True)})
    assert [_outcome(n, fees) for n in NOTES] == BASELINE
