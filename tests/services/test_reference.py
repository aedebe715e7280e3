"""Imported NCCI edits and RVUs survive the store exactly as imported."""

from datetime import date
from decimal import Decimal

import pytest

from assistant.errors import InputError
from assistant.rules.tables import PtpEdit, Rvu
from assistant.services import reference
from assistant.store.db import Database


def test_ncci_edits_round_trip_and_replace(db: Database) -> None:
    assert reference.ncci_table(db) is None
    edits = [
        PtpEdit("97161", "97140", date(2020, 1, 1), None, "1", "test file"),
        PtpEdit("97164", "97530", date(2020, 1, 1), date(2026, 1, 1), "1", "test file"),
    ]
    assert reference.import_ncci(db, edits) == 2
    table = reference.ncci_table(db)
    assert table is not None
    assert table.active("97161", "97140", date(2025, 6, 2)) == edits[0]
    assert table.active("97164", "97530", date(2026, 2, 1)) is None  # deleted
    reference.import_ncci(db, edits[:1])
    table = reference.ncci_table(db)
    assert table is not None
    assert len(table) == 1
    with pytest.raises(InputError):
        reference.import_ncci(db, [])


def test_fees_come_back_exactly(db: Database) -> None:
    rvus = {"97110": Rvu(Decimal("0.45"), Decimal("0.4123"), Decimal("0.02"), "RVU25A")}
    reference.import_fees(db, 2025, rvus)
    back = reference.fees(db, 2025)
    assert back == rvus
    assert back["97110"].total == Decimal("0.8823")
    assert reference.fees(db, 2024) == {}
