"""One firing and one quiet row per billing id (BIL), in the table form tests/test_rule_rows.py
checks for completeness: values[0] is the id, values[-1] the path it fires at, or None when
it must stay quiet. Billing findings without a location fire at path ""."""

from datetime import date
from typing import Any

import pytest

from assistant.domain.billing import Visit
from assistant.rules.billing import bill
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.registry import REGISTRY
from assistant.rules.tables import PtpEdit

DAY = "2025-06-02"
# The shipped seed has no indicator-0 pair in force (CMS withdrew them), so BIL020 needs one.
NEVER_TOGETHER = (PtpEdit("97110", "97112", date(2025, 1, 1), None, "0", "test edit"),)


def seg(code: str, start: str, end: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "start": f"{DAY}T{start}", "end": f"{DAY}T{end}", **extra}


def services(minutes: dict[str, int | tuple[int, int]]) -> list[dict[str, Any]]:
    """code -> minutes, or code -> (minutes, assistant minutes)."""
    rows = []
    for code, value in minutes.items():
        total, assistant = value if isinstance(value, tuple) else (value, 0)
        rows.append({"code": code, "minutes": total, "assistant_minutes": assistant})
    return rows


def row(
    rule: str,
    visit: dict[str, Any],
    path: str | None,
    *,
    id: str,
    ncci: tuple[PtpEdit, ...] | None = None,
) -> Any:
    return pytest.param(rule, visit, ncci, path, id=f"{rule}-{id}")


def v(svc: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"date_of_service": DAY, "services": svc or [], **extra}


ACME = {"name": "Acme Health"}
CASES = [
    row(
        "BIL001",
        v(segments=[seg("97110", "09:00", "09:20"), seg("97140", "09:15", "09:25")]),
        "segments[1]",
        id="overlap",
    ),
    row(
        "BIL001",
        v(segments=[seg("97110", "09:00", "09:20"), seg("97140", "09:20", "09:30")]),
        None,
        id="back-to-back",
    ),
    row(
        "BIL002",
        v(segments=[seg("97110", "09:00", "09:20", one_on_one=False)]),
        "segments[0]",
        id="group",
    ),
    row("BIL002", v(segments=[seg("97110", "09:00", "09:20")]), None, id="one-on-one"),
    row(
        "BIL003",
        v(segments=[seg("97110", "09:00", "09:20", provider="OT")]),
        "segments[0]",
        id="ot-on-pt",
    ),
    row(
        "BIL003", v(segments=[seg("97110", "09:00", "09:20", provider="PTA")]), None, id="pta-on-pt"
    ),
    row("BIL005", v(services({"97110": 7})), "", id="seven-minutes"),
    row("BIL005", v(services({"97110": 8})), None, id="eight-minutes"),
    row("BIL006", v(services({"97110": 30, "97140": 5})), "", id="small-remainder"),
    row("BIL006", v(services({"97110": 33, "97140": 7})), None, id="larger-remainder-wins"),
    row("BIL010", v(services({"97110": 15, "97010": 10})), "", id="hot-pack"),
    row("BIL010", v(services({"97110": 15})), None, id="none-bundled"),
    row("BIL011", v(services({"97014": 15})), "", id="medicare-g0283"),
    row("BIL011", v(services({"97014": 15}), payer=ACME), None, id="commercial-keeps-97014"),
    row("BIL012", v(services({"97161": (30, 10)})), "", id="assistant-evaluates"),
    row("BIL012", v(services({"97161": 30})), None, id="therapist-evaluates"),
    row("BIL013", v(services({"92507": (30, 10)}), discipline="SLP"), "", id="slp-assistant"),
    row("BIL013", v(services({"92507": 30}), discipline="SLP"), None, id="slp-alone"),
    row("BIL014", v(services({"97165": 0})), "", id="ot-eval-on-pt"),
    row("BIL014", v(services({"97165": 0}), discipline="OT"), None, id="ot-eval-on-ot"),
    row("BIL015", v(services({"98979": 15, "97110": 15})), "", id="before-effective"),
    row(
        "BIL015",
        v(services({"98979": 15, "97110": 15}), date_of_service="2026-03-02"),
        None,
        id="in-force",
    ),
    row(
        "BIL020",
        v(services({"97110": 30, "97112": 30})),
        "lines[1]",
        id="indicator-0",
        ncci=NEVER_TOGETHER,
    ),
    row(
        "BIL020",
        v(services({"97110": 30, "97112": 30}), date_of_service="2024-06-03"),
        None,
        id="before-edit",
        ncci=NEVER_TOGETHER,
    ),
    row("BIL021", v(services({"97164": 0, "97530": 30})), "lines[0]", id="re-eval-with-97530"),
    row("BIL021", v(services({"97161": 0, "97530": 30})), None, id="withdrawn-edit"),
    row("BIL030", v(services({"97110": 30}), ytd_allowed=2400.0), "", id="over-threshold"),
    row("BIL030", v(services({"97110": 30}), ytd_allowed=1000.0), None, id="under-threshold"),
    row("BIL031", v(services({"97110": 30}), ytd_allowed=3000.0), "", id="over-review"),
    row("BIL031", v(services({"97110": 30}), ytd_allowed=2400.0), None, id="kx-but-no-review"),
    row(
        "BIL032",
        v(services({"97110": 30}), date_of_service="2031-01-02"),
        "",
        id="no-threshold-year",
    ),
    row("BIL032", v(services({"97110": 30})), None, id="known-year"),
    row("BIL033", v(services({"97545": 30})), "", id="unpriced-medicare-line"),
    row("BIL033", v(services({"97545": 30}), payer=ACME), None, id="no-kx-for-commercial"),
    # 2024 has conversion factors but no shipped RVUs: every 2024 line lacks a fee figure.
    row("BIL040", v(services({"97110": 30}), date_of_service="2024-06-03"), "", id="no-rvus"),
    row("BIL040", v(services({"97110": 30})), None, id="priced"),
    row("BIL040", v(services({"97039": 30})), None, id="carrier-priced-not-missing"),
    row("BIL042", v(services({"97039": 30})), "", id="carrier-priced"),
    row("BIL042", v(services({"97545": 30}), date_of_service="2026-03-02"), "", id="restricted"),
    row("BIL042", v(services({"97110": 30})), None, id="priced"),
    row(
        "BIL041", v(services({"97110": 30}), date_of_service="2031-01-02"), "", id="no-factor-year"
    ),
    row("BIL041", v(services({"97110": 30})), None, id="known-factor"),
    row(
        "BIL050",
        v(services({"97110": 30}), secondary_payer={"name": "Acme", "unit_rule": "ama"}),
        "",
        id="mixed",
    ),
    row(
        "BIL050",
        v(services({"97110": 30}), secondary_payer={"name": "Acme", "unit_rule": "cms"}),
        None,
        id="same-rule",
    ),
]


@pytest.mark.parametrize(("rule", "visit", "ncci", "path"), CASES)
def test_rule(
    rule: str, visit: dict[str, Any], ncci: tuple[PtpEdit, ...] | None, path: str | None
) -> None:
    table = NcciTable.from_edits(list(ncci), "test") if ncci else None
    found = [f for f in bill(Visit.model_validate(visit), table).findings if f.rule == rule]
    if path is None:
        assert not found, [f.message for f in found]
        return
    assert path in [f.path for f in found], [(f.path, f.message) for f in found]
    spec = REGISTRY.spec(rule)
    assert all(f.severity is spec.severity and f.element == spec.element for f in found)
    assert all(f.message and f.hint for f in found)
