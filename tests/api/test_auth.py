"""Logging in and out over HTTP: cookies, bearer tokens, CSRF, fixation, expiry, revocation."""

from datetime import timedelta

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from api.deps import CurrentUser
from api.main import create_app
from api.security import SESSION_COOKIE
from assistant.services import accounts
from assistant.services.audit import now_utc
from assistant.settings import Settings
from assistant.store import migrate
from assistant.store.db import Database
from tests.api.auth_support import PASSWORD, bearer, login, seed_logins


def _plant(client: TestClient, token: str) -> None:
    """Put a session cookie in the client's jar as the server would have set it."""
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, token, domain="testserver.local")


def _session(client: TestClient) -> str:
    token = client.cookies.get(SESSION_COOKIE)
    assert token
    return token


def test_health_needs_no_login_and_ready_checks_the_database(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ok"


def test_ready_reads_the_migration_scripts_once(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading them was most of what a probe cost (about 7 ms): they change only with a
    # release, which is a restart.
    reads = []
    original = migrate.ScriptDirectory.from_config
    monkeypatch.setattr(
        migrate.ScriptDirectory,
        "from_config",
        lambda cfg: reads.append(1) or original(cfg),
    )
    migrate.head.cache_clear()
    for _ in range(3):
        assert client.get("/ready").json()["status"] == "ok"
    assert reads == [1]


def test_ready_is_503_on_a_database_without_the_schema(tmp_path) -> None:
    app = create_app(Settings(home=tmp_path / "empty"))
    with TestClient(app) as client:
        ready = client.get("/ready")
    assert ready.status_code == 503
    assert "ptscribe db upgrade" in ready.json()["detail"]


def test_login_sets_a_hardened_cookie_and_me_answers(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    response = client.post("/api/login", json={"email": " PT@Clinic.test ", "password": PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["email"] == who.pt
    assert body["role"] == "PT"
    assert body["clinician_id"] is not None
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http: a Secure cookie would never come back
    me = client.get("/api/me")
    assert me.status_code == 200
    assert me.json()["email"] == who.pt


@pytest.mark.parametrize(
    ("base_url", "headers", "trusted", "secure"),
    [
        ("https://testserver", {}, False, True),
        ("http://testserver", {"X-Forwarded-Proto": "https"}, True, True),
        # An untrusted client cannot make us believe it came over HTTPS, nor the reverse.
        ("http://testserver", {"X-Forwarded-Proto": "https"}, False, False),
    ],
)
def test_cookie_is_secure_behind_https(
    store_settings: Settings,
    db: Database,
    base_url: str,
    headers: dict,
    trusted: bool,
    secure: bool,
) -> None:
    who = seed_logins(db)
    app = create_app(store_settings.model_copy(update={"trusted_proxy": trusted}))
    with TestClient(app, base_url=base_url) as client:
        response = client.post(
            "/api/login", json={"email": who.pt, "password": PASSWORD}, headers=headers
        )
    assert response.status_code == 200
    assert ("Secure" in response.headers["set-cookie"]) is secure
    assert ("strict-transport-security" in response.headers) is secure


def test_no_login_is_401(client: TestClient) -> None:
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_logout_revokes_the_session(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    csrf = login(client, who.pt)
    token = _session(client)
    assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert accounts.principal_for_session(db, token) is None
    # The browser dropped the cookie; a copy of it is worthless now.
    _plant(client, token)
    assert client.get("/api/me").status_code == 401


def test_session_id_changes_at_login_and_the_old_one_dies(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    # A cookie planted before login (fixation) never becomes a live session...
    _plant(client, "planted-by-an-attacker")
    login(client, who.pt)
    first = _session(client)
    assert first != "planted-by-an-attacker"
    # ... and logging in again, even as the same user, issues a new id and ends the old one.
    login(client, who.pt)
    second = _session(client)
    assert second != first
    assert accounts.principal_for_session(db, first) is None
    assert accounts.principal_for_session(db, second) is not None


def test_expired_session_is_401(client: TestClient, db: Database, store_settings: Settings) -> None:
    who = seed_logins(db)
    long_ago = now_utc() - timedelta(hours=store_settings.session_hours + 1)
    token, _ = accounts.login(db, who.pt, PASSWORD, settings=store_settings, now=long_ago)
    _plant(client, token)
    assert client.get("/api/me").status_code == 401


def test_cookie_write_without_csrf_token_is_refused(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    csrf = login(client, who.pt)
    token = _session(client)
    assert client.post("/api/logout").status_code == 403
    assert client.post("/api/logout", headers={"X-CSRF-Token": "0" * 64}).status_code == 403
    # Refused means nothing happened: the session is still live.
    assert accounts.principal_for_session(db, token) is not None
    # A form post may carry it as a field instead of the header.
    done = client.post("/api/logout", data={"csrf_token": csrf})
    assert done.status_code == 204
    assert accounts.principal_for_session(db, token) is None


def test_csrf_token_is_bound_to_its_session(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    other = login(client, who.other_pt)
    login(client, who.pt)  # a new session: the old session's token is not valid for it
    assert client.post("/api/logout", headers={"X-CSRF-Token": other}).status_code == 403


def test_bearer_token_works_and_is_never_cookie_authenticated(
    client: TestClient, db: Database
) -> None:
    who = seed_logins(db)
    headers = bearer(db, who.biller)
    me = client.get("/api/me", headers=headers)
    assert me.status_code == 200
    assert me.json()["role"] == "biller"
    # A script's token needs no CSRF token (no browser sends it on its own).
    assert client.post("/api/logout", headers=headers).status_code == 204
    # With an Authorization header the cookie is not consulted: a bad token is 401 even
    # though a live session cookie rides along.
    login(client, who.pt)
    assert client.get("/api/me").json()["email"] == who.pt
    assert client.get("/api/me", headers={"Authorization": "Bearer pts_wrong"}).status_code == 401
    assert client.get("/api/me", headers={"Authorization": "Basic abc"}).status_code == 401
    # And a bearer logout leaves the browser session alone.
    assert client.post("/api/logout", headers=headers).status_code == 204
    assert client.get("/api/me").json()["email"] == who.pt


def test_revoked_token_is_401(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    token, record = accounts.create_token(db, who.pt, label="emr sync")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=headers).status_code == 200
    accounts.revoke_token(db, record.id)
    assert client.get("/api/me", headers=headers).status_code == 401


def test_tokens_are_stored_hashed(db: Database) -> None:
    who = seed_logins(db)
    token, record = accounts.create_token(db, who.pt)
    with db.engine.connect() as conn:
        dumped = "\n".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM api_token"))
    assert token not in dumped
    assert accounts.secret_hash(token) in dumped
    assert record.label == ""


def test_password_change_revokes_every_session(api_app, client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    with TestClient(api_app) as elsewhere:
        login(elsewhere, who.pt)
        csrf = login(client, who.pt)
        old = _session(client)
        new_password = "another long passphrase"
        changed = client.post(
            "/api/password",
            json={"current_password": PASSWORD, "new_password": new_password},
            headers={"X-CSRF-Token": csrf},
        )
        assert changed.status_code == 200, changed.text
        assert elsewhere.get("/api/me").status_code == 401
        assert accounts.principal_for_session(db, old) is None
        # This browser got a fresh session with the change.
        assert _session(client) != old
        assert client.get("/api/me").status_code == 200
    assert (
        client.post("/api/login", json={"email": who.pt, "password": PASSWORD}).status_code == 401
    )
    login(client, who.pt, new_password)


def test_wrong_current_password_changes_nothing(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    csrf = login(client, who.pt)
    response = client.post(
        "/api/password",
        json={"current_password": "not it at all", "new_password": "another long one"},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 401
    assert client.get("/api/me").status_code == 200
    login(client, who.pt)


def test_one_time_password_must_be_replaced_first(
    api_app, client: TestClient, db: Database
) -> None:
    who = seed_logins(db)
    probe = APIRouter()

    @probe.get("/probe")
    def _probe(user: CurrentUser) -> dict[str, str]:
        return {"email": user.email}

    api_app.include_router(probe)
    accounts.set_password(db, who.pta, "printed-once-123", temporary=True)
    csrf = login(client, who.pta, "printed-once-123")
    assert client.get("/api/me").json()["must_change_password"] is True
    assert client.get("/probe").status_code == 403
    changed = client.post(
        "/api/password",
        json={"current_password": "printed-once-123", "new_password": "my own passphrase"},
        headers={"X-CSRF-Token": csrf},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["must_change_password"] is False
    assert client.get("/probe").json() == {"email": who.pta}


def test_short_new_password_is_422_with_a_reason(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    csrf = login(client, who.pt)
    response = client.post(
        "/api/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 422
    assert "at least" in response.json()["detail"][0]["msg"]


def test_nothing_connects_until_a_request_needs_the_database(tmp_path) -> None:
    # A PostgreSQL nobody listens on: building and starting the app must still work.
    settings = Settings(home=tmp_path, database_url="postgresql+psycopg://x@127.0.0.1:9/none")
    app = create_app(settings)
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["detail"] == "the database does not answer"
        # A request that needs it is a 503 too, never a 500.
        response = client.post("/api/login", json={"email": "a@b.c", "password": "whatever it is"})
        assert response.status_code == 503


def test_ended_sessions_do_not_pile_up(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    for _ in range(4):
        csrf = login(client, who.pt)
        assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    login(client, who.pt)
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT revoked_at FROM login_session").all()
    # The live session, plus at most the one ended since the last login.
    assert len(rows) <= 2
    assert sum(1 for (revoked,) in rows if revoked is None) == 1


def test_a_cross_site_form_cannot_log_a_browser_in(client: TestClient, db: Database) -> None:
    """Login CSRF: another site's page can post only "simple" bodies (a form, text/plain)
    without a CORS preflight, which the app never grants; /login takes JSON alone, so such a
    post sets no session cookie."""
    who = seed_logins(db)
    body = f'{{"email": "{who.pt}", "password": "{PASSWORD}"}}'
    for ctype in ("text/plain", "application/x-www-form-urlencoded"):
        response = client.post(
            "/api/login",
            content=body,
            headers={"content-type": ctype, "origin": "https://evil.example"},
        )
        assert response.status_code == 422
        assert "set-cookie" not in response.headers
    preflight = client.options(
        "/api/login",
        headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
