"""The real app over the store's test databases (SQLite by default, PostgreSQL when
DATABASE_URL is set), driven over HTTP by Starlette's TestClient."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.settings import Settings, get_settings
from assistant.store.db import Database
from tests.api.support import Clinic, client_for, seed_clinic
from tests.store_support import db, store_settings, store_target

__all__ = ["api_app", "client", "db", "seeded", "store_settings", "store_target"]


@pytest.fixture
def api_app(store_settings: Settings) -> FastAPI:
    return create_app(store_settings)


@pytest.fixture
def client(api_app: FastAPI) -> Iterator[TestClient]:
    # `with`: the lifespan runs, so the app owns its Database as in production.
    with TestClient(api_app) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Services read user data (imported NCCI, fees) from PTSCRIBE_HOME: never the
    developer's own."""
    home = tmp_path / "ptscribe-home"
    monkeypatch.setenv("PTSCRIBE_HOME", str(home))
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture
def seeded(db: Database, store_settings: Settings) -> Iterator[tuple[Clinic, TestClient]]:
    """A seeded clinic (tests/api/support.py) behind the real app."""
    clinic = seed_clinic(db)
    for test_client in client_for(store_settings):
        yield clinic, test_client
