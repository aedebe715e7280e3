"""An imported NCCI table reaches `draft` and `validate` exactly as it reaches `bill`.

The sample file makes 97110 + 97112 an indicator-0 pair (never billed together: BIL020),
which the shipped seed does not have; before, only `bill` saw the imported edit.
"""

import json
from pathlib import Path

from tests.rules.validation.helpers import edited, example

from .conftest import ROOT, Runner

SAMPLE = str(ROOT / "tests" / "fixtures" / "ptp_sample.txt")
TEXT = "DOS 6/2/2025\nTherEx 30 min: R SLR 3x10 2#\nNMR 30 min: SLS on foam 3x30s\n"


def _rules(findings: list[dict[str, str]]) -> list[str]:
    return [f["rule"] for f in findings]


def test_draft_and_validate_use_the_imported_table(cli: Runner, tmp_path: Path) -> None:
    before = json.loads(cli("draft", "-", stdin=TEXT).stdout)
    assert "BIL020" not in _rules(before["findings"])  # the seed has no such pair
    assert cli("db", "upgrade").returncode == 0  # the imported table lives in the store
    assert cli("ncci", "import", SAMPLE).returncode == 0

    drafted = json.loads(cli("draft", "-", stdin=TEXT).stdout)
    assert "BIL020" in _rules(drafted["findings"])
    assert drafted["claim"]["basis"]["tables"]["ncci"] == "imported:ptp_sample.txt"

    note = edited(
        example(),
        {
            "interventions.1.code": "97112",
            "interventions.1.category": "neuromuscular_reeducation",
            "timer_segments.1.code": "97112",
        },
    )
    path = tmp_path / "note.json"
    path.write_text(json.dumps(note))
    report = json.loads(cli("validate", str(path)).stdout)
    assert "BIL020" in _rules(report["findings"])
    assert report["recomputed_claim"]["basis"]["tables"]["ncci"] == "imported:ptp_sample.txt"
