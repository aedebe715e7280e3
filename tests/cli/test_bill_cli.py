import json
from pathlib import Path

import pytest

from .conftest import ROOT, Runner

CONTRACT = {
    "date_of_service": "2025-06-02",
    "discipline": "PT",
    "payer": {"name": "Medicare", "unit_rule": "cms", "distinct_modifier": "59"},
    "ytd_allowed": 0.0,
    "services": [{"code": "97110", "minutes": 33, "assistant_minutes": 0}],
    "segments": [
        {
            "code": "97140",
            "start": "2025-06-02T09:33:00",
            "end": "2025-06-02T09:40:00",
            "provider": "PT",
        }
    ],
}


def test_contract_example_from_a_file(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(CONTRACT))
    proc = cli("bill", str(path))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [(x["code"], x["units"], x["modifiers"], x["minutes"]) for x in out["lines"]] == [
        ("97110", 2, ["GP"], 33),
        ("97140", 1, ["GP"], 7),
    ]
    assert out["lines"][0]["expected_payment"] == 50.62
    assert out["lines"][0]["assistant_minutes"] == 0
    assert out["lines"][0]["rationale"]
    assert (out["total_timed_minutes"], out["total_treatment_minutes"]) == (40, 40)
    assert (out["timed_units"], out["total_units"]) == (3, 3)
    assert out["findings"] == []


def test_defaults_and_stdin(cli: Runner) -> None:
    proc = cli(
        "bill",
        "-",
        stdin='{"date_of_service": "2025-06-02", "services": [{"code": "97110", "minutes": 8}]}',
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["lines"][0]["modifiers"] == ["GP"]


def test_findings_keep_exit_zero(cli: Runner) -> None:
    visit = {
        "date_of_service": "2025-06-02",
        "segments": [
            {"code": "97110", "start": "2025-06-02T09:00:00", "end": "2025-06-02T09:20:00"},
            {"code": "97140", "start": "2025-06-02T09:10:00", "end": "2025-06-02T09:30:00"},
        ],
    }
    proc = cli("bill", "-", stdin=json.dumps(visit))
    assert proc.returncode == 0
    findings = json.loads(proc.stdout)["findings"]
    assert findings[0]["rule"] == "BIL001"
    assert findings[0]["severity"] == "error"
    assert findings[0]["path"] == "segments[1]"


BAD = [
    ("{not json", "malformed JSON"),
    ("", "empty"),
    ("[]", "invalid visit"),
    ('{"services": [{"code": "97110", "minutes": 30}]}', "date_of_service"),
    (
        '{"date_of_service": "2025-02-30", "services": [{"code": "97110", "minutes": 30}]}',
        "date_of_service",
    ),
    (
        '{"date_of_service": "2025-06-02", "services": [{"code": "97110", "minutes": -5}]}',
        "minutes",
    ),
    (
        '{"date_of_service": "2025-06-02", "services": [{"code": "97110", "minutes": 100000}]}',
        "minutes",
    ),
    (
        '{"date_of_service": "2025-06-02", "services": [{"code": "99999", "minutes": 30}]}',
        "unknown code 99999",
    ),
    (
        '{"date_of_service": "2025-06-02", "services": [{"code": "97110", "minutes": 10, "assistant_minutes": 20}]}',
        "assistant_minutes",
    ),
    (
        '{"date_of_service": "2025-06-02", "segments": [{"code": "97110", "start": "2025-06-02T10:00:00", "end": "2025-06-02T09:00:00"}]}',
        "before start",
    ),
    ('{"date_of_service": "2025-06-02"}', "at least one service"),
    (
        '{"date_of_service": "2025-06-02", "services": [{"code": "97110", "minutes": 30}], "colour": 1}',
        "colour",
    ),
    ("[" * 100000, "malformed JSON"),
]


@pytest.mark.parametrize(("stdin", "message"), BAD)
def test_bad_input_exits_2_with_one_line(cli: Runner, stdin: str, message: str) -> None:
    proc = cli("bill", "-", stdin=stdin)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert message in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01{}", "binary"),
        (b"\xff\xfe{\x00", "malformed JSON"),  # UTF-16 with its mark is read: "{" alone
        (b'{"a": "\xe9"}', "not UTF-8"),
        (b"{" + b" " * 2_000_000, "larger"),
    ],
)
def test_undecodable_input(cli: Runner, data: bytes, message: str) -> None:
    proc = cli("bill", "-", stdin=data)
    assert proc.returncode == 2
    assert message in proc.stderr


def test_missing_file(cli: Runner) -> None:
    proc = cli("bill", "/nonexistent/visit.json")
    assert proc.returncode == 2
    assert "cannot read" in proc.stderr


def test_table_and_explain(cli: Runner) -> None:
    example = str(ROOT / "examples" / "visit.json")
    table = cli("bill", example, "--format", "table")
    assert table.returncode == 0
    assert "97112" in table.stdout
    assert "CQ" in table.stdout
    prose = cli("bill", example, "--explain")
    assert prose.returncode == 0
    assert "CMS 8-minute rule" in prose.stdout
    assert "Expected payment" in prose.stdout


def test_ncci_import_then_bill_uses_it(cli: Runner) -> None:
    sample = str(ROOT / "tests" / "fixtures" / "ptp_sample.txt")
    assert cli("db", "upgrade").returncode == 0  # the imported table lives in the store
    imported = cli("ncci", "import", sample)
    assert imported.returncode == 0, imported.stderr
    assert "imported 4 edits" in imported.stdout
    visit = {
        "date_of_service": "2025-06-02",
        "services": [{"code": "97110", "minutes": 30}, {"code": "97112", "minutes": 30}],
    }
    proc = cli("bill", "-", stdin=json.dumps(visit))
    out = json.loads(proc.stdout)
    assert [f["rule"] for f in out["findings"]] == ["BIL020"]
    assert out["basis"]["tables"]["ncci"] == "imported:ptp_sample.txt"


def test_ncci_import_rejects_a_wrong_file_and_keeps_the_old_table(
    cli: Runner, tmp_path: Path
) -> None:
    sample = str(ROOT / "tests" / "fixtures" / "ptp_sample.txt")
    assert cli("db", "upgrade").returncode == 0
    assert cli("ncci", "import", sample).returncode == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("not an edit file\n")
    proc = cli("ncci", "import", str(bad))
    assert proc.returncode == 2
    assert "no PTP edit rows" in proc.stderr
    visit = {
        "date_of_service": "2025-06-02",
        "services": [{"code": "97110", "minutes": 30}, {"code": "97112", "minutes": 30}],
    }
    kept = json.loads(cli("bill", "-", stdin=json.dumps(visit)).stdout)
    assert kept["basis"]["tables"]["ncci"] == "imported:ptp_sample.txt"
    assert [f["rule"] for f in kept["findings"]] == ["BIL020"]
