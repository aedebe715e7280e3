"""No patient identifier reaches a log record over a whole lifecycle, at any log level."""

import logging
import re

import pytest

from assistant.services import audit, notes, signing
from assistant.settings import Settings
from assistant.store.db import Database
from tests.store_support import PHI, ack_all, draft, seed


def test_lifecycle_logs_no_patient_identifiers(
    store_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # everything, the database driver's SQL included
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        db = Database.from_settings(store_settings)
        s = seed(db, cosign=True)
        note = draft(db, s.pta)
        ack_all(db, note, 1, s.pta)
        signing.sign(db, note, revision=1, clinician_email=s.pta)
        signing.cosign(db, note, clinician_email=s.pt)
        signing.amend(db, note, clinician_email=s.pt, reason="late entry", text="Reviewed.")
        notes.show(db, note, actor="os:auditor")
        assert audit.verify(db).ok
        db.dispose()
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.NOTSET)
    text = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert "sqlalchemy.engine" in text  # the SQL was logged, so its parameters were tested
    dob = PHI["dob"]
    for secret in (PHI["name"], PHI["mrn"], dob.isoformat(), dob.strftime("%m/%d/%Y"), "1958"):
        # Digits stand alone, and not after a decimal point: the driver's "[cached since
        # 0.1958s ago]" is a timing, not the birth year, and such timings failed it by chance.
        assert not re.search(rf"(?<![\d.]){re.escape(str(secret))}(?!\d)", text), secret
