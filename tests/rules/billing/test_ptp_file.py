from datetime import date
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.ptp_file import import_ptp
from assistant.rules.tables import catalog

SAMPLE = Path(__file__).parents[2] / "fixtures" / "ptp_sample.txt"


def test_reads_cms_layout_and_keeps_billable_pairs() -> None:
    result = import_ptp(SAMPLE.read_text().splitlines(), "sample", frozenset(catalog()))
    assert result.rows == 5
    assert result.skipped == 1  # 99213 is not a therapy code
    pairs = {(e.column1, e.column2): e for e in result.edits}
    assert pairs["97110", "97112"].indicator == "0"
    assert pairs["97530", "97116"].deletion == date(2020, 4, 1)
    assert pairs["97140", "97124"].effective == date(1996, 1, 1)


def test_deleted_edit_is_inactive_after_its_deletion_date() -> None:
    result = import_ptp(SAMPLE.read_text().splitlines(), "sample", frozenset(catalog()))
    table = NcciTable.from_edits(result.edits, "sample")
    assert table.active("97530", "97116", date(2020, 3, 31)) is not None
    assert table.active("97530", "97116", date(2020, 4, 1)) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello\nworld\n", "no PTP edit rows"),
        ("97110\t97112\t\t2025-01-01\t*\t0\tx\n", "not a PTP edit row"),
        ("97110\t97112\t\t20251340\t*\t0\tx\n", "impossible date"),
    ],
)
def test_bad_files_are_rejected_clearly(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        import_ptp(text.splitlines(), "bad", frozenset(catalog()))
