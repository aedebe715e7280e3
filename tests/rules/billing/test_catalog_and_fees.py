"""Issue 8, data a biller can trust: codes therapists bill, fee gaps never hide KX."""

from datetime import date
from decimal import Decimal

import pytest

from assistant.rules.billing import bill
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.fees import FeeSchedule, shipped_fees
from assistant.rules.tables import Rvu, catalog

from .helpers import lines, rules, run, visit

# Each of these was "unknown code" and rejected the whole visit before.
NEW_CODES = [
    ("20560", "PT"),
    ("20561", "PT"),
    ("29240", "PT"),
    ("29530", "PT"),
    ("29581", "OT"),
    ("95992", "PT"),
    ("98975", "PT"),
    ("98977", "PT"),
    ("98980", "OT"),
    ("97022", "PT"),
    ("97034", "PT"),
    ("97036", "PT"),
    ("97129", "SLP"),
    ("97130", "OT"),
    ("97533", "OT"),
    ("97537", "OT"),
    ("97545", "PT"),
    ("97755", "OT"),
    ("97799", "PT"),
    ("92507", "SLP"),
    ("92521", "SLP"),
    ("92610", "SLP"),
]


@pytest.mark.parametrize(("code", "discipline"), NEW_CODES)
def test_codes_therapists_bill_are_billed(code: str, discipline: str) -> None:
    result = run({code: 20}, discipline=discipline)
    assert [line.code for line in result.lines] == [code]
    assert "BIL014" not in rules(result)


def test_every_catalog_code_says_timed_disciplines_therapy_and_status() -> None:
    for code, info in catalog().items():
        assert info.disciplines <= {"PT", "OT", "SLP"}, code
        assert info.therapy in ("always", "sometimes"), code
        assert info.medicare_status in ("A", "B", "C", "I", "N", "R", "absent"), code


@pytest.mark.parametrize(
    ("code", "day", "billed"),
    [
        ("98985", "2025-06-02", False),  # created for 2026
        ("98985", "2026-02-10", True),
        ("98978", "2022-06-01", False),  # created for 2023
        ("98978", "2025-06-02", True),
    ],
)
def test_a_code_bills_only_inside_its_period(code: str, day: str, billed: bool) -> None:
    result = run({code: 20, "97110": 15}, date_of_service=day)
    assert (code in [line.code for line in result.lines]) is billed
    assert ("BIL015" in rules(result)) is not billed
    assert "97110" in [line.code for line in result.lines]


def _without(code: str, year: int) -> FeeSchedule:
    base = shipped_fees()
    rvus = {c: r for c, r in base.rvus(year).items() if c != code}
    return base.with_year(year, rvus, None, "test")


def test_a_line_without_a_fee_makes_kx_a_warning_not_a_silent_no() -> None:
    # The reproducer: a 2026 visit whose real allowed amount crosses $2,480 while a line has
    # no fee figure. It must say KX could not be checked.
    fees = _without("97116", 2026)
    v = visit({"97110": 30, "97116": 30}, date_of_service="2026-03-02", ytd_allowed=2400.0)
    result = bill(v, fees=fees)
    assert "BIL033" in rules(result)
    assert all("KX" not in line.modifiers for line in result.lines)
    message = next(f.message for f in result.findings if f.rule == "BIL033")
    assert "97116" in message
    assert "$2,480.00" in message


def test_kx_is_still_added_when_the_priced_lines_alone_cross_the_threshold() -> None:
    fees = _without("97116", 2026)
    v = visit({"97110": 30, "97116": 30}, date_of_service="2026-03-02", ytd_allowed=2479.0)
    result = bill(v, fees=fees)
    assert "BIL030" in rules(result)
    assert "BIL033" not in rules(result)
    assert all("KX" in line.modifiers for line in result.lines)


def test_no_conversion_factor_is_never_a_silent_no_kx() -> None:
    schedule = FeeSchedule(factors=(), years={}, labels={}, default_label="empty")
    result = bill(visit({"97110": 30}), fees=schedule)
    assert {"BIL041", "BIL033"} <= set(rules(result))


def test_fully_priced_visit_under_the_threshold_has_no_kx_finding() -> None:
    result = run({"97110": 30}, ytd_allowed=100.0)
    assert not {"BIL030", "BIL033"} & set(rules(result))


def test_an_imported_year_prices_with_its_own_rvus_and_names_the_file() -> None:
    rvus = {"97110": Rvu(Decimal("1"), Decimal("1"), Decimal("0"), "file")}
    fees = shipped_fees().with_year(2025, rvus, None, "imported:PPRRVU25_JAN.csv")
    result = bill(visit({"97110": 15}), fees=fees)
    # 1 unit x 2.00 RVU x $32.3465 (the shipped 2025 factor is kept).
    assert result.lines[0].expected_payment == 64.69
    assert result.basis.tables["fees"] == "imported:PPRRVU25_JAN.csv"
    assert bill(visit({"97110": 15})).basis.tables["fees"] == shipped_fees().default_label


def test_an_imported_year_without_a_shipped_factor_uses_the_files() -> None:
    rvus = {"97110": Rvu(Decimal("0.5"), Decimal("0.5"), Decimal("0"), "file")}
    fees = shipped_fees().with_year(2031, rvus, Decimal("40"), "imported:PPRRVU31_JAN.csv")
    result = bill(visit({"97110": 15}, date_of_service="2031-01-02"), fees=fees)
    assert result.basis.conversion_factor == 40.0
    assert result.lines[0].expected_payment == 40.0


def test_an_empty_imported_ncci_table_is_not_replaced_by_the_seed() -> None:
    # The seed pairs 97140 with 97530 (indicator 1): an empty imported table has no such edit.
    seed = run({"97140": 15, "97530": 15})
    assert "BIL021" in rules(seed)
    empty = bill(visit({"97140": 15, "97530": 15}), NcciTable("imported:ncci_ptp.csv"))
    assert "BIL021" not in rules(empty)
    assert empty.basis.tables["ncci"] == "imported:ncci_ptp.csv"


def test_canalith_repositioning_is_its_own_code_not_97110() -> None:
    result = run({"95992": 10, "97112": 15})
    assert lines(result) == [("95992", 1, ("GP",)), ("97112", 1, ("GP",))]


def test_dated_codes_use_their_catalog_period() -> None:
    info = catalog()["98985"]
    assert info.start == date(2026, 1, 1)
    assert not info.in_force(date(2025, 12, 31))
    assert info.in_force(date(2026, 1, 1))
