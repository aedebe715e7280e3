"""`ptscribe fees import`, `ptscribe codes` and multi-part `ncci import` as a user runs them.
The imports write into the store, so each test first creates it with `ptscribe db upgrade`."""

import csv
import io
import json
from pathlib import Path

from tests.cli.conftest import ROOT, Runner

FIXTURES = ROOT / "tests" / "fixtures"
VISIT = {
    "date_of_service": "2025-06-02",
    "services": [{"code": "97110", "minutes": 30}, {"code": "97116", "minutes": 15}],
}


def _upgrade(cli: Runner) -> None:
    proc = cli("db", "upgrade")
    assert proc.returncode == 0, proc.stderr


def test_fees_import_then_bill_prices_with_the_imported_year(cli: Runner) -> None:
    before = json.loads(cli("bill", "-", stdin=json.dumps(VISIT)).stdout)
    _upgrade(cli)
    imported = cli("fees", "import", str(FIXTURES / "pprrvu_sample.csv"), "--year", "2025")
    assert imported.returncode == 0, imported.stderr
    # The fixture's sixth catalog row, 97010, is status B: no national fee, so not stored.
    assert "imported 2025 RVUs for 5 therapy codes" in imported.stdout
    assert "no national fee by CMS status (their lines name the status): 97010 (B)" in (
        imported.stdout
    )
    assert "conversion factor 32.3465" in imported.stdout
    after = json.loads(cli("bill", "-", stdin=json.dumps(VISIT)).stdout)
    assert after["basis"]["tables"]["fees"] == "imported:pprrvu_sample.csv"
    # The fixture's 97110 is 0.94 RVU (the shipped figure differs), so the payment moves.
    assert "0.94 RVU" in after["lines"][0]["rationale"]
    assert after["lines"][0]["expected_payment"] != before["lines"][0]["expected_payment"]


