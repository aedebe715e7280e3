"""`ptscribe validate`, `schema` and `rules` through the installed console script."""

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PTSCRIBE = Path(sys.executable).parent / "ptscribe"
NOTE = ROOT / "examples" / "notes" / "pt_daily_knee.json"
CONTEXT = ROOT / "examples" / "contexts" / "pt_daily_knee.json"
BASE = json.loads(NOTE.read_text(encoding="utf-8"))


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PTSCRIBE), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def note_with(**changes: Any) -> str:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return json.dumps(data)


def test_clean_note_exits_0_with_report():
    proc = run("validate", str(NOTE), "--context", str(CONTEXT), "--fail-on", "warning")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert set(report) == {"findings", "recomputed_claim", "signable", "suggestions"}
    assert report["signable"] is True
    assert report["suggestions"] == []  # "Dx right knee OA" is coded M17.11 already
    lines = [(line["code"], line["units"]) for line in report["recomputed_claim"]["lines"]]
    assert lines == [("97110", 2), ("97140", 1)]


@pytest.mark.parametrize(
    ("changes", "fail_on", "code"),
    [
        ({"total_treatment_minutes": None}, None, 0),  # a warning, no --fail-on
        ({"total_treatment_minutes": None}, "error", 0),
        ({"total_treatment_minutes": None}, "warning", 1),
        ({"diagnoses": []}, None, 0),  # an error, no --fail-on
        ({"diagnoses": []}, "error", 1),
    ],
)
def test_fail_on(changes, fail_on, code):
    args = ["validate", "-"] + (["--fail-on", fail_on] if fail_on else [])
    proc = run(*args, stdin=note_with(**changes))
    assert proc.returncode == code, proc.stderr
    report = json.loads(proc.stdout)
    assert report["signable"] is ("diagnoses" not in changes)


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (["validate", "-"], "{not json", "malformed JSON"),
        (["validate", "-"], "[1, 2]", "JSON object"),
        (["validate", "-"], note_with(schema_version="2"), "schema_version '2'"),
        (["validate", "-"], json.dumps({"note_type": "daily"}), "schema_version is missing"),
        (
            ["validate", "-"],
            note_with(measures=[{"name": "pain", "kind": "pain", "value": 11}]),
            "outside 0 to 10",
        ),
        (["validate", "-"], note_with(total_timed_minutes=-1), "total_timed_minutes"),
        (["validate", "missing-note.json"], None, "cannot read"),
        (["validate", "-", "--context", "-"], "{}", "standard input"),
        (
            ["validate", str(NOTE), "--context", "-"],
            json.dumps({"schema_version": "1", "ytd_allowed": -3}),
            "context",
        ),
        (["schema", "chart"], None, ""),
    ],
)
def test_bad_input_exits_2_with_one_line(args, stdin, needle):
    proc = run(*args, stdin=stdin)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    if needle:
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert needle in proc.stderr
        assert proc.stdout == ""


@pytest.mark.parametrize("name", ["note", "context"])
def test_schema(name):
    proc = run("schema", name)
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    assert schema["properties"]["schema_version"]["const"] == "1"


def test_rules_json_lists_every_registered_id_with_hint_and_status():
    from assistant.rules.registry import REGISTRY

    proc = run("rules")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [row["rule"] for row in rows] == [spec.rule for spec in REGISTRY]
    assert {"TE001", "EV002", "BIL001", "DR001", "DRF010", "PL001"} <= {r["rule"] for r in rows}
    assert set(rows[0]) == {
        "rule",
        "severity",
        "element",
        "description",
        "rationale",
        "hint",
        "status",
        "replaced_by",
        "emitted_by",
    }
    assert all(row["hint"] and row["status"] in ("stable", "retired") for row in rows)


def test_rules_markdown_is_the_checked_in_doc():
    proc = run("rules", "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_rules_table():
    proc = run("rules", "--format", "table")
    assert proc.returncode == 0, proc.stderr
    assert "TE001" in proc.stdout
    assert "PL004" in proc.stdout  # drafting ids too, not only the validator's


def test_rules_for_a_retired_id_lead_to_its_successor():
    from assistant.rules.registry import REGISTRY, Status

    old = next(s for s in REGISTRY if s.status is Status.RETIRED)
    proc = run("rules", old.rule.lower())
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["rule"] for r in rows][:2] == [old.rule, old.replaced_by]
    assert rows[0]["status"] == "retired"
    assert rows[-1]["status"] == "stable"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rules", "XX999"), "unknown rule id 'XX999'"),
        (("rules", "TE001", "--format", "markdown"), "drop the rule id"),
    ],
)
def test_rules_refuses_an_unknown_id_or_markdown_for_one_id(args, message):
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    [line] = proc.stderr.strip().splitlines()
    assert message in line


def test_words_without_a_code_print_the_suggestion_whole(tmp_path):
    note = json.loads(NOTE.read_text(encoding="utf-8"))
    note["diagnoses"] = []
    path = tmp_path / "note.json"
    path.write_text(json.dumps(note), encoding="utf-8")
    proc = run("validate", str(path), "--context", str(CONTEXT))
    (suggestion,) = json.loads(proc.stdout)["suggestions"]
    assert suggestion["system"] == "ICD-10-CM"
    assert suggestion["words"] == "right knee OA"
    assert suggestion["evidence"] == [{"start": 3, "end": 16, "text": "right knee OA"}]
    assert suggestion["candidates"][0]["code"] == "M17.11"
