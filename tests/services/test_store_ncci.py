"""The store's draft and sign use the NCCI table imported into the store, as `bill`, `draft`
and `validate` do (tests/services/test_reference.py has all surfaces side by side)."""

from datetime import date

from assistant.rules.tables import PtpEdit
from assistant.services import notes, reference
from assistant.store.db import Database
from tests.store_support import DICTATION, seed

# 97110 with 97140 as a never-together pair (indicator 0): the seed has no such edit.
EDIT = PtpEdit("97110", "97140", date(2020, 1, 1), None, "0", "test edit")


def test_a_stored_draft_is_billed_with_the_imported_table(db: Database) -> None:
    s = seed(db)
    plain = notes.new_session(db, DICTATION, mrn=s.mrn, clinician_email=s.pt, day=date(2025, 6, 2))
    assert plain.claim is not None
    assert plain.claim.basis.tables["ncci"] == "seed"

    reference.import_ncci(db, [EDIT], source="edits.txt")
    view = notes.new_session(db, DICTATION, mrn=s.mrn, clinician_email=s.pt, day=date(2025, 6, 2))
    assert view.claim is not None
    assert view.claim.basis.tables["ncci"] == "imported:edits.txt"
    assert "BIL020" in {f.rule for f in view.findings}
