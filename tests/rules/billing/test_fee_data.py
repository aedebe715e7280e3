"""The shipped fee figures: every catalog code is priced from a CMS row or says why not."""

from datetime import date
from decimal import Decimal

import pytest

from assistant.rules.billing import bill
from assistant.rules.fees import shipped_fees
from assistant.rules.tables import catalog

from .helpers import rules, run, visit

YEARS = (2025, 2026)


def _in_force(code: str, year: int) -> bool:
    info = catalog()[code]
    return (info.start is None or info.start <= date(year, 12, 31)) and (
        info.end is None or info.end >= date(year, 1, 1)
    )


@pytest.mark.parametrize("year", YEARS)
def test_every_catalog_code_has_rvus_or_a_sourced_status(year: int) -> None:
    fees = shipped_fees()
    gaps = []
    for code in catalog():
        if not _in_force(code, year):
            continue
        status = fees.status(year, code)
        if code not in fees.rvus(year) and (status is None or not status.source):
            gaps.append(code)
    assert gaps == []


@pytest.mark.parametrize("year", YEARS)
def test_every_figure_names_its_cms_row_and_none_is_derived(year: int) -> None:
    release = {2025: "RVU25D", 2026: "RVU26C"}[year]
    for code, rvu in shipped_fees().rvus(year).items():
        assert f"{release} row, status" in rvu.source, code
        assert "[check]" not in rvu.source, code
        assert "derived" not in rvu.source, code


@pytest.mark.parametrize("year", YEARS)
def test_a_status_agrees_with_the_catalog(year: int) -> None:
    fees = shipped_fees()
    for code, info in catalog().items():
        status = fees.status(year, code)
        if status is not None:
            # A code the year's file does not list is "absent" in the catalog too: 64550 was
            # once listed as active with no file to say so.
            assert status.status == info.medicare_status, code
        elif _in_force(code, year):
            assert info.medicare_status != "absent", code


# The 2025 non-facility totals domain.md quotes from the CMS PPRRVU 2025 file.
TOTALS_2025 = {
    "97110": "0.89",
    "97112": "0.99",
    "97116": "0.89",
    "97140": "0.84",
    "97530": "1.07",
    "97161": "3.03",
    "97162": "3.03",
    "97163": "3.03",
    "97164": "2.09",
    "97150": "0.54",
    "97750": "1.03",
    "97035": "0.43",
    "97032": "0.44",
    "G0283": "0.38",
}
# 2026 totals as the CMS file prints them (NON-FACILITY TOTAL column, July release).
TOTALS_2026 = {
    "97110": "0.87",
    "97116": "0.87",
    "97161": "2.93",
    "97164": "2.02",
    "97530": "1.05",
    "97166": "3.01",
    "92507": "2.28",
}


@pytest.mark.parametrize(
    ("year", "code", "total"),
    [(2025, c, t) for c, t in TOTALS_2025.items()] + [(2026, c, t) for c, t in TOTALS_2026.items()],
)
def test_totals_match_the_published_figures(year: int, code: str, total: str) -> None:
    assert shipped_fees().rvus(year)[code].total == Decimal(total)


def test_the_pt_evaluation_split_is_the_files_not_a_guess() -> None:
    # Earlier rows guessed pe 1.44 / mp 0.05; the file says 1.45 / 0.04 (the MPPR uses pe).
    rvu = shipped_fees().rvus(2025)["97161"]
    assert (rvu.work, rvu.pe, rvu.mp) == (Decimal("1.54"), Decimal("1.45"), Decimal("0.04"))


def test_expected_payment_of_a_2026_visit() -> None:
    # 97161 + 2 x 97110 + 97140 on 2 March 2026, CF $33.4009 (not a qualifying APM).
    # The evaluation has the highest practice-expense RVU (1.38), so it is paid in full:
    # 2.93 x 33.4009 = 97.86; 97110: (2 x 0.87 - 2 x 0.41 / 2) x 33.4009 = 44.42;
    # 97140: (0.83 - 0.39 / 2) x 33.4009 = 21.21.
    result = run({"97161": 30, "97110": 30, "97140": 15}, date_of_service="2026-03-02")
    paid = {line.code: line.expected_payment for line in result.lines}
    assert paid == {"97161": 97.86, "97110": 44.42, "97140": 21.21}
    # The allowed amount rounds the unrounded sum once: 97.8646 + 44.4232 + 21.2096.
    assert result.allowed_amount == 163.5
    assert not {"BIL040", "BIL042"} & set(rules(result))


def test_gait_training_and_evaluations_are_priced_in_2026() -> None:
    # The reproducer: these printed $0.00 and left KX unchecked.
    result = run({"97116": 30, "97162": 30}, date_of_service="2026-03-02", ytd_allowed=2400.0)
    assert all(line.expected_payment for line in result.lines)
    assert "BIL033" not in rules(result)
    assert "BIL030" in rules(result)  # 2400 + 58.12 + 97.86 crosses $2,480


@pytest.mark.parametrize(
    ("code", "words"),
    [("97039", "carrier priced (status C)"), ("97545", "restricted coverage (status R)")],
)
def test_a_code_without_national_rvus_names_its_status(code: str, words: str) -> None:
    result = run({code: 30}, date_of_service="2026-03-02")
    assert result.lines[0].expected_payment is None
    named = [f.message for f in result.findings if f.rule == "BIL042"]
    assert named, rules(result)
    assert words in named[0]
    assert "BIL040" not in rules(result)


def test_a_carrier_priced_line_still_leaves_kx_unchecked() -> None:
    v = visit({"97110": 30, "97039": 15}, date_of_service="2026-03-02", ytd_allowed=2400.0)
    result = bill(v)
    assert "BIL033" in rules(result)
    assert "97039" in next(f.message for f in result.findings if f.rule == "BIL033")
