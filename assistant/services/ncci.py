"""The NCCI table every command bills with: the user's imported CMS edits, else the seed.

Loaded here, at the service edge (rules do no I/O), and handed to the engine by `bill`,
`draft` and `validate` alike, so the three can never disagree on a 59/X modifier.
"""

import csv
import io
from datetime import date

from assistant.rules.billing.ncci import NcciTable
from assistant.rules.tables import PtpEdit
from assistant.settings import get_settings


def load_imported() -> NcciTable | None:
    """The user's imported table, or None to use the shipped seed."""
    path = get_settings().ncci_file
    if not path.exists():
        return None
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    edits = [
        PtpEdit(
            column1=r["column1"],
            column2=r["column2"],
            effective=date.fromisoformat(r["effective"]),
            deletion=date.fromisoformat(r["deletion"]) if r["deletion"] else None,
            indicator=r["indicator"],
            source=r["source"],
        )
        for r in rows
    ]
    return NcciTable.from_edits(edits, f"imported:{path.name}")
