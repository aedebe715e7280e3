from typing import Any

import pytest

from assistant.domain.billing import Visit
from assistant.rules.billing import bill


def seg(code: str, start: str, end: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "start": f"2025-06-02T{start}", "end": f"2025-06-02T{end}", **extra}


def billed(segments: list[dict[str, Any]], **extra: Any) -> Any:
    return bill(
        Visit.model_validate({"date_of_service": "2025-06-02", "segments": segments, **extra})
    )


def test_partial_minutes_are_summed_then_floored() -> None:
    # 7:40 + 7:30 = 15:10 -> 15 minutes, one unit; each alone would floor to 7.
    result = billed([seg("97110", "09:00:00", "09:07:40"), seg("97110", "09:10:00", "09:17:30")])
    assert result.lines[0].minutes == 15
    assert result.timed_units == 1


def test_lone_partial_minute_is_not_rounded_up() -> None:
    result = billed([seg("97110", "09:00:00", "09:07:59")])
    assert result.total_timed_minutes == 7
    assert result.lines == []
    assert {f.rule for f in result.findings} >= {"BIL005"}


@pytest.mark.parametrize(
    ("segments", "errors"),
    [
        ([seg("97110", "09:00:00", "09:20:00"), seg("97140", "09:15:00", "09:25:00")], 1),
        ([seg("97110", "09:00:00", "09:20:00"), seg("97140", "09:20:00", "09:30:00")], 0),
        # An untimed or group segment may run alongside timed one-on-one time.
        ([seg("97110", "09:00:00", "09:20:00"), seg("97010", "09:00:00", "09:15:00")], 0),
        (
            [
                seg("97110", "09:00:00", "09:30:00"),
                seg("97112", "09:05:00", "09:10:00"),
                seg("97140", "09:20:00", "09:40:00"),
            ],
            2,
        ),
    ],
)
def test_overlapping_timed_segments_are_errors(segments: list[dict[str, Any]], errors: int) -> None:
    result = billed(segments)
    found = [f for f in result.findings if f.rule == "BIL001"]
    assert len(found) == errors
    assert all(f.severity == "error" and f.path.startswith("segments[") for f in found)


def test_group_segment_counts_toward_treatment_time_only() -> None:
    result = billed(
        [
            seg("97110", "09:00:00", "09:20:00"),
            seg("97112", "09:20:00", "09:40:00", one_on_one=False),
        ]
    )
    assert result.total_timed_minutes == 20
    assert result.total_treatment_minutes == 40
    assert "BIL002" in {f.rule for f in result.findings}


def test_assistant_segments_become_assistant_minutes() -> None:
    result = billed(
        [seg("97110", "09:00:00", "09:15:00"), seg("97110", "09:15:00", "09:30:00", provider="PTA")]
    )
    assert [(x.units, x.modifiers, x.assistant_minutes) for x in result.lines] == [
        (1, ["GP"], 0),
        (1, ["GP", "CQ"], 15),
    ]


def test_provider_of_another_discipline_is_flagged() -> None:
    result = billed([seg("97110", "09:00:00", "09:20:00", provider="OTA")])
    assert "BIL003" in {f.rule for f in result.findings}


def test_timezone_aware_stamps_compare_in_utc() -> None:
    result = billed(
        [
            {
                "code": "97110",
                "start": "2025-06-02T09:00:00-04:00",
                "end": "2025-06-02T09:20:00-04:00",
            },
            {"code": "97140", "start": "2025-06-02T13:10:00Z", "end": "2025-06-02T13:30:00Z"},
        ]
    )
    assert [f.rule for f in result.findings].count("BIL001") == 1


def test_services_and_segments_add_up() -> None:
    result = billed(
        [seg("97110", "09:00:00", "09:10:00")], services=[{"code": "97110", "minutes": 13}]
    )
    assert result.lines[0].minutes == 23
    assert result.lines[0].units == 2


def test_a_timer_off_the_date_of_service_is_a_finding_in_bill() -> None:
    from assistant.domain.billing import Visit
    from assistant.rules.billing import bill

    visit = Visit.model_validate_json(
        '{"date_of_service": "2025-06-02", "segments": ['
        '{"code": "97110", "start": "2025-05-01T09:00:00", "end": "2025-05-01T09:30:00"},'
        '{"code": "97140", "start": "2025-06-03T00:05:00", "end": "2025-06-03T00:15:00"}]}'
    )
    result = bill(visit)
    off = [f for f in result.findings if f.rule == "BIL004"]
    # The next UTC day is an evening visit, not another day; a month away is.
    assert [(f.path, f.severity) for f in off] == [("segments[0].start", "warning")]
    assert "starts on 2025-05-01, 32 days from the date of service" in off[0].message
    assert sum(line.units for line in result.lines) == 3  # 40 minutes: still billed
