"""Fixed-seed visit mixes and the digest of what the billing engine answers for them.

The digest guards speed work on the engine: it must not move unless an output was meant to
change. Two mixes:

- `bench_visit`: the visits bench/bill_bench.py times (Medicare, services only);
- `wide_visit`: the corners the bench never reaches (timers on either clock, off-day and
  overlapping timers, every payer setting, secondary payers, payer percentages including
  -0.0, dated, bundled and replaced codes, NCCI pairs, imported tables, unknown codes and
  strict-type refusals at the JSON boundary).

A visit's answer is the canonical JSON of its result plus the year-to-date total the KX
decision counted (kept out of the result's JSON but read by the validator), or the one-line
error a caller is shown. The digest is the SHA-256 of those answers, one per line.
"""

import hashlib
import json
import random
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from assistant.domain.billing import BillResult, Visit
from assistant.domain.canonical import canonical_json
from assistant.errors import InputError
from assistant.rules.billing import bill
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.fees import FeeSchedule, shipped_fees
from assistant.rules.tables import PtpEdit, Rvu
from assistant.services.inputs import parse_json

TIMED = ["97110", "97112", "97116", "97140", "97530", "97535", "97035", "97032"]
UNTIMED = ["97010", "97014", "97150", "97161", "97164"]

# Digests of main for the bench's default run and for `bench/bill_guard.py` (bench mix: fa9b36a;
# wide mix: after -0.0 became 0.0 at the JSON boundary, which moved 222 of its first 20,000
# answers and nothing else); see tests/rules/billing/test_output_digest.py for the small ones.
MAIN_DIGESTS = {
    ("bench", 7, 100_000): "78769438e4a465ce669a8e345f81f4de46e0ed2838a4d0362155bde5552c9506",
    ("wide", 11, 100_000): "63ab3a253cd7833c190b84283ffa31cd3277342e104a026e09c704d0b92069c2",
}


