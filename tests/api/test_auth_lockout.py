"""Failed logins: audited, locked out per account in the database, and never revealing
whether an email has an account."""

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.domain.billing import Role
from assistant.services import accounts, people
from assistant.services.audit import now_utc
from assistant.settings import Settings
from assistant.store.db import Database
from tests.api.auth_support import PASSWORD, seed_logins


def _attempt(client: TestClient, email: str, password: str) -> int:
    return client.post("/api/login", json={"email": email, "password": password}).status_code


def _events(db: Database) -> list[tuple[str, str, str]]:
    with db.transaction() as tx:
        return [(e.actor, e.action, e.detail) for e in tx.audit.events()]


@pytest.fixture
def strict(store_settings: Settings) -> Settings:
    return store_settings.model_copy(update={"login_max_failures": 3, "lockout_minutes": 15.0})


def test_failed_login_is_audited_without_what_was_typed(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    assert _attempt(client, who.pt, "wrong password here") == 401
    assert _attempt(client, "nobody@clinic.test", "wrong password here") == 401
    failed = [e for e in _events(db) if e[1] == "login_failed"]
    assert len(failed) == 2
    assert all(actor == "anonymous" for actor, _, _ in failed)
    assert failed[0][2].startswith("account ")
    assert failed[1][2] == "no account"
    text = repr(_events(db))
    assert "wrong password here" not in text
    assert "nobody@clinic.test" not in text


def test_lockout_after_repeated_failures_even_with_the_right_password(
    strict: Settings, db: Database
) -> None:
    who = seed_logins(db)
    with TestClient(create_app(strict)) as client:
        assert [_attempt(client, who.pt, "not the password") for _ in range(3)] == [401] * 3
        # Locked: the right password is refused too, with the same answer.
        refused = client.post("/api/login", json={"email": who.pt, "password": PASSWORD})
        assert refused.status_code == 401
        assert refused.json()["detail"] == accounts.LOGIN_FAILED
        # Other accounts are not affected.
        assert _attempt(client, who.pta, PASSWORD) == 200
    assert any(e[2].endswith("now locked") for e in _events(db))


def test_lockout_ends_after_its_time(strict: Settings, db: Database) -> None:
    who = seed_logins(db)
    past = now_utc() - timedelta(minutes=strict.lockout_minutes + 1)
    for _ in range(3):
        with pytest.raises(accounts.AuthenticationError):
            accounts.login(db, who.pt, "not the password", settings=strict, now=past)
    token, principal = accounts.login(db, who.pt, PASSWORD, settings=strict)
    assert token
    assert principal.email == who.pt


def test_two_servers_on_one_database_count_failures_together(
    strict: Settings, db: Database
) -> None:
    """Lockouts live in the database: failures spread over two app instances (two
    processes' worth of engines and pools) still lock the account."""
    who = seed_logins(db)
    with TestClient(create_app(strict)) as one, TestClient(create_app(strict)) as two:
        assert _attempt(one, who.pt, "not the password") == 401
        assert _attempt(two, who.pt, "not the password") == 401
        assert _attempt(one, who.pt, "not the password") == 401
        assert _attempt(two, who.pt, PASSWORD) == 401
        assert _attempt(one, who.pt, PASSWORD) == 401


def test_success_resets_the_failure_count(strict: Settings, db: Database) -> None:
    who = seed_logins(db)
    with TestClient(create_app(strict)) as client:
        for _ in range(2):
            assert _attempt(client, who.pt, "not the password") == 401
        assert _attempt(client, who.pt, PASSWORD) == 200
        for _ in range(2):
            assert _attempt(client, who.pt, "not the password") == 401
        assert _attempt(client, who.pt, PASSWORD) == 200


def test_responses_do_not_reveal_whether_an_email_exists(
    strict: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    who = seed_logins(db)
    verified: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            verified.append("x")
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "_hasher", lambda: Counting())
    with TestClient(create_app(strict)) as client:
        known = [
            client.post("/api/login", json={"email": who.pt, "password": "nope nope"})
            for _ in range(4)
        ]
        unknown = [
            client.post("/api/login", json={"email": "ghost@clinic.test", "password": "nope nope"})
            for _ in range(4)
        ]
    # Same status, same body, same headers apart from the date, before and after a lockout.
    for a, b in zip(known, unknown, strict=True):
        assert (a.status_code, a.json()) == (b.status_code, b.json())
        assert sorted(k for k in a.headers if k != "date") == sorted(
            k for k in b.headers if k != "date"
        )
    # An unknown email costs a hash verification like a known one (no timing tell).
    assert len(verified) == 8


def test_disabled_or_passwordless_account_cannot_log_in(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    # A clinician account that never had a password set.
    people.add_clinician(db, name="No Pass", credentials="OT", role=Role.OT, email="np@clinic.test")
    accounts.ensure_account(db, "np@clinic.test")
    assert _attempt(client, "np@clinic.test", PASSWORD) == 401
    assert _attempt(client, who.pt, PASSWORD) == 200
