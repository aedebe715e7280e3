"""Imported NCCI edits and RVUs survive the store exactly as imported, and the one loader
hands every surface the same tables: bill, draft, validate and signing agree on 59/X."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.domain.billing import Visit
from assistant.errors import InputError
from assistant.rules.tables import PtpEdit, Rvu
from assistant.services import notes, reference, signing
from assistant.services.billing import bill_text
from assistant.services.dictation import draft_sources
from assistant.services.validation import validate_note
from assistant.store.db import Database
from tests.store_support import ack_all, seed


def _tables(db: Database) -> reference.ImportedTables:
    with db.transaction() as tx:
        return reference.tables(tx)


def test_ncci_edits_round_trip_and_replace(db: Database) -> None:
    assert _tables(db).ncci is None
    edits = [
        PtpEdit("97161", "97140", date(2020, 1, 1), None, "1", "test file"),
        PtpEdit("97164", "97530", date(2020, 1, 1), date(2026, 1, 1), "1", "test file"),
    ]
    assert reference.import_ncci(db, edits, source="test file") == 2
    table = _tables(db).ncci
    assert table is not None
    assert table.active("97161", "97140", date(2025, 6, 2)) == edits[0]
    assert table.active("97164", "97530", date(2026, 2, 1)) is None  # deleted
    reference.import_ncci(db, edits[:1], source="test file")
    table = _tables(db).ncci
    assert table is not None
    assert len(table) == 1
    with pytest.raises(InputError):
        reference.import_ncci(db, [], source="none")


def test_fees_come_back_exactly(db: Database) -> None:
    rvus = {"97110": Rvu(Decimal("0.45"), Decimal("0.4123"), Decimal("0.02"), "imported:RVU25A")}
    reference.import_fees(db, 2025, rvus, source="RVU25A", factor=Decimal("40.1"))
    back = _tables(db).fees.rvus(2025)
    assert back == rvus
    assert back["97110"].total == Decimal("0.8823")
    assert _tables(db).fees.label(2025) == "imported:RVU25A"


# The shipped seed pairs 97140 (column 1) with 97530 (column 2) under indicator 1: billed
# together they need a 59/X modifier on 97530. An import that withdraws the edit (indicator
# 9, "not applied") must change that for every surface at once.
WITHDRAWN = [PtpEdit("97140", "97530", date(2020, 1, 1), None, "9", "test quarter")]
ROOT = Path(__file__).resolve().parents[2]
DICTATION = (
    (ROOT / "bench" / "data" / "clean_dictation.txt")
    .read_text(encoding="utf-8")
    .replace("Manual therapy ten minutes", "Manual therapy fifteen minutes")
    .replace(
        "Right knee flexion AROM",
        "Therapeutic activities fifteen minutes: sit to stand from a low chair and lifting a "
        "laundry basket from floor to waist, to improve safe transfers at home.\n\n"
        "Right knee flexion AROM",
    )
)


def _modifiers(lines: object) -> dict[str, set[str]]:
    return {ln.code: set(ln.modifiers) for ln in lines}  # type: ignore[attr-defined]


def test_bill_draft_validate_and_sign_agree_on_59_after_an_import(
    db: Database, tmp_path: Path
) -> None:
    s = seed(db)
    visit = Visit.model_validate(
        {
            "date_of_service": "2025-06-02",
            "services": [{"code": "97140", "minutes": 15}, {"code": "97530", "minutes": 15}],
        }
    )
    text = visit.model_dump_json()
    dictation = tmp_path / "dictation.txt"
    dictation.write_text(DICTATION)

    def surfaces() -> dict[str, dict[str, set[str]]]:
        drafted = draft_sources(str(dictation), db=db)
        view = notes.new_session(
            db, DICTATION, mrn=s.mrn, clinician_email=s.pt, day=date(2025, 6, 2)
        )
        ack_all(db, view.note_id, 1, s.pt)
        signed = signing.sign(db, view.note_id, revision=1, clinician_email=s.pt)
        assert signed.claim is not None
        report = validate_note(drafted.note, None, db=db)
        assert report.recomputed_claim is not None
        assert drafted.claim is not None
        return {
            "bill": _modifiers(bill_text(text, db=db).lines),
            "draft": _modifiers(drafted.claim.lines),
            "validate": _modifiers(report.recomputed_claim.lines),
            "lifecycle": _modifiers(view.claim.lines) if view.claim else {},
            "sign": _modifiers(signed.claim.lines),
        }

    before = surfaces()
    assert all("59" in m["97530"] or "XS" in m["97530"] for m in before.values()), before
    reference.import_ncci(db, WITHDRAWN, source="test quarter")
    after = surfaces()
    assert all(not ({"59", "XS", "XE", "XP", "XU"} & m["97530"]) for m in after.values()), after
