"""One hand-off to a worker thread per request (api/onehop.py): the principal's store lookup
and the route run on the same thread, the response is checked on the event loop."""

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import anyio.to_thread
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.main import create_app
from api.onehop import OneHopRoute
from assistant.services import notes
from assistant.settings import Settings
from assistant.store.db import Database
from tests.api.auth_support import login
from tests.api.support import DICTATION, PASSWORD, PHI, Clinic, email_of

_real_run_sync = anyio.to_thread.run_sync


@contextmanager
def handoffs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the calls the app hands to worker threads while the block runs."""
    seen: list[str] = []

    async def counting(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(func, "__qualname__", repr(func)))
        return await _real_run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    try:
        yield seen
    finally:
        monkeypatch.setattr(anyio.to_thread, "run_sync", _real_run_sync)


def _note(db: Database) -> int:
    view = notes.new_session(
        db, DICTATION, mrn=str(PHI["mrn"]), clinician_email=email_of("PT"), day=date(2025, 6, 2)
    )
    return view.note_id


def _routes(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's included router
        yield from _routes(included.routes) if included is not None else (route,)


def test_every_route_of_the_app_makes_one_handoff_at_most(store_settings: Settings) -> None:
    routes = [r for r in _routes(create_app(store_settings).routes) if isinstance(r, APIRoute)]
    assert len(routes) > 40
    for route in routes:
        assert isinstance(route, OneHopRoute), route.path
        # An async endpoint: FastAPI then checks the response on the event loop.
        assert inspect.iscoroutinefunction(route.endpoint), route.path


def test_api_reads_hand_off_once(
    seeded: tuple[Clinic, TestClient], db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    clinic, client = seeded
    note_id = _note(db)
    auth = clinic.auth("PT")
    for method, path in (
        ("GET", f"/api/notes/{note_id}"),
        ("POST", f"/api/notes/{note_id}/validate"),
        ("GET", f"/api/notes/{note_id}/claim"),
        ("GET", "/api/patients"),
    ):
        with handoffs(monkeypatch) as seen:
            response = client.request(method, path, headers=auth)
        assert response.status_code == 200, (path, response.text)
        # Before: the token lookup, the route and its response check each took a thread.
        assert len(seen) == 1, (path, seen)


def test_the_review_page_hands_off_once(
    seeded: tuple[Clinic, TestClient], db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, client = seeded
    note_id = _note(db)
    login(client, email_of("PT"), PASSWORD)
    with handoffs(monkeypatch) as seen:
        response = client.get(f"/notes/{note_id}")
    assert response.status_code == 200
    assert 'name="revision"' in response.text
    assert len(seen) == 1, seen


def test_refusals_keep_their_order(seeded: tuple[Clinic, TestClient], db: Database) -> None:
    """The lookup moved to the route's thread; what each broken credential gets did not."""
    clinic, client = seeded
    note_id = _note(db)
    path = f"/api/notes/{note_id}"
    assert client.get(path).status_code == 401
    assert client.get(path, headers=clinic.auth("revoked")).status_code == 401
    assert client.get(path, headers={"Authorization": "Basic x"}).status_code == 401
    # An expired session without its CSRF token: not logged in (401), not a CSRF refusal.
    expired = clinic.auth("expired")
    assert client.post(f"{path}/validate", headers=expired).status_code == 401
    assert client.get(path, headers=clinic.auth("other")).status_code == 404
    # A live session posting without its CSRF token is refused (403) after the lookup.
    login(client, email_of("PT"), PASSWORD)
    assert client.post(f"{path}/validate").status_code == 403
    # A page without a session is sent to log in, without a store lookup.
    client.cookies.clear()
    page = client.get(f"/notes/{note_id}", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == f"/login?next=%2Fnotes%2F{note_id}"
