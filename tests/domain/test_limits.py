"""Visit caps, date bounds and timer clocks: absurd input is refused, not billed."""

import json

import pytest
from pydantic import ValidationError

from assistant.domain.billing import TimerSegment, Visit
from assistant.domain.context import VisitContext
from assistant.domain.limits import MAX_UNITS_PER_CODE
from assistant.rules.billing import bill


def visit(**fields: object) -> Visit:
    return Visit.model_validate_json(json.dumps({"date_of_service": "2025-06-02", **fields}))


def seg(code: str, start: str, end: str) -> dict[str, str]:
    return {"code": code, "start": start, "end": end}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        # The reproducer: 100 x 97110 at 480 minutes billed 3,200 units and $69,875.
        ({"services": [{"code": "97110", "minutes": 480}] * 100}, "at most 50 items"),
        ({"services": [{"code": "97110", "minutes": 480}] * 2}, "97110 adds up to 960 minutes"),
        (
            {
                "services": [{"code": "97110", "minutes": 400}],
                "segments": [seg("97110", "2025-06-02T08:00:00", "2025-06-02T09:30:00")],
            },
            "97110 adds up to 490 minutes",
        ),
        (
            {
                "services": [
                    {"code": "97110", "minutes": 480},
                    {"code": "97112", "minutes": 241},
                ]
            },
            "add up to 721 minutes; a visit holds at most 720",
        ),
        (
            {"segments": [seg("97110", "2025-06-02T09:00:00", "2025-06-02T09:01:00")] * 501},
            "at most 500 items",
        ),
    ],
)
def test_absurd_volume_is_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        visit(**fields)


def test_a_full_day_of_one_code_is_billed_within_the_unit_cap() -> None:
    result = bill(
        visit(services=[{"code": "97110", "minutes": 480}, {"code": "97112", "minutes": 240}])
    )
    units = {line.code: line.units for line in result.lines}
    assert units == {"97110": MAX_UNITS_PER_CODE, "97112": 16}


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        # Year 1 with an offset overflowed to a traceback when moved to UTC.
        ("0001-01-01T00:10:00+05:00", "0001-01-01T00:30:00+05:00", "outside 1900-01-01"),
        ("0001-01-01T00:10:00", "0001-01-01T00:30:00", "outside 1900-01-01"),
        ("9999-12-31T23:10:00-05:00", "9999-12-31T23:30:00-05:00", "outside 1900-01-01"),
        ("2025-06-02T09:00:00+00:00", "2025-06-02T09:20:00", "both carry a UTC offset"),
    ],
)
def test_timer_stamps_out_of_range(start: str, end: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        TimerSegment.model_validate_json(json.dumps(seg("97110", start, end)))


def test_naive_and_aware_timers_in_one_visit_are_refused() -> None:
    # 09:00 naive was read as 09:00 UTC, which hid its overlap with 09:10-05:00 local time
    # (or invented one): the two clocks cannot be compared.
    segments = [
        seg("97110", "2025-06-02T14:00:00", "2025-06-02T14:20:00"),
        seg("97140", "2025-06-02T09:10:00-05:00", "2025-06-02T09:30:00-05:00"),
    ]
    with pytest.raises(
        ValidationError, match="segments\\[1\\] has a UTC offset but segments\\[0\\]"
    ):
        visit(segments=segments)


def test_aware_timers_are_compared_in_utc() -> None:
    segments = [
        seg("97110", "2025-06-02T14:00:00+00:00", "2025-06-02T14:20:00+00:00"),
        seg("97140", "2025-06-02T09:10:00-05:00", "2025-06-02T09:30:00-05:00"),
    ]
    result = bill(visit(segments=segments))
    assert [f.rule for f in result.findings] == ["BIL001"]


@pytest.mark.parametrize(
    "plan",
    [
        {"first_treatment": "9999-12-30"},
        {"first_treatment": "2025-05-08", "certified_through": "9999-12-31"},
        {"first_treatment": "1899-12-31"},
    ],
)
def test_plan_of_care_dates_outside_the_calendar_are_refused(plan: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="plan_of_care"):
        VisitContext.model_validate_json(json.dumps({"schema_version": "1", "plan_of_care": plan}))
