import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.domain.billing import Visit
from assistant.domain.limits import MAX_CODE_MINUTES
from assistant.errors import InputError
from assistant.rules.billing import bill
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.fees import shipped_fees
from assistant.rules.tables import PtpEdit

from .helpers import lines, rules, run, units_by_code, visit


@pytest.mark.parametrize(("discipline", "modifier"), [("PT", "GP"), ("OT", "GO"), ("SLP", "GN")])
def test_therapy_modifier_by_discipline(discipline: str, modifier: str) -> None:
    result = run({"97530": 30, "97150": 0}, discipline=discipline)
    assert all(line.modifiers[0] == modifier for line in result.lines)
    assert len(result.lines) == 2


def test_bundled_hot_pack_is_not_billed() -> None:
    result = run({"97110": 30, "97010": 10})
    assert [x.code for x in result.lines] == ["97110"]
    assert "BIL010" in rules(result)
    assert result.total_treatment_minutes == 40


@pytest.mark.parametrize(
    ("payer", "code"),
    [({"name": "Medicare"}, "G0283"), ({"name": "Acme Health", "unit_rule": "ama"}, "97014")],
)
def test_unattended_estim_for_medicare_is_g0283(payer: dict[str, str], code: str) -> None:
    result = run({"97014": 15, "97110": 15}, payer=payer)
    assert code in [x.code for x in result.lines]
    assert ("BIL011" in rules(result)) is (code == "G0283")


@pytest.mark.parametrize(
    ("ytd", "kx"),
    [(0.0, False), (2300.0, False), (2380.0, True), (2500.0, True)],
)
def test_kx_from_year_to_date_plus_visit(ytd: float, kx: bool) -> None:
    # 2025 threshold $2,410 (CY2025 PFS final rule); this visit is worth about $71.
    result = run({"97110": 23, "97112": 24}, ytd_allowed=ytd)
    assert all(("KX" in x.modifiers) is kx for x in result.lines)
    assert ("BIL030" in rules(result)) is kx


def test_kx_threshold_follows_the_year_of_service() -> None:
    # $2,300 + visit is under 2025's $2,410 but over 2022's $2,150.
    assert "KX" not in run({"97110": 30}, ytd_allowed=2300.0).lines[0].modifiers
    assert (
        "KX"
        in run({"97110": 30}, ytd_allowed=2300.0, date_of_service="2022-03-01").lines[0].modifiers
    )


def test_no_kx_for_commercial_payer() -> None:
    result = run({"97110": 30}, ytd_allowed=5000.0, payer={"name": "Acme"})
    assert result.lines[0].modifiers == ["GP"]


def test_targeted_review_threshold() -> None:
    assert "BIL031" in rules(run({"97110": 30}, ytd_allowed=3000.0))


@pytest.mark.parametrize(
    ("services", "modifier", "on", "rule"),
    [
        # 97164 with 97530: indicator 1, modifier on 97164 (column 2).
        ({"97164": 0, "97530": 30}, "59", "97164", "BIL021"),
        ({"97161": 0, "97140": 15}, "XU", "97140", "BIL021"),
    ],
)
def test_ncci_indicator_one_adds_distinct_modifier(
    services: dict[str, int], modifier: str, on: str, rule: str
) -> None:
    result = run(services, payer={"name": "Medicare", "distinct_modifier": modifier})
    for line in result.lines:
        assert (modifier in line.modifiers) is (line.code == on)
    assert rule in rules(result)


def test_withdrawn_edit_does_not_apply() -> None:
    # January 2020 evaluation edits with 97530 were withdrawn retroactively (deletion = effective).
    result = run({"97161": 0, "97530": 30})
    assert not {"BIL020", "BIL021"} & set(rules(result))


def test_ncci_indicator_zero_is_an_error_and_dated() -> None:
    edit = PtpEdit("97110", "97112", __import__("datetime").date(2025, 1, 1), None, "0", "test")
    table = NcciTable.from_edits([edit], "test")
    result = bill(visit({"97110": 30, "97112": 30}), table)
    assert [f.severity for f in result.findings if f.rule == "BIL020"] == ["error"]
    earlier = bill(visit({"97110": 30, "97112": 30}, date_of_service="2024-06-01"), table)
    assert "BIL020" not in rules(earlier)


def test_expected_payment_with_mppr_matches_contract_example() -> None:
    # 2025: 97110 total 0.89 RVU (pe 0.43), CF $32.3465; MPPR halves PE on the second unit.
    result = run({"97110": 33, "97140": 7})
    assert [x.expected_payment for x in result.lines] == [50.62, 20.70]


def test_assistant_line_paid_at_85_percent() -> None:
    full = run({"97110": 15}).lines[0].expected_payment
    cq = run({"97110": (15, 15)}).lines[0].expected_payment
    assert full is not None
    assert cq is not None
    assert cq == round(full * 0.85, 2)