def test_fees_import_refuses_a_malformed_file_with_one_line(cli: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "PPRRVU25_JAN.csv"
    bad.write_text("HCPCS,MOD,DESCRIPTION\n97110,,EXERCISE\n")
    _upgrade(cli)
    proc = cli("fees", "import", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: not a CMS PPRRVU")
    assert not (tmp_path / "home" / "fees").exists()


def test_imports_need_the_database_set_up_first(cli: Runner) -> None:
    proc = cli("fees", "import", str(FIXTURES / "pprrvu_sample.csv"), "--year", "2025")
    assert proc.returncode == 1
    assert "run `ptscribe db upgrade`" in proc.stderr


def test_an_old_corrupt_fee_file_is_one_line_for_every_bill_and_the_upgrade(
    cli: Runner, tmp_path: Path
) -> None:
    folder = tmp_path / "home" / "fees"
    folder.mkdir(parents=True)
    (folder / "rvu_2025.json").write_text("{not json")
    proc = cli("bill", "-", stdin=json.dumps(VISIT))
    assert proc.returncode == 2
    assert "run `ptscribe db upgrade`" in proc.stderr
    assert "Traceback" not in proc.stderr
    upgrade = cli("db", "upgrade")
    assert upgrade.returncode == 1  # a store command: the store could not be brought up
    assert upgrade.stderr.count("\n") == 1
    assert "re-import it with `ptscribe fees import FILE`" in upgrade.stderr


def test_an_old_ncci_file_moves_into_the_database_on_upgrade(cli: Runner, tmp_path: Path) -> None:
    # Before: the file under the home was one home, the store's table another.
    home = tmp_path / "home"
    home.mkdir()
    (home / "ncci_ptp.csv").write_text(
        "column1,column2,effective,deletion,indicator,source\n97140,97530,2020-01-01,,9,old\n"
    )
    visit = {
        "date_of_service": "2025-06-02",
        "services": [{"code": "97140", "minutes": 15}, {"code": "97530", "minutes": 15}],
    }
    refused = cli("bill", "-", stdin=json.dumps(visit))
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    upgrade = cli("db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    assert json.loads(upgrade.stdout)["moved_into_database"] == ["ncci_ptp.csv"]
    billed = json.loads(cli("bill", "-", stdin=json.dumps(visit)).stdout)
    assert billed["basis"]["tables"]["ncci"] == "imported:ncci_ptp.csv"
    assert "59" not in billed["lines"][1]["modifiers"]  # the imported edit is "not applied"


def test_ncci_import_takes_every_part_of_the_quarter(cli: Runner, tmp_path: Path) -> None:
    parts = tmp_path / "ptp"
    parts.mkdir()
    (parts / "part1.txt").write_bytes((FIXTURES / "ptp_sample.txt").read_bytes())
    (parts / "part2.txt").write_text("copyright\n99213\t99214\t\t20200101\t*\t1\tx\n")
    _upgrade(cli)
    proc = cli("ncci", "import", str(parts))
    assert proc.returncode == 0, proc.stderr
    assert "part1.txt: 5 rows read, 4 therapy edits kept" in proc.stdout
    assert "part2.txt: 1 rows read, no edits between therapy codes" in proc.stdout
    assert "imported 4 edits between billable therapy codes from 2 file(s)" in proc.stdout
    appended = cli("ncci", "import", str(parts / "part1.txt"), str(parts / "part2.txt"))
    assert appended.returncode == 0


def test_codes_lists_the_catalog(cli: Runner) -> None:
    proc = cli("codes")
    assert proc.returncode == 0
    rows = {row["code"]: row for row in json.loads(proc.stdout)}
    assert rows["20560"]["timed"] is False
    assert rows["20560"]["therapy"] == "sometimes"
    assert rows["97110"]["disciplines"] == ["OT", "PT"]
    assert rows["98985"]["from"] == "2026-01-01"
    table = cli("codes", "--format", "table")
    assert table.returncode == 0
    assert "95992" in table.stdout
    assert "untimed" in table.stdout


def test_draft_and_validate_price_with_the_imported_fees_as_bill_does(cli: Runner) -> None:
    _upgrade(cli)
    assert (
        cli("fees", "import", str(FIXTURES / "pprrvu_sample.csv"), "--year", "2025").returncode == 0
    )
    note = ROOT / "examples" / "notes" / "pt_daily_knee.json"
    validated = json.loads(cli("validate", str(note)).stdout)
    assert validated["recomputed_claim"]["basis"]["tables"]["fees"] == "imported:pprrvu_sample.csv"
    drafted = cli(
        "draft",
        "-",
        "--context",
        str(ROOT / "examples" / "context.json"),
        stdin="TherEx 25 min: SLR 3x10 2#",
    )
    assert drafted.returncode == 0, drafted.stderr
    claim = json.loads(drafted.stdout)["claim"]
    assert claim["basis"]["tables"]["fees"] == "imported:pprrvu_sample.csv"


def _excel_unicode_text(csv_text: str) -> bytes:
    """What Excel's "Save as Unicode text" writes: tab-separated, UTF-16 with its mark."""
    rows = csv.reader(io.StringIO(csv_text))
    return "".join("\t".join(row) + "\r\n" for row in rows).encode("utf-16")


def test_imports_read_excel_unicode_text_and_refuse_utf16_without_a_mark(
    cli: Runner, tmp_path: Path
) -> None:
    _upgrade(cli)
    fees = tmp_path / "PPRRVU25_JAN.txt"
    fees.write_bytes(_excel_unicode_text((FIXTURES / "pprrvu_sample.csv").read_text()))
    imported = cli("fees", "import", str(fees))
    assert imported.returncode == 0, imported.stderr
    # As the CSV: 97010 (status B, no national fee) is read but not stored.
    assert "imported 2025 RVUs for 5 therapy codes" in imported.stdout
    ptp = tmp_path / "ptp.txt"
    ptp.write_bytes((FIXTURES / "ptp_sample.txt").read_text().encode("utf-32"))
    proc = cli("ncci", "import", str(ptp))
    assert proc.returncode == 0, proc.stderr
    assert "ptp.txt: 5 rows read, 4 therapy edits kept" in proc.stdout
    for command, path, encoding in (("fees", fees, "utf-16"), ("ncci", ptp, "utf-32")):
        path.write_bytes(path.read_bytes().decode(encoding).encode("utf-16-le"))
        refused = cli(command, "import", str(path))
        assert refused.returncode == 2
        assert refused.stderr.count("\n") == 1, refused.stderr
        assert "looks like UTF-16 text without a byte-order mark" in refused.stderr
