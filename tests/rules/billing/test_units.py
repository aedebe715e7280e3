import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.domain.billing import UnitRule
from assistant.rules.billing.units import allocate, units_for_minutes


@pytest.mark.parametrize(
    ("minutes", "units"),
    [
        (0, 0),
        (7, 0),
        (8, 1),
        (22, 1),
        (23, 2),
        (37, 2),
        (38, 3),
        (52, 3),
        (53, 4),
        (67, 4),
        (68, 5),
        (82, 5),
        (83, 6),
        (97, 6),
        (98, 7),
    ],
)
def test_fifteen_minute_table(minutes: int, units: int) -> None:
    # CMS Pub. 100-04 ch. 5 sec. 20.2: the unit table in steps of 15 starting at 8 minutes.
    assert units_for_minutes(minutes) == units


CMS_CASES = [
    # CMS Pub. 100-04 ch. 5 sec. 20.2 worked example: 24 min 97112 + 23 min 97110 = 47 min.
    ({"97112": 24, "97110": 23}, {"97112": 2, "97110": 1}),
    # CMS Pub. 100-04 ch. 5 sec. 20.2 worked example: 33 min 97110 + 7 min 97140 = 40 min.
    ({"97110": 33, "97140": 7}, {"97110": 2, "97140": 1}),
    # Two services under 8 minutes together reaching 8: bill the one with more minutes.
    ({"97110": 5, "97140": 4}, {"97110": 1, "97140": 0}),
    # A code with 15+ minutes keeps its unit even when another code has a bigger remainder.
    ({"97110": 15, "97140": 7}, {"97110": 1, "97140": 0}),
    # Three codes of 8 minutes: 24 pooled minutes give 2 units; tie broken by code number.
    ({"97140": 8, "97110": 8, "97112": 8}, {"97110": 1, "97112": 1, "97140": 0}),
    # Equal remainders: the code with more total minutes takes the unit.
    ({"97110": 23, "97140": 8}, {"97110": 2, "97140": 0}),
    ({"97110": 7}, {"97110": 0}),
    ({"97110": 60}, {"97110": 4}),
    ({"97110": 38, "97112": 38, "97140": 38}, {"97110": 3, "97112": 3, "97140": 2}),
]


@pytest.mark.parametrize(("minutes", "expected"), CMS_CASES)
def test_cms_allocation(minutes: dict[str, int], expected: dict[str, int]) -> None:
    assert allocate(minutes, UnitRule.CMS).units == expected


AMA_CASES = [
    # domain.md: three codes at 8 minutes give 3 units under the AMA rule (2 under CMS).
    ({"97110": 8, "97112": 8, "97140": 8}, {"97110": 1, "97112": 1, "97140": 1}),
    # domain.md: two codes at 7 minutes give none under the AMA rule (1 under CMS).
    ({"97110": 7, "97140": 7}, {"97110": 0, "97140": 0}),
    ({"97110": 23, "97140": 38}, {"97110": 2, "97140": 3}),
]


@pytest.mark.parametrize(("minutes", "expected"), AMA_CASES)
def test_ama_allocation(minutes: dict[str, int], expected: dict[str, int]) -> None:
    assert allocate(minutes, UnitRule.AMA).units == expected


def test_cms_and_ama_differ_on_the_domain_examples() -> None:
    assert allocate({"97110": 8, "97112": 8, "97140": 8}, UnitRule.CMS).total_units == 2
    assert allocate({"97110": 7, "97140": 7}, UnitRule.CMS).total_units == 1


def test_tie_break_is_stated_in_the_rationale() -> None:
    alloc = allocate({"97140": 8, "97110": 8, "97112": 8}, UnitRule.CMS)
    assert "tie-break" in alloc.reasons["97112"]


CODES = ["97110", "97112", "97116", "97140", "97530", "97535"]
minutes_maps = st.dictionaries(st.sampled_from(CODES), st.integers(0, 120), min_size=1)


@given(minutes_maps)
def test_cms_units_follow_the_pooled_table(minutes: dict[str, int]) -> None:
    alloc = allocate(minutes, UnitRule.CMS)
    assert sum(alloc.units.values()) == units_for_minutes(sum(minutes.values()))
    for code, m in minutes.items():
        assert alloc.units[code] >= m // 15
        assert alloc.units[code] <= m // 15 + 1


@given(minutes_maps)
def test_ama_units_are_per_code(minutes: dict[str, int]) -> None:
    alloc = allocate(minutes, UnitRule.AMA)
    for code, m in minutes.items():
        assert alloc.units[code] == units_for_minutes(m)


@given(minutes_maps, st.randoms())
def test_allocation_ignores_input_order(minutes: dict[str, int], rnd: object) -> None:
    items = list(minutes.items())
    rnd.shuffle(items)  # type: ignore[attr-defined]
    for rule in UnitRule:
        assert allocate(dict(items), rule).units == allocate(minutes, rule).units