def test_payer_percent_scales_payment() -> None:
    base = run({"97110": 15}).lines[0].expected_payment
    half = run({"97110": 15}, payer={"name": "Acme", "fee_schedule_percent": 50}).lines[0]
    assert base is not None
    assert half.expected_payment == round(base / 2, 2)


def test_2026_qualifying_apm_factor() -> None:
    plain = run({"97110": 15}, date_of_service="2026-03-02")
    apm = run({"97110": 15}, date_of_service="2026-03-02", qualifying_apm=True)
    assert plain.basis.conversion_factor == 33.4009
    assert apm.basis.conversion_factor == 33.5675


def test_missing_fee_figures_leave_payment_empty_and_say_so() -> None:
    # Every shipped code now has RVUs or a sourced status, so the gap is made by removing a
    # code's figures (97545, used here before, is status R in the CMS file: see below).
    shipped = shipped_fees()
    gap = shipped.with_year(
        2025, {c: r for c, r in shipped.rvus(2025).items() if c != "97116"}, None, "test"
    )
    result = bill(visit({"97116": 30}), fees=gap)
    assert result.lines[0].expected_payment is None
    assert "BIL040" in rules(result)
    restricted = run({"97545": 30})  # work hardening: status R with no RVUs in the file
    assert restricted.lines[0].expected_payment is None
    assert "BIL042" in rules(restricted)
    assert "BIL040" not in rules(restricted)
    future = run({"97110": 30}, date_of_service="2031-01-02")
    assert {"BIL041", "BIL032"} <= set(rules(future))


def test_evaluation_by_assistant_is_an_error() -> None:
    assert "BIL012" in rules(run({"97161": (30, 10)}))


def test_code_of_other_discipline_is_an_error() -> None:
    assert "BIL014" in rules(run({"97165": 0}))


def test_secondary_payer_with_other_unit_rule_is_flagged() -> None:
    result = run({"97110": 30}, secondary_payer={"name": "Acme", "unit_rule": "ama"})
    assert "BIL050" in rules(result)


def test_unknown_code_is_an_input_error() -> None:
    with pytest.raises(InputError, match="99213"):
        run({"99213": 15})


def test_every_line_has_a_rationale_naming_its_code() -> None:
    result = run({"97110": 24, "97112": (23, 12), "97140": 8}, ytd_allowed=2400.0)
    for line in result.lines:
        assert line.code in line.rationale
        assert "Expected payment" in line.rationale


def test_untimed_codes_add_one_unit_and_no_timed_minutes() -> None:
    result = run({"97110": 30, "97162": 45})
    assert units_by_code(result) == {"97110": 2, "97162": 1}
    assert (result.timed_units, result.total_units) == (2, 3)
    assert (result.total_timed_minutes, result.total_treatment_minutes) == (30, 75)


CODES = ["97110", "97112", "97116", "97140", "97530", "97535", "97150", "97010", "97164"]


def _within_code_cap(rows: list[tuple[str, int, int]]) -> bool:
    per_code: dict[str, int] = {}
    for code, minutes, assistant in rows:
        per_code[code] = per_code.get(code, 0) + minutes + assistant
    return max(per_code.values()) <= MAX_CODE_MINUTES


services = st.lists(
    st.tuples(st.sampled_from(CODES), st.integers(0, 60), st.integers(0, 60)),
    min_size=1,
    max_size=6,
).filter(_within_code_cap)


@settings(max_examples=150)
@given(services, st.sampled_from(["cms", "ama"]), st.randoms())
def test_result_does_not_depend_on_order(
    rows: list[tuple[str, int, int]], rule: str, rnd: object
) -> None:
    data = [{"code": c, "minutes": m + a, "assistant_minutes": a} for c, m, a in rows]
    shuffled = list(data)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    payer = {"name": "Medicare", "unit_rule": rule}
    one = bill(
        Visit.model_validate({"date_of_service": "2025-06-02", "services": data, "payer": payer})
    )
    two = bill(
        Visit.model_validate(
            {"date_of_service": "2025-06-02", "services": shuffled, "payer": payer}
        )
    )
    assert one.model_dump() == two.model_dump()
    assert lines(one) == lines(two)


def test_a_negative_zero_from_json_prints_as_zero() -> None:
    # JSON's -0.0 passes ge=0; it printed "$-0.00" in the KX rationale and "-0%" in prices.
    parsed = Visit.model_validate_json(
        '{"date_of_service": "2025-06-02", "ytd_allowed": -0.0,'
        ' "payer": {"name": "Aetna", "fee_schedule_percent": -0.0},'
        ' "services": [{"code": "97110", "minutes": 480}]}'
    )
    printed = bill(parsed).model_dump_json()
    assert "-0.00" not in printed
    assert "-0%" not in printed
