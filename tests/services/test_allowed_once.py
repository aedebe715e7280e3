"""The amount a signed visit adds to the year-to-date total is the engine's KX figure."""

from assistant.domain.context import VisitContext
from assistant.domain.note import Note
from assistant.rules.claim import claim_for
from assistant.services.history import allowed_of
from tests.rules.validation.helpers import edited, example, example_context


def test_allowed_is_counted_at_the_medicare_rate_at_an_80_percent_fee_schedule() -> None:
    context = VisitContext.model_validate(
        edited(
            example_context(),
            {"ytd_allowed": 1000.0, "payer": {"name": "Medicare", "fee_schedule_percent": 80}},
        )
    )
    result = claim_for(Note.model_validate(example()), context).result
    assert result is not None
    assert result.year_to_date_allowed is not None
    paid = round(sum(line.expected_payment or 0 for line in result.lines), 2)
    assert allowed_of(result) == round(result.year_to_date_allowed - 1000.0, 2)
    assert allowed_of(result) > paid  # the payer's 80% is not what KX counts
