"""Databases for the store, service and CLI tests: real SQLite by default, the real
PostgreSQL named by DATABASE_URL when it is set.

PostgreSQL: one schema per test session (dropped at the end), migrated once; every test
starts from empty tables (TRUNCATE with the triggers set aside). SQLite: every test gets a
copy of a database file migrated once per session.
"""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from assistant.domain.billing import Role
from assistant.errors import SignBlockedError
from assistant.services import notes, people, signing
from assistant.settings import Settings
from assistant.store import migrate
from assistant.store.db import Database, scratch_schema

PG_URL = os.environ.get("DATABASE_URL", "")
ROOT = Path(__file__).resolve().parents[1]
DICTATION = (ROOT / "examples" / "dictation.txt").read_text(encoding="utf-8")
PHI = {"name": "Jane Q Roe", "dob": date(1958, 3, 4), "mrn": "MRN-7741"}

needs_postgres = pytest.mark.skipif(not PG_URL, reason="needs DATABASE_URL (PostgreSQL)")


@dataclass(frozen=True)
class StoreTarget:
    postgres: bool
    url: str  # with the test schema on PostgreSQL; "" for SQLite
    template: Path | None  # the migrated SQLite file


@pytest.fixture(scope="session")
def store_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreTarget]:
    if PG_URL:
        with scratch_schema(Settings(database_url=PG_URL), "ptscribe_test") as url:
            db = Database.from_settings(Settings(database_url=url))
            migrate.upgrade(db)
            db.dispose()
            yield StoreTarget(True, url, None)
        return
    home = tmp_path_factory.mktemp("store-template")
    db = Database.from_settings(Settings(home=home))
    migrate.upgrade(db)
    db.dispose()
    yield StoreTarget(False, "", Settings(home=home).database_file)


def settings_for(target: StoreTarget, home: Path) -> Settings:
    if target.postgres:
        return Settings(home=home, database_url=target.url)
    home.mkdir(parents=True, exist_ok=True)
    assert target.template is not None
    shutil.copy(target.template, Settings(home=home).database_file)
    return Settings(home=home)


def _truncate(db: Database) -> None:
    names = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)
    with db.engine.begin() as conn:
        # The store refuses TRUNCATE of the signed record; the tests' reset (as the database's
        # superuser) sets ordinary triggers aside for this one transaction.
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def store_settings(store_target: StoreTarget, tmp_path: Path) -> Settings:
    settings = settings_for(store_target, tmp_path / "home")
    if store_target.postgres:
        db = Database.from_settings(settings)
        _truncate(db)
        db.dispose()
    return settings


@pytest.fixture
def db(store_settings: Settings) -> Iterator[Database]:
    database = Database.from_settings(store_settings)
    yield database
    database.dispose()


@dataclass(frozen=True)
class Seed:
    pt: str = "pt@clinic.test"
    pta: str = "pta@clinic.test"
    other_pt: str = "other@clinic.test"
    mrn: str = PHI["mrn"]  # type: ignore[assignment]


def seed(db: Database, *, cosign: bool = False, carried_in: float = 0.0) -> Seed:
    s = Seed()
    people.add_clinician(db, name="Pat Lee", credentials="PT, DPT", role=Role.PT, email=s.pt)
    people.add_clinician(
        db, name="Alex Kim", credentials="PTA", role=Role.PTA, email=s.pta, supervisor_email=s.pt
    )
    people.add_clinician(db, name="Sam Ortiz", credentials="PT", role=Role.PT, email=s.other_pt)
    people.add_patient(
        db,
        name=str(PHI["name"]),
        date_of_birth=PHI["dob"],  # type: ignore[arg-type]
        mrn=s.mrn,
        carried_in=carried_in,
        carried_in_year=2025,
        payer=None,
    )
    people.add_plan(
        db,
        mrn=s.mrn,
        first_treatment=date(2025, 5, 1),
        certified_through=date(2025, 7, 29),
        goals=["Climb 12 stairs with one rail", "Walk 500 ft without a device"],
        requires_cosign=cosign,
    )
    return s


def draft(db: Database, who: str, *, day: date = date(2025, 6, 2), text: str = DICTATION) -> int:
    return notes.new_session(db, text, mrn=Seed.mrn, clinician_email=who, day=day).note_id


def ack_all(db: Database, note_id: int, revision: int, who: str) -> None:
    """Acknowledge every warning signing would stop at."""
    try:
        signing.sign(db, note_id, revision=revision, clinician_email=who)
    except SignBlockedError as exc:
        for f in exc.findings:
            assert f["severity"] == "warning", f
            notes.acknowledge(db, note_id, revision=revision, rule=f["rule"], path=f["path"])
        return
    raise AssertionError("expected the sign to be blocked by warnings")


def signed_note(
    db: Database, who: str, *, day: date = date(2025, 6, 2), text: str = DICTATION
) -> int:
    note_id = draft(db, who, day=day, text=text)
    ack_all(db, note_id, 1, who)
    signing.sign(db, note_id, revision=1, clinician_email=who)
    return note_id
