"""Logs over a whole login flow, at DEBUG with SQL logging on, hold no password, session
id, CSRF token or bearer token."""

import logging

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.security import SESSION_COOKIE
from assistant.services import accounts
from assistant.settings import Settings
from assistant.store.db import Database
from tests.api.auth_support import PASSWORD, seed_logins

NEW_PASSWORD = "a second long passphrase"


def test_logs_over_an_auth_flow_hold_no_secret(
    store_settings: Settings, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    who = seed_logins(db)
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    secrets = [PASSWORD, NEW_PASSWORD, "wrong but secret 42"]
    try:
        with TestClient(create_app(store_settings)) as client:
            assert (
                client.post(
                    "/api/login", json={"email": who.pt, "password": "wrong but secret 42"}
                ).status_code
                == 401
            )
            first = client.post("/api/login", json={"email": who.pt, "password": PASSWORD})
            assert first.status_code == 200
            csrf = first.json()["csrf_token"]
            secrets += [csrf, str(client.cookies.get(SESSION_COOKIE))]
            assert client.get("/api/me").status_code == 200
            changed = client.post(
                "/api/password",
                json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                headers={"X-CSRF-Token": csrf},
            )
            assert changed.status_code == 200
            csrf = changed.json()["csrf_token"]
            secrets += [csrf, str(client.cookies.get(SESSION_COOKIE))]
            token, _ = accounts.create_token(db, who.biller, label="nightly export")
            secrets.append(token)
            assert (
                client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code
                == 200
            )
            assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert len(caplog.records) > 20  # the flow did log: SQL statements, audit lines
    text = "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records)
    for secret in secrets:
        assert secret not in text
        assert accounts.secret_hash(secret) not in text
