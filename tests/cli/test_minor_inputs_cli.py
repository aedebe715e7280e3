"""The last hostile inputs of issue 8 through the console script (service-level twins in
tests/services/test_minor_inputs.py)."""

import json
from pathlib import Path

import pytest

from .conftest import ROOT, Runner

CONTEXT = json.loads((ROOT / "examples" / "context.json").read_text())


def write_context(tmp_path: Path, **changes: object) -> str:
    path = tmp_path / "context.json"
    path.write_text(json.dumps({**CONTEXT, **changes}))
    return str(path)


def drafted(cli: Runner, *args: str, stdin: str | None = None) -> dict[str, object]:
    proc = cli("draft", *args, "--format", "json", stdin=stdin)
    assert proc.returncode in (0, 1), proc.stderr
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def rules(result: dict[str, object]) -> list[str]:
    return [f["rule"] for f in result["findings"]]  # type: ignore[attr-defined]


def test_two_therex_blocks_are_reported(cli: Runner) -> None:
    text = "DOS 6/2/2025.\nTherEx 300 min: squats 3x10.\nTherEx 300 min: bridges 3x10.\n"
    result = drafted(cli, "-", stdin=text)
    assert "DR005" in rules(result)


def test_evaluation_code_in_the_dictation(cli: Runner, tmp_path: Path) -> None:
    context = write_context(tmp_path, note_type="evaluation")
    result = drafted(cli, "-", "--context", context, stdin="97162 PT evaluation 45 min.")
    assert "DR004" not in rules(result)
    lines = result["claim"]["lines"]  # type: ignore[index]
    assert [(line["code"], line["units"]) for line in lines] == [("97162", 1)]


def test_march_four_is_the_date_of_service(cli: Runner) -> None:
    result = drafted(cli, "-", stdin="Seen March four 2025. TherEx 20 min: SLR 3x10.")
    assert result["note"]["date_of_service"] == "2025-03-04"  # type: ignore[index]
    assert "PL005" not in rules(result)  # not the "fell back to today" warning


def test_a_utf16_file_drafts(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "dictation.txt"
    path.write_bytes("DOS 6/2/2025. TherEx 20 min: SLR 3x10.\n".encode("utf-16"))
    result = drafted(cli, str(path))
    assert result["note"]["date_of_service"] == "2025-06-02"  # type: ignore[index]


def test_a_utf16_file_without_a_mark_says_how_to_convert(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "dictation.txt"
    path.write_bytes("TherEx 20 min: SLR 3x10.\n".encode("utf-16-le"))
    proc = cli("draft", str(path))
    assert proc.returncode == 2
    assert "UTF-16 text without a byte-order mark" in proc.stderr
    assert "iconv" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_a_non_finite_ytd_is_named(cli: Runner, value: str) -> None:
    visit = (
        '{"date_of_service": "2025-06-02", "ytd_allowed": ' + value + ", "
        '"services": [{"code": "97110", "minutes": 30}]}'
    )
    proc = cli("bill", "-", stdin=visit)
    assert proc.returncode == 2
    assert "ytd_allowed: Input should be a finite number" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1


def test_an_integer_schema_version_says_to_quote_it(cli: Runner, tmp_path: Path) -> None:
    context = write_context(tmp_path, schema_version=1)
    proc = cli("draft", "-", "--context", context, stdin="TherEx 20 min: SLR 3x10.")
    assert proc.returncode == 2
    assert 'schema_version must be a string: write "schema_version": "1", not 1' in proc.stderr
    note = drafted(cli, "-", stdin="DOS 6/2/2025. TherEx 20 min: SLR 3x10.")["note"]
    path = tmp_path / "note.json"
    path.write_text(json.dumps({**note, "schema_version": 1}))  # type: ignore[dict-item]
    proc = cli("validate", str(path))
    assert proc.returncode == 2
    assert "invalid note: schema_version must be a string" in proc.stderr
