"""A seeded clinic behind a real app: accounts of every role, a patient with a plan, and a
second clinic whose users must see nothing of the first."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from api.main import create_app
from api.security import SESSION_COOKIE
from assistant.domain.accounts import AccountRole
from assistant.domain.billing import Role
from assistant.services import accounts, people
from assistant.settings import Settings
from assistant.store.db import Database
from tests.store_support import DICTATION, PHI

__all__ = ["DICTATION", "PASSWORD", "PHI", "Clinic", "client_for", "email_of", "seed_clinic"]

ROLES = ("PT", "PTA", "OT", "OTA", "SLP", "biller", "admin")
PASSWORD = "correct horse battery staple"
TIMERS = [
    {
        "code": "97110",
        "start": "2025-06-02T09:00:00",
        "end": "2025-06-02T09:25:00",
        "provider": "PT",
    },
    {
        "code": "97140",
        "start": "2025-06-02T09:25:00",
        "end": "2025-06-02T09:35:00",
        "provider": "PT",
    },
]


@dataclass
class Clinic:
    """Bearer tokens by role (and for the second clinic's therapist), and the seeded ids."""

    tokens: dict[str, str] = field(default_factory=dict)
    patient_id: int = 0
    other_patient_id: int = 0
    expired_session: str = ""

    def auth(self, who: str) -> dict[str, str]:
        if who == "none":
            return {}
        if who == "expired":
            return {"Cookie": f"{SESSION_COOKIE}={self.expired_session}"}
        return {"Authorization": f"Bearer {self.tokens[who]}"}


_CLINICIANS = (
    ("PT", "Pat Lee", "PT, DPT", None),
    ("PTA", "Alex Kim", "PTA", "PT"),
    ("OT", "Olive Tran", "OTR/L", None),
    ("OTA", "Omar Diaz", "COTA", "OT"),
    ("SLP", "Sue Park", "CCC-SLP", None),
)


def email_of(role: str, clinic: str = "a") -> str:
    return f"{role.lower()}@{clinic}.test"


def seed_clinic(db: Database, *, cosign: bool = True) -> Clinic:
    """Clinic A's clinicians (PTA supervised by PT, OTA by OT), biller and admin, a patient
    with a plan; clinic B's PT and patient. Every caller gets a real bearer token, and the
    two broken credentials are real too: an expired browser session and a revoked token."""
    clinic = Clinic()
    for role, name, credentials, supervisor in _CLINICIANS:
        people.add_clinician(
            db,
            name=name,
            credentials=credentials,
            role=Role(role),
            email=email_of(role),
            supervisor_email=email_of(supervisor) if supervisor else None,
        )
    for role in ("biller", "admin"):
        accounts.add_account(db, email=email_of(role), name=role.title(), role=AccountRole(role))
    other = people.add_clinician(
        db, name="Bo Chen", credentials="PT", role=Role.PT, email=email_of("PT", "b"), clinic="b"
    )
    patient = people.add_patient(
        db,
        name=str(PHI["name"]),
        date_of_birth=PHI["dob"],  # type: ignore[arg-type]
        mrn=str(PHI["mrn"]),
        carried_in_year=2025,
    )
    people.add_plan(
        db,
        patient_id=patient.id,
        first_treatment=date(2025, 5, 1),
        certified_through=date(2025, 7, 29),
        goals=["Climb 12 stairs with one rail"],
        requires_cosign=cosign,
    )
    theirs = people.add_patient(
        db,
        name="Other Person",
        date_of_birth=date(1970, 1, 1),
        mrn="B-1",
        clinic_id=other.clinic_id,
    )
    clinic.patient_id, clinic.other_patient_id = patient.id, theirs.id
    for who in ROLES:
        clinic.tokens[who] = accounts.create_token(db, email_of(who), label="test")[0]
    clinic.tokens["other"] = accounts.create_token(db, other.email, label="test")[0]
    revoked, record = accounts.create_token(db, email_of("PT"), label="revoked")
    accounts.revoke_token(db, record.id)
    clinic.tokens["revoked"] = revoked
    accounts.set_password(db, email_of("PT"), PASSWORD)
    # A session opened long ago: its row is there, past its expiry.
    expired, _ = accounts.login(db, email_of("PT"), PASSWORD, now=datetime(2001, 1, 1, tzinfo=UTC))
    clinic.expired_session = expired
    return clinic


def client_for(settings: Settings) -> Iterator[TestClient]:
    """The real app over the test database, its lifespan running."""
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


class Contract:
    """Checks a response against the schema the app's own OpenAPI document declares for that
    operation and status (formats included), with schemathesis's validator."""

    def __init__(self, document: dict[str, Any]) -> None:
        import schemathesis

        self.document = document
        self.schema = schemathesis.openapi.from_dict(document)

    def check(self, method: str, path: str, response: Any) -> None:
        declared = self.document["paths"][path][method.lower()]["responses"]
        assert str(response.status_code) in declared, (
            f"{method} {path}: {response.status_code} is not documented"
        )
        self.schema[path][method.upper()].validate_response(response)


WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement run inside the block, whitespace folded."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def writes(statements: list[str]) -> list[str]:
    # PostgreSQL appends an audit event and moves the head in one WITH ... INSERT.
    return [
        s
        for s in statements
        if s.upper().startswith(WRITES)
        or (s.upper().startswith("WITH") and any(w in s.upper() for w in WRITES[:3]))
    ]
