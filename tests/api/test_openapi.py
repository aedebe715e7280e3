"""The OpenAPI document is complete: every body has an example, every operation a summary,
every response a schema."""

from typing import Any

import pytest

from api.main import create_app
from assistant.settings import Settings

DOCUMENT = create_app(Settings()).openapi()
OPERATIONS = [
    (path, method, op) for path, item in DOCUMENT["paths"].items() for method, op in item.items()
]


def _schema(ref_or_schema: dict[str, Any]) -> dict[str, Any]:
    ref = ref_or_schema.get("$ref")
    if ref is None:
        return ref_or_schema
    return DOCUMENT["components"]["schemas"][ref.rsplit("/", 1)[1]]


@pytest.mark.parametrize(
    ("path", "method", "op"), OPERATIONS, ids=[f"{m} {p}" for p, m, _ in OPERATIONS]
)
def test_operation_is_documented(path: str, method: str, op: dict[str, Any]) -> None:
    assert op.get("summary"), "say what the route does"
    body = op.get("requestBody")
    if body is not None:
        schema = body["content"]["application/json"]["schema"]
        assert schema.get("examples") or _schema(schema).get("examples"), "a body needs an example"
    for status, response in op["responses"].items():
        if status in ("204",):
            continue
        assert "application/json" in response.get("content", {}), status


def test_lifecycle_routes_are_all_there() -> None:
    routes = {(m.upper(), p) for p, m, _ in OPERATIONS}
    for expected in [
        ("GET", "/api/patients"),
        ("POST", "/api/patients"),
        ("GET", "/api/patients/{patient_id}"),
        ("GET", "/api/patients/{patient_id}/plans"),
        ("POST", "/api/patients/{patient_id}/plans"),
        ("POST", "/api/sessions"),
        ("POST", "/api/sessions/{session_id}/draft"),
        ("GET", "/api/notes"),
        ("GET", "/api/notes/{note_id}"),
        ("GET", "/api/notes/{note_id}/claim"),
        ("POST", "/api/notes/{note_id}/revisions"),
        ("POST", "/api/notes/{note_id}/validate"),
        ("GET", "/api/notes/{note_id}/findings"),
        ("POST", "/api/notes/{note_id}/acknowledgements"),
        ("POST", "/api/notes/{note_id}/sign"),
        ("GET", "/api/cosign-queue"),
        ("POST", "/api/notes/{note_id}/cosign"),
        ("POST", "/api/notes/{note_id}/addenda"),
        ("GET", "/api/audit"),
        ("GET", "/api/audit/verify"),
        ("POST", "/api/bill"),
        ("GET", "/api/rules"),
        ("GET", "/api/rules/{rule_id}"),
        ("GET", "/api/schemas/{name}"),
    ]:
        assert expected in routes, expected
