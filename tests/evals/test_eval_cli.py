"""`ptscribe eval generate|run` through the installed console script."""

import json
from pathlib import Path

from tests.cli.conftest import Runner


def test_generate_writes_json_lines(cli: Runner) -> None:
    proc = cli("eval", "generate", "--n", "2", "--seed", "4", "--style", "dictation")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["style"] for r in rows] == ["dictation", "dictation"]
    assert rows[0]["note"]["source_text"] == rows[0]["text"]


def test_run_writes_the_reports_and_gates(cli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = cli(
        "eval",
        "run",
        "--backend",
        "truth",
        "--n",
        "3",
        "--seed",
        "1",
        "--out",
        str(out),
        "--gate",
        "truth",
    )
    assert proc.returncode == 0, proc.stderr
    figures = json.loads((out / "metrics.json").read_text())
    assert figures["backend"] == "truth"
    assert figures["overall"]["f1"] == 1.0
    # Both sets run by default; the field set is scored apart.
    assert set(figures["by_set"]) == {"synthetic", "field"}
    assert figures["by_set"]["field"]["overall"]["f1"] == 1.0
    assert "## Field set" in (out / "summary.md").read_text()
    assert "<svg" in (out / "report.html").read_text()


def test_unknown_style_and_backend_fail_cleanly(cli: Runner) -> None:
    proc = cli("eval", "generate", "--n", "1", "--style", "poetry")
    assert proc.returncode == 2
    assert "unknown style poetry" in proc.stderr
    proc = cli("eval", "run", "--backend", "oracle", "--n", "1")
    assert proc.returncode == 2
    assert "unknown backend" in proc.stderr


def test_run_one_set(cli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = cli("eval", "run", "--backend", "truth", "--set", "field", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    figures = json.loads((out / "metrics.json").read_text())
    assert set(figures["by_set"]) == {"field"}
    assert figures["cases"] == figures["by_set"]["field"]["cases"] >= 60
    proc = cli("eval", "run", "--backend", "truth", "--set", "real", "--n", "1")
    assert proc.returncode == 2
    assert "unknown eval set real" in proc.stderr
