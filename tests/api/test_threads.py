"""The server's threads: a few request threads with a connection each, and drafting on
threads of its own, so a slow LLM draft never holds the threads every read waits for."""

import threading
from typing import Any

import anyio.to_thread
from fastapi.testclient import TestClient

from api import deps
from api.deps import DrafterChoice
from api.main import create_app
from assistant.domain.session import SessionInput
from assistant.drafting.base import Draft
from assistant.drafting.offline import OfflineDrafter
from assistant.settings import Settings
from assistant.store.db import Database
from tests.api.support import DICTATION, TIMERS, Clinic, seed_clinic


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), raise_server_exceptions=False)


def test_request_threads_size_the_thread_limiter_and_the_connection_pool(
    store_settings: Settings,
) -> None:
    settings = store_settings.model_copy(update={"request_threads": 3, "drafting_threads": 5})

    def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    with _client(settings) as client:
        assert client.portal.call(tokens) == 3  # type: ignore[union-attr]
    db = Database.from_settings(settings)
    try:
        pool: Any = db.engine.pool
        assert (pool.size(), pool._max_overflow) == (5, 10)
    finally:
        db.dispose()


class _Stalled:
    """A model that answers only when the test lets it."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def draft(self, session: SessionInput) -> Draft:
        self.started.set()
        self.release.wait(timeout=60)
        return OfflineDrafter().draft(session)


def test_a_stalled_llm_draft_leaves_the_request_thread_free(
    db: Database, store_settings: Settings
) -> None:
    clinic: Clinic = seed_clinic(db)
    settings = store_settings.model_copy(update={"request_threads": 1})
    model = _Stalled()
    with _client(settings) as client:
        client.app.dependency_overrides[deps.get_drafter] = lambda: DrafterChoice(  # type: ignore[attr-defined]
            "llm", lambda: model
        )
        drafted: list[Any] = []
        body = {
            "patient_id": clinic.patient_id,
            "text": DICTATION,
            "timers": TIMERS,
            "date_of_service": "2025-06-02",
        }
        post = threading.Thread(
            target=lambda: drafted.append(
                client.post("/api/sessions", json=body, headers=clinic.auth("PT"))
            )
        )
        post.start()
        try:
            assert model.started.wait(timeout=30)
            read: list[Any] = []
            # The one request thread must be free while the draft waits on the model.
            reader = threading.Thread(
                target=lambda: read.append(client.get("/api/patients", headers=clinic.auth("PT")))
            )
            reader.start()
            reader.join(timeout=20)
            assert read, "a read waited behind a draft"
            assert read[0].status_code == 200
            assert not drafted  # the draft is still waiting on the model
        finally:
            model.release.set()
            post.join(timeout=60)
        assert drafted[0].status_code == 201, drafted[0].text
