"""Hostile input through the console script: exit 2 and one line naming the problem."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, SCRIPT, Runner

EXAMPLE_VISIT = str(ROOT / "examples" / "visit.json")
BIG_INT = (
    '{"date_of_service": "2025-06-02", "services": [{"code": "97110", "minutes": '
    + "9" * 5000
    + "}]}"
)
VOLUME = json.dumps(
    {"date_of_service": "2025-06-02", "services": [{"code": "97110", "minutes": 480}] * 100}
)
YEAR_ONE = json.dumps(
    {
        "date_of_service": "2025-06-02",
        "segments": [
            {
                "code": "97110",
                "start": "0001-01-01T00:10:00+05:00",
                "end": "0001-01-01T00:30:00+05:00",
            }
        ],
    }
)
MIXED = json.dumps(
    {
        "date_of_service": "2025-06-02",
        "segments": [
            {"code": "97110", "start": "2025-06-02T14:00:00", "end": "2025-06-02T14:20:00"},
            {
                "code": "97140",
                "start": "2025-06-02T09:10:00-05:00",
                "end": "2025-06-02T09:30:00-05:00",
            },
        ],
    }
)


def one_line(proc_stderr: str) -> str:
    lines = proc_stderr.splitlines()
    assert len(lines) == 1, proc_stderr
    assert "Traceback" not in proc_stderr
    return lines[0]


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (BIG_INT, "a number is too large"),
        (VOLUME, "services: List should have at most 50 items"),
        (YEAR_ONE, "timer stamp outside 1900-01-01 to 2199-12-31"),
        (MIXED, "has a UTC offset but segments[0] has none"),
        ('{"date_of_service": 1717286400, "services": []}', "(got 1717286400)"),
    ],
)
def test_bill_refuses_with_one_line(cli: Runner, stdin: str, message: str) -> None:
    proc = cli("bill", "-", stdin=stdin)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert message in one_line(proc.stderr)


def test_dev_zero_and_a_huge_sparse_file(cli: Runner, tmp_path: Path) -> None:
    assert "looks binary" in one_line(cli("bill", "/dev/zero").stderr)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:
        fh.write(b" " * 2_000_000)
        fh.truncate(300_000_000)
    proc = cli("bill", str(huge))
    assert proc.returncode == 2
    line = one_line(proc.stderr)
    assert "larger than 1,000,000 bytes, the limit set by PTSCRIBE_MAX_INPUT_BYTES" in line


def test_draft_size_error_names_the_dictation_limit(cli: Runner) -> None:
    proc = cli("draft", "-", stdin=b"TherEx 20 min: SLR 3x10\n" * 5000)
    assert proc.returncode == 2
    assert "larger than 100,000 bytes, the limit for one dictation" in one_line(proc.stderr)


@pytest.mark.parametrize(
    ("name", "value", "args"),
    [
        ("PTSCRIBE_DRAFTER", "gpt", ["draft", "examples/dictation.txt"]),
        ("PTSCRIBE_MAX_INPUT_BYTES", "lots", ["bill", EXAMPLE_VISIT]),
        ("PTSCRIBE_MAX_INPUT_BYTES", "lots", ["validate", "examples/notes/pt_daily_knee.json"]),
    ],
)
def test_bad_settings_are_one_line(
    cli: Runner, monkeypatch: pytest.MonkeyPatch, name: str, value: str, args: list[str]
) -> None:
    monkeypatch.setitem(os.environ, name, value)
    proc = cli(*args)
    assert proc.returncode == 2
    assert f"{name}={value!r}" in one_line(proc.stderr)


def test_draft_refuses_501_timer_segments(cli: Runner, tmp_path: Path) -> None:
    timers = tmp_path / "timers.json"
    segment = {"code": "97110", "start": "2025-06-02T09:00:00", "end": "2025-06-02T09:01:00"}
    timers.write_text(json.dumps([segment] * 501))
    proc = cli("draft", "examples/dictation.txt", "--timers", str(timers))
    assert proc.returncode == 2
    assert "at most 500 items" in one_line(proc.stderr)


def test_explain_with_a_format_is_an_error(cli: Runner) -> None:
    proc = cli("bill", EXAMPLE_VISIT, "--explain", "--format", "table")
    assert proc.returncode == 2
    assert "--explain" in one_line(proc.stderr)
    assert cli("bill", EXAMPLE_VISIT, "--explain").returncode == 0


def test_schema_visit_describes_bill_input(cli: Runner) -> None:
    proc = cli("schema", "visit")
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    assert {"date_of_service", "services", "segments"} <= set(schema["properties"])


def test_validate_accepts_the_draft_context_example(cli: Runner, tmp_path: Path) -> None:
    drafted = cli("draft", "examples/dictation.txt", "--context", "examples/context.json")
    note = tmp_path / "note.json"
    note.write_text(json.dumps(json.loads(drafted.stdout)["note"]))
    proc = cli("validate", str(note), "--context", "examples/context.json")
    assert proc.returncode == 0, proc.stderr
    assert "extra" not in proc.stderr


@pytest.mark.parametrize("kind", ["file", "unwritable"])
@pytest.mark.parametrize("command", ["ncci", "bill"])
def test_a_bad_home_is_one_line(tmp_path: Path, kind: str, command: str) -> None:
    home = tmp_path / "home-file"
    home.write_text("x")
    env_home = str(home) if kind == "file" else "/proc/ptscribe-home"
    args = {
        "ncci": ["ncci", "import", str(ROOT / "tests" / "fixtures" / "ptp_sample.txt")],
        "bill": ["bill", EXAMPLE_VISIT],
    }[command]
    proc = subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PTSCRIBE_HOME": env_home},
        timeout=60,
        check=False,
    )
    if command == "bill" and kind == "unwritable":
        assert proc.returncode == 0, proc.stderr  # reading needs no writable folder
        return
    assert proc.returncode == 2
    assert "PTSCRIBE_HOME=" in one_line(proc.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "run", "--n", "1", "--out", "/proc/ptscribe-eval"],
        ["eval", "run", "--n", "1", "--out", "README.md"],
        ["eval", "generate", "--n", "1", "--out", "/proc/ptscribe-cases.jsonl"],
    ],
)
def test_eval_out_that_cannot_be_written_is_refused_first(cli: Runner, args: list[str]) -> None:
    proc = cli(*args)
    assert proc.returncode == 2
    assert "--out" in one_line(proc.stderr)
