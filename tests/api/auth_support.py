"""Accounts for API tests: a clinic's PT, PTA, biller and admin with known passwords, an
admin of another clinic, and helpers to log in with a cookie or a bearer token."""

from dataclasses import dataclass

from fastapi.testclient import TestClient

from assistant.domain.accounts import AccountRole
from assistant.services import accounts
from assistant.store.db import Database
from tests.store_support import Seed, seed

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Logins:
    pt: str = Seed.pt
    pta: str = Seed.pta
    other_pt: str = Seed.other_pt
    biller: str = "biller@clinic.test"
    admin: str = "admin@clinic.test"
    elsewhere: str = "admin@elsewhere.test"  # an admin of another clinic
    password: str = PASSWORD


def seed_logins(db: Database, *, cosign: bool = False) -> Logins:
    """The store seed (clinicians, a patient, a plan) plus a password for every account."""
    seed(db, cosign=cosign)
    who = Logins()
    accounts.add_account(db, email=who.biller, name="Bea Biller", role=AccountRole.BILLER)
    accounts.add_account(db, email=who.admin, name="Ada Admin", role=AccountRole.ADMIN)
    accounts.add_account(
        db, email=who.elsewhere, name="Eli Else", role=AccountRole.ADMIN, clinic="elsewhere"
    )
    for email in (who.pt, who.pta, who.other_pt, who.biller, who.admin, who.elsewhere):
        accounts.set_password(db, email, PASSWORD)
    return who


def login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Log the client in (it keeps the cookie); returns the CSRF token for later writes."""
    response = client.post("/api/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])


def bearer(db: Database, email: str) -> dict[str, str]:
    token, _ = accounts.create_token(db, email, label="test")
    return {"Authorization": f"Bearer {token}"}
