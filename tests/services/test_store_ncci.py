"""The store's draft and sign use the imported NCCI table, as `bill`, `draft` and `validate` do."""

from datetime import date
from pathlib import Path

from assistant.services import notes
from assistant.store.db import Database
from tests.store_support import DICTATION, seed

# 97110 with 97140 as a never-together pair (indicator 0): the seed has no such edit.
TABLE = "column1,column2,effective,deletion,indicator,source\n97110,97140,2020-01-01,,0,test edit\n"


def test_a_stored_draft_is_billed_with_the_imported_table(db: Database, private_home: Path) -> None:
    s = seed(db)
    plain = notes.new_session(db, DICTATION, mrn=s.mrn, clinician_email=s.pt, day=date(2025, 6, 2))
    assert plain.claim is not None
    assert plain.claim.basis.tables["ncci"] == "seed"

    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "ncci_ptp.csv").write_text(TABLE, encoding="utf-8")
    view = notes.new_session(db, DICTATION, mrn=s.mrn, clinician_email=s.pt, day=date(2025, 6, 2))
    assert view.claim is not None
    assert view.claim.basis.tables["ncci"] == "imported:ncci_ptp.csv"
    assert "BIL020" in {f.rule for f in view.findings}
