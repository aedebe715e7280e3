"""The real app over the store's test databases (SQLite by default, PostgreSQL when
DATABASE_URL is set), driven over HTTP by Starlette's TestClient."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.settings import Settings
from tests.store_support import db, store_settings, store_target

__all__ = ["api_app", "client", "db", "store_settings", "store_target"]


@pytest.fixture
def api_app(store_settings: Settings) -> FastAPI:
    return create_app(store_settings)


@pytest.fixture
def client(api_app: FastAPI) -> Iterator[TestClient]:
    # `with`: the lifespan runs, so the app owns its Database as in production.
    with TestClient(api_app) as test_client:
        yield test_client