def bench_visit(rnd: random.Random) -> dict[str, Any]:
    """One visit of the bench's mix (the order of random draws is part of the mix)."""
    services = []
    for code in rnd.sample(TIMED, rnd.randint(1, 4)):
        minutes = rnd.randint(5, 40)
        services.append(
            {
                "code": code,
                "minutes": minutes,
                "assistant_minutes": rnd.choice([0, 0, minutes // 2]),
            }
        )
    if rnd.random() < 0.3:
        services.append({"code": rnd.choice(UNTIMED), "minutes": rnd.randint(10, 30)})
    return {
        "date_of_service": rnd.choice(["2024-05-01", "2025-06-02", "2026-02-10"]),
        "discipline": rnd.choice(["PT", "PT", "OT"]),
        "payer": {"name": "Medicare", "unit_rule": rnd.choice(["cms", "cms", "ama"])},
        "ytd_allowed": rnd.choice([0.0, 1500.0, 2450.0, 3100.0]),
        "services": services,
    }


def bench_texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return [json.dumps(bench_visit(rnd)) for _ in range(n)]


# Written out rather than read from the catalog, so a catalog change cannot reshuffle the mix.
# The last two are refused: unknown to the catalog, and not a code at all.
WIDE_CODES = [
    *TIMED,
    *UNTIMED,
    "97113", "97124", "97542", "97750", "97760", "97763", "97033", "97034", "97036",
    "97129", "97533", "97755", "97012", "97016", "97018", "97022", "97026", "97039",
    "97162", "97163", "97165", "97166", "97167", "97168", "92507", "92526", "92523",
    "92610", "96125", "20560", "29530", "95992", "98975", "98977", "98978", "98979",
    "98985", "98986", "97545", "97597", "G0283", "64550", "90901",
    "99999", "9711",
]  # fmt: skip
DATES = [
    "1900-01-01", "2019-12-31", "2020-01-01", "2022-12-31", "2023-01-01", "2024-01-01",
    "2024-03-08", "2024-03-09", "2024-12-31", "2025-01-01", "2025-06-02", "2025-12-31",
    "2026-01-01", "2026-02-10", "2026-12-31", "2027-03-01", "2199-12-31",
]  # fmt: skip
PAYER_NAMES = ["Medicare", " medicare ", "MEDICARE", "Acme Health", "Non-Medicare commercial"]
YTD = [0.0, -0.0, 0, 1500.0, 2399.99, 2410.0, 2409.99, 2450.0, 2480.0, 2480.01, 3000.0, 3100.0]
OFFSETS = ["Z", "-05:00", "+01:00", "+0530"]
ROLES = {"PT": ["PT", "PTA"], "OT": ["OT", "OTA"], "SLP": ["SLP"]}


def _payer(rnd: random.Random) -> dict[str, Any]:
    payer: dict[str, Any] = {}
    if rnd.random() < 0.9:
        payer["name"] = rnd.choice(PAYER_NAMES)
    if rnd.random() < 0.7:
        payer["unit_rule"] = rnd.choice(["cms", "ama"])
    if rnd.random() < 0.3:
        payer["distinct_modifier"] = rnd.choice(["59", "XE", "XS", "XP", "XU"])
    if rnd.random() < 0.3:
        payer["medicare_rules"] = rnd.choice([True, False])
    if rnd.random() < 0.3:
        payer["fee_schedule_percent"] = rnd.choice([0.0, -0.0, 80.0, 100, 115.5, 250.0, 33.3])
    return payer


def _stamp(day: date, minute: int, second: int, zone: str) -> str:
    hour, minute = divmod(minute, 60)
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}{zone}"


def _segments(rnd: random.Random, day: date, discipline: str) -> list[dict[str, Any]]:
    zone = rnd.choice(["", "", *OFFSETS])
    mixed = rnd.random() < 0.05  # one stamp on the other clock: refused
    out = []
    for i in range(rnd.randint(1, 5)):
        seg_day = day
        if rnd.random() < 0.05 and date(1900, 1, 3) <= day <= date(2199, 12, 29):
            seg_day = date.fromordinal(day.toordinal() + rnd.choice([-2, 2]))
        start = rnd.randint(8 * 60, 17 * 60)
        length = rnd.randint(0, 45 * 60)  # seconds: 7 min 59 s must stay 7 minutes
        end_total = start * 60 + length
        seg_zone = (rnd.choice(OFFSETS) if not zone else "") if mixed and i == 1 else zone
        seg: dict[str, Any] = {
            "code": rnd.choice(WIDE_CODES[:-2]),
            "start": _stamp(seg_day, start, 0, seg_zone),
            "end": _stamp(seg_day, end_total // 60, end_total % 60, seg_zone),
        }
        if rnd.random() < 0.5:
            roles = ROLES[discipline] if rnd.random() < 0.9 else ["PT", "OT", "SLP", "OTA"]
            seg["provider"] = rnd.choice(roles)
        if rnd.random() < 0.15:
            seg["one_on_one"] = False
        out.append(seg)
    return out


def _hostile(rnd: random.Random, data: dict[str, Any]) -> None:
    """Make the visit one a strict JSON boundary must refuse (or one just inside a cap)."""
    kind = rnd.randrange(9)
    services = data.setdefault("services", [{"code": "97110", "minutes": 20}])
    if not services:
        services.append({"code": "97110", "minutes": 20})
    if kind == 0:
        services[0]["minutes"] = str(services[0].get("minutes", 0))
    elif kind == 1:
        services[0]["minutes"] = True
    elif kind == 2:
        data["date_of_service"] = 1717286400
    elif kind == 3:
        data["ytd_allowed"] = rnd.choice([True, "1500", -1.0, 1_000_001.0])
    elif kind == 4:
        data["qualifying_apm"] = 1
    elif kind == 5:
        data["unexpected"] = "field"
    elif kind == 6:
        services[0]["assistant_minutes"] = services[0].get("minutes", 0) + 1
    elif kind == 7:
        data["services"] = [{"code": "97110", "minutes": 240}, {"code": "97110", "minutes": 241}]
    else:
        data["segments"] = [{"code": "97110", "start": 1717286400, "end": 1717287600}]


def wide_visit(rnd: random.Random) -> dict[str, Any]:
    """One visit of the wide mix; `_tables` names the NCCI and fee tables it is billed with."""
    day = date.fromisoformat(rnd.choice(DATES))
    discipline = rnd.choice(["PT", "PT", "OT", "OT", "SLP"])
    data: dict[str, Any] = {"date_of_service": day.isoformat()}
    if rnd.random() < 0.9:
        data["discipline"] = discipline
    else:
        discipline = "PT"
    if rnd.random() < 0.9:
        data["payer"] = _payer(rnd)
    if rnd.random() < 0.15:
        data["secondary_payer"] = _payer(rnd)
    if rnd.random() < 0.8:
        data["ytd_allowed"] = rnd.choice([*YTD, round(rnd.uniform(0, 4000), 2)])
    if rnd.random() < 0.2:
        data["qualifying_apm"] = rnd.choice([True, False])
    services = []
    for _ in range(rnd.randint(0, 6)):
        code = rnd.choice(WIDE_CODES[:-2]) if rnd.random() < 0.98 else rnd.choice(WIDE_CODES[-2:])
        minutes = rnd.choice([0, 7, 8, 15, 22, 23, 38, 53, rnd.randint(0, 90)])
        svc: dict[str, Any] = {"code": code, "minutes": minutes}
        if rnd.random() < 0.4:
            svc["assistant_minutes"] = rnd.choice([0, minutes // 10, minutes // 2, minutes])
        services.append(svc)
    data["services"] = services
    if rnd.random() < 0.35 or not services:
        data["segments"] = _segments(rnd, day, discipline)
    if rnd.random() < 0.04:
        _hostile(rnd, data)
    data["_tables"] = rnd.choice(["shipped"] * 6 + ["empty ncci", "imported", "imported"])
    return data


def wide_cases(n: int, seed: int) -> list[tuple[str, str]]:
    """(visit JSON text, table choice) pairs."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        data = wide_visit(rnd)
        tables = data.pop("_tables")
        out.append((json.dumps(data), tables))
    return out


def _imported_fees() -> FeeSchedule:
    rvu = Rvu(Decimal("0.45"), Decimal("0.40"), Decimal("0.02"), "test file")
    cheap = Rvu(Decimal("0.10"), Decimal("0.55"), Decimal("0.01"), "test file")
    fees = shipped_fees().with_year(2025, {"97110": rvu, "97140": cheap}, None, "test 2025")
    return fees.with_year(2027, {"97110": rvu, "97530": rvu}, Decimal("33.4009"), "test 2027")


def _imported_ncci() -> NcciTable:
    edits = [
        PtpEdit("97110", "97112", date(2020, 1, 1), None, "1", "test"),
        PtpEdit("97112", "97110", date(2025, 1, 1), date(2026, 1, 1), "1", "test"),
        PtpEdit("97530", "97535", date(2024, 1, 1), None, "0", "test"),
        PtpEdit("97140", "97530", date(2020, 1, 1), None, "9", "test"),
    ]
    return NcciTable.from_edits(edits, "imported test")


def tables_for(choice: str) -> tuple[NcciTable | None, FeeSchedule | None]:
    if choice == "shipped":
        return None, None
    if choice == "empty ncci":
        return NcciTable("imported empty"), None
    return _IMPORTED


_IMPORTED = (_imported_ncci(), _imported_fees())


def answer(result: BillResult) -> str:
    return canonical_json(
        {
            "result": json.loads(result.model_dump_json()),
            "year_to_date": result.year_to_date_allowed,
        }
    )


def bench_answers(texts: Iterable[str]) -> Iterator[str]:
    """What the bench's JSON path answers (lax validation, as the bench times it)."""
    for text in texts:
        yield answer(bill(Visit.model_validate_json(text)))


def wide_answers(cases: Iterable[tuple[str, str]]) -> Iterator[str]:
    """What a caller of the strict JSON boundary is answered, errors included."""
    for text, choice in cases:
        try:
            visit = parse_json(Visit, text, "visit.json", "visit")
            yield answer(bill(visit, *tables_for(choice)))
        except InputError as exc:
            yield canonical_json({"error": str(exc)})


def digest(answers: Iterable[str]) -> str:
    sha = hashlib.sha256()
    for line in answers:
        sha.update(line.encode("utf-8"))
        sha.update(b"\n")
    return sha.hexdigest()
