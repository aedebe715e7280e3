"""`ptscribe draft` end to end through the installed console script."""

import json
from pathlib import Path

import pytest

from .conftest import ROOT, Runner

SHORT = "DOS 6/2/2025\nTherEx 33 min: R SLR 3x10 2#, LAQ 3x10 2#\nMT 7 min: patellar mobs\n"


def test_json_output_from_a_file(cli: Runner) -> None:
    proc = cli("draft", "examples/dictation.txt", "--context", "examples/context.json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) >= {"note", "claim", "findings", "drafter"}
    assert set(out["drafter"]) >= {
        "backend",
        "model",
        "prompt_id",
        "prompt_sha256",
        "latency_ms",
        "tokens",
    }
    assert out["drafter"]["backend"] == "offline"
    assert out["note"]["date_of_service"] == "2025-06-02"
    codes = [line["code"] for line in out["claim"]["lines"]]
    assert codes == ["97110", "97140"]
    assert all("element" in f for f in out["findings"])
    assert out["note"]["source_text"] == (ROOT / "examples" / "dictation.txt").read_text()


def test_stdin_and_timers(cli: Runner, tmp_path: Path) -> None:
    timers = tmp_path / "timers.json"
    timers.write_text(
        json.dumps(
            [
                {"code": "97110", "start": "2025-06-02T09:00:00", "end": "2025-06-02T09:24:00"},
                {"code": "97140", "start": "2025-06-02T09:24:00", "end": "2025-06-02T09:47:00"},
            ]
        )
    )
    proc = cli("draft", "-", "--timers", str(timers), stdin=SHORT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [(x["code"], x["units"], x["minutes"]) for x in out["claim"]["lines"]] == [
        ("97110", 2, 24),
        ("97140", 1, 23),
    ]
    assert len(out["note"]["timer_segments"]) == 2


def test_text_format(cli: Runner) -> None:
    proc = cli("draft", "examples/shorthand.txt", "--format", "text")
    assert proc.returncode == 0, proc.stderr
    for part in ("S ", "O ", "A ", "P ", "Findings", "97110", "Therapeutic exercise"):
        assert part in proc.stdout


def test_llm_backend_without_a_server_falls_back(
    cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A closed loopback port: the dictation must never leave the machine in a test.
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-not-real")
    proc = cli("draft", "-", "--backend", "llm", stdin=SHORT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["drafter"]["backend"] == "offline"
    assert out["drafter"]["notice"].startswith("LLM drafter failed")
    assert "PL002" in [f["rule"] for f in out["findings"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"   \n\t  \n", "is empty"),
        (b"\xff\xfe bad bytes", "not UTF-8"),
        (b"PK\x03\x04\x00\x00binary", "binary"),
        (bytes(range(1, 32)) * 4, "binary"),
        (b"TherEx 20 min: SLR 3x10\n" * 5000, "larger than 100,000 bytes"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli: Runner, data: bytes, message: str) -> None:
    proc = cli("draft", "-", stdin=data)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["examples/missing.txt"], "cannot read"),
        (["examples/dictation.txt", "--context", "examples/dictation.txt"], "malformed JSON"),
        (["examples/dictation.txt", "--context", "examples/visit.json"], "invalid context"),
        (["examples/dictation.txt", "--timers", "examples/context.json"], "timer segments"),
    ],
)
def test_bad_files_exit_2(cli: Runner, args: list[str], message: str) -> None:
    proc = cli("draft", *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_backend_is_a_usage_error(cli: Runner) -> None:
    proc = cli("draft", "examples/dictation.txt", "--backend", "gpt")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_a_26_kb_dictation_with_one_long_section_is_drafted(cli: Runner, tmp_path: Path) -> None:
    long_s = "S: " + "Pt reports her knee is better and she sleeps through the night. " * 410
    dictation = tmp_path / "long.txt"
    dictation.write_text(long_s + "\nO: TherEx 25 min: SLR 3x10\nA: tolerated well\nP: cont POC")
    assert 26_000 < dictation.stat().st_size < 100_000
    proc = cli("draft", str(dictation))
    assert proc.returncode == 0, proc.stderr
    note = json.loads(proc.stdout)["note"]
    assert note["subjective"].count("sleeps through the night") == 410
