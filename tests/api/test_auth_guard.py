"""What every request passes through: security headers, the body cap (413, chunked bodies
included), the JSON depth cap and 422s that name the field but never echo the input."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.security import json_depth_exceeds
from assistant.settings import Settings
from assistant.store.db import Database
from tests.api.auth_support import PASSWORD, seed_logins

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def _has_security_headers(headers) -> None:
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    for name, value in EXPECTED.items():
        assert headers[name] == value


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/health", {}, 200),
        ("GET", "/api/me", {}, 401),
        ("GET", "/no/such/page", {}, 404),
        ("POST", "/api/login", {"json": {"email": "x"}}, 422),
        (
            "POST",
            "/api/login",
            {"content": b"x" * 5000, "headers": {"content-type": "text/plain"}},
            413,
        ),
        ("GET", "/openapi.json", {}, 200),
    ],
)
def test_security_headers_on_every_response(
    small: TestClient, method: str, path: str, kwargs: dict, status: int
) -> None:
    response = small.request(method, path, **kwargs)
    assert response.status_code == status
    _has_security_headers(response.headers)
    assert response.headers["cache-control"] == "no-store"


@pytest.fixture
def small(store_settings: Settings) -> Iterator[TestClient]:
    settings = store_settings.model_copy(update={"max_body_bytes": 4096, "max_json_depth": 8})
    with TestClient(create_app(settings)) as client:
        yield client


def test_oversized_body_is_413(small: TestClient) -> None:
    body = b'{"email": "a@b.c", "password": "' + b"p" * 5000 + b'"}'
    response = small.post("/api/login", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "4096 bytes" in response.json()["detail"]


def test_oversized_chunked_body_without_length_is_413(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"email": "a@b.c", "password": "'
        for _ in range(10):
            yield b"p" * 1000
        yield b'"}'

    response = small.post(
        "/api/login", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.request.headers.get("content-length") is None
    assert response.status_code == 413


def test_a_lying_content_length_is_413(small: TestClient) -> None:
    response = small.post(
        "/api/login",
        content=b"{}",
        headers={"content-type": "application/json", "content-length": "x"},
    )
    assert response.status_code == 413


def test_body_under_the_cap_still_works(small: TestClient, db: Database) -> None:
    who = seed_logins(db)
    response = small.post("/api/login", json={"email": who.pt, "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_json_is_422(small: TestClient, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    body = opener * 50 + "1" + closer * 50
    response = small.post("/api/login", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body"]
    assert "deeper than 8" in detail[0]["msg"]


def test_deep_json_far_past_the_recursion_limit_is_422_not_500(
    client: TestClient,
) -> None:
    body = "[" * 200_000 + "]" * 200_000
    response = client.post("/api/login", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("body", "depth", "too_deep"),
    [
        (b"[[1]]", 2, False),
        (b"[[[1]]]", 2, True),
        # Brackets inside strings, escaped quotes included, do not count.
        (b'["[[[[", "\\"[[[["]', 2, False),
        (b'{"a": {"b": {"c": 1}}}', 3, False),
        (b'{"a": {"b": {"c": {}}}}', 3, True),
        (b"[1, [2], [3], [4], [5]]", 2, False),
    ],
)
def test_json_depth_scan(body: bytes, depth: int, too_deep: bool) -> None:
    assert json_depth_exceeds(body, depth) is too_deep


def test_422_names_the_field_and_never_echoes_the_input(client: TestClient) -> None:
    response = client.post(
        "/api/login", json={"email": "a@b.c", "password": ["hunter2-secret"], "extra": "leak-me"}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    locations = {tuple(d["loc"]) for d in detail}
    assert ("body", "password") in locations
    assert ("body", "extra") in locations
    assert "hunter2-secret" not in response.text
    assert "leak-me" not in response.text


@pytest.mark.parametrize(
    ("content", "ctype"),
    [
        (b"{not json", "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        (b"email=a&password=b", "application/x-www-form-urlencoded"),
        (b"", "application/json"),
        (b'"just a string"', "application/json"),
    ],
)
def test_garbage_bodies_are_4xx_never_500(client: TestClient, content: bytes, ctype: str) -> None:
    response = client.post("/api/login", content=content, headers={"content-type": ctype})
    assert 400 <= response.status_code < 500, response.text


def test_no_swagger_ui_it_would_need_inline_script_and_a_cdn(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "ptscribe"
