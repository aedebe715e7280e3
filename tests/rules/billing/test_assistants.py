import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.rules.billing.assistants import split_timed, split_untimed
from assistant.rules.billing.units import units_for_minutes

from .helpers import lines, run

CASES = [
    # (units for the code, therapist min, assistant-alone min) -> (units without, units with CQ)
    # CMS CQ/CO billing examples (Pub. 100-04 ch. 5 sec. 20.1), scenario 1: 97110 with PT 13
    # and PTA 23 minutes, 2 units: the PTA's full 15 is a CQ unit; the PT's 13 meets 8 alone.
    ((2, 13, 23), (1, 1)),
    # CY2022 PFS proposed rule example A: PT 5 + PTA 10 = 1 unit; PT under 8, PTA over 10%.
    ((1, 5, 10), (0, 1)),
    # Therapist meets 8 alone for the final unit: no CQ even with assistant minutes (CY2022).
    ((1, 14, 1), (1, 0)),
    # Assistant within the 10% de minimis on a shared unit: no CQ.
    ((1, 7, 0), (1, 0)),
    ((1, 5, 3), (0, 1)),
    # Two remaining units, each provider with 9-14 minutes: one with CQ and one without.
    ((2, 12, 12), (1, 1)),
    ((2, 30, 0), (2, 0)),
    ((2, 0, 30), (0, 2)),
    # CMS allocation gave the code fewer units than its own minutes would: therapist first.
    ((1, 8, 8), (1, 0)),
]


@pytest.mark.parametrize(("given_", "expected"), CASES)
def test_split_timed(given_: tuple[int, int, int], expected: tuple[int, int]) -> None:
    units, therapist, assistant = given_
    shares = split_timed(units, therapist, assistant)
    plain = sum(s.units for s in shares if not s.assisted)
    assisted = sum(s.units for s in shares if s.assisted)
    assert (plain, assisted) == expected


@given(st.integers(0, 90), st.integers(0, 90))
def test_split_keeps_units_and_minutes(therapist: int, assistant: int) -> None:
    units = units_for_minutes(therapist + assistant)
    shares = split_timed(units, therapist, assistant)
    assert sum(s.units for s in shares) == units
    assert sum(s.minutes for s in shares) == therapist + assistant
    assert sum(s.assistant_minutes for s in shares) == assistant
    assert len({s.assisted for s in shares}) == len(shares)


@pytest.mark.parametrize(
    ("therapist", "assistant", "assisted"), [(45, 5, False), (40, 10, True), (0, 0, False)]
)
def test_split_untimed_uses_ten_percent(therapist: int, assistant: int, assisted: bool) -> None:
    assert split_untimed(therapist, assistant).assisted is assisted


def test_cms_scenario_end_to_end() -> None:
    # CMS CQ/CO billing examples, scenario 1: PT 13 min 97110 + 30 min 97140, PTA 23 min
    # 97110; 66 minutes, 4 units, one of them (97110) with CQ.
    result = run({"97110": (36, 23), "97140": 30})
    assert lines(result) == [
        ("97110", 1, ("GP",)),
        ("97110", 1, ("GP", "CQ")),
        ("97140", 2, ("GP",)),
    ]


def test_occupational_therapy_assistant_gets_co() -> None:
    result = run({"97530": (30, 30)}, discipline="OT")
    assert lines(result) == [("97530", 2, ("GO", "CO"))]


def test_commercial_payer_without_medicare_rules_has_no_cq() -> None:
    payer = {"name": "Acme Health", "unit_rule": "cms"}
    result = run({"97110": (30, 30)}, payer=payer)
    assert lines(result) == [("97110", 2, ("GP",))]
