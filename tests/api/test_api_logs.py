"""Logs over a whole API lifecycle, at DEBUG with SQL logging on, hold no seeded patient
identifier, password, session id, CSRF token or bearer token."""

import logging
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.security import SESSION_COOKIE
from assistant.services import accounts
from assistant.settings import Settings
from assistant.store.db import Database
from tests.api.support import DICTATION, PASSWORD, TIMERS, email_of, seed_clinic

NAME, MRN, DOB = "Harriet Q Quixley", "MRN-88412", date(1947, 9, 23)


def test_api_lifecycle_logs_no_identifier_or_secret(
    store_settings: Settings, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    clinic = seed_clinic(db)
    accounts.set_password(db, email_of("PTA"), PASSWORD)
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    secrets = [PASSWORD, *clinic.tokens.values()]
    try:
        with (
            TestClient(create_app(store_settings)) as browser,
            TestClient(create_app(store_settings)) as script,
        ):
            pt = clinic.auth("PT")
            r = script.post(
                "/api/patients",
                json={"name": NAME, "date_of_birth": DOB.isoformat(), "mrn": MRN},
                headers=pt,
            )
            assert r.status_code == 201, r.text
            patient_id = r.json()["id"]
            plan = {
                "first_treatment": "2025-05-01",
                "goals": ["Walk 500 ft"],
                "cosign_assistants": True,
            }
            assert (
                script.post(f"/api/patients/{patient_id}/plans", json=plan, headers=pt).status_code
                == 201
            )
            # The assistant works in the browser: cookie session and CSRF token.
            login = browser.post(
                "/api/login", json={"email": email_of("PTA"), "password": PASSWORD}
            )
            assert login.status_code == 200
            csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
            secrets += [csrf["X-CSRF-Token"], str(browser.cookies.get(SESSION_COOKIE))]
            text = f"{NAME} (MRN {MRN}, born {DOB:%m/%d/%Y}) seen today.\n{DICTATION}"
            body = {
                "patient_id": patient_id,
                "text": text,
                "timers": TIMERS,
                "date_of_service": "2025-06-02",
            }
            r = browser.post("/api/sessions", json=body, headers=csrf)
            assert r.status_code == 201, r.text
            note_id = r.json()["note_id"]
            edited = {**r.json()["note"], "assessment": f"{NAME} tolerated it well."}
            r = browser.post(
                f"/api/notes/{note_id}/revisions",
                json={"revision": 1, "note": edited},
                headers=csrf,
            )
            assert r.status_code == 200, r.text
            blocked = browser.post(f"/api/notes/{note_id}/sign", json={"revision": 2}, headers=csrf)
            assert blocked.status_code == 423
            for f in blocked.json()["findings"]:
                ack = {
                    "revision": 2,
                    "rule": f["rule"],
                    "path": f["path"],
                    "reason": f"checked with {NAME}",
                }
                assert (
                    browser.post(
                        f"/api/notes/{note_id}/acknowledgements", json=ack, headers=csrf
                    ).status_code
                    == 200
                )
            assert (
                browser.post(
                    f"/api/notes/{note_id}/sign", json={"revision": 2}, headers=csrf
                ).status_code
                == 200
            )
            assert script.post(f"/api/notes/{note_id}/cosign", headers=pt).status_code == 200
            amend = {"reason": "late entry", "text": f"{NAME} called: no soreness."}
            assert (
                browser.post(f"/api/notes/{note_id}/addenda", json=amend, headers=csrf).status_code
                == 201
            )
            assert (
                script.get(f"/api/notes/{note_id}", headers=clinic.auth("biller")).status_code
                == 200
            )
            assert script.get("/api/audit", headers=clinic.auth("admin")).status_code == 200
            assert browser.post("/api/logout", headers=csrf).status_code == 204
            # Refused requests log too: a wrong token, another clinic's caller.
            assert (
                script.get(
                    f"/api/notes/{note_id}", headers={"Authorization": "Bearer pts_wrong"}
                ).status_code
                == 401
            )
            assert (
                script.get(f"/api/patients/{patient_id}", headers=clinic.auth("other")).status_code
                == 404
            )
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "sqlalchemy.engine" in logged  # SQL was logged, so its parameters were tested
    assert "audit" in logged
    for secret in secrets:
        assert secret not in logged
        assert accounts.secret_hash(secret) not in logged
    for identifier in (NAME, "Quixley", MRN, DOB.isoformat(), f"{DOB:%m/%d/%Y}", "1947"):
        # Digits stand alone, and not after a decimal point: a driver timing such as
        # "[cached since 0.1947s ago]" is not the birth year (it failed CI once by chance).
        assert not re.search(rf"(?<![\d.]){re.escape(identifier)}(?!\d)", logged), identifier
