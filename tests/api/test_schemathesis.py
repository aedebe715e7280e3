"""schemathesis over the app's own OpenAPI document, logged in, against a seeded clinic.

Every operation gets a bounded number of generated requests (plus the schema's examples);
the checks are the issue's: no 5xx, only documented status codes and content types, and
every response valid against the schema the operation declares.
"""

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import create_app
from assistant.settings import Settings
from assistant.store.db import Database
from tests.api.support import Clinic, client_for, seed_clinic

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 12


@pytest.fixture
def api(db: Database, store_settings: Settings) -> Iterator[tuple[Any, Clinic, dict[str, int]]]:
    clinic = seed_clinic(db)
    for client in client_for(store_settings):
        # Something to read, revise and sign: one drafted note of the seeded patient.
        body = {"patient_id": clinic.patient_id, "text": "TherEx x 25': R SLR 3x10 2#"}
        r = client.post("/api/sessions", json=body, headers=clinic.auth("PT"))
        assert r.status_code == 201
        ids = {
            "patient_id": clinic.patient_id,
            "note_id": r.json()["note_id"],
            "session_id": r.json()["session_id"],
        }
        schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
        try:
            yield schema, clinic, ids
        finally:
            # schemathesis runs the app's lifespan itself and keeps it for the process: end
            # it, so every test's database (and its PostgreSQL connections) is released.
            shutdown_lifespans()


DOCUMENT = create_app(Settings()).openapi()


def _operations() -> list[tuple[str, str]]:
    """Every (path, method) of the app's OpenAPI document, for one test each."""
    return [(path, method) for path, item in DOCUMENT["paths"].items() for method in item]


def _example(path: str, method: str) -> Any:
    """The request body example the document gives for an operation (None: no body)."""
    body = DOCUMENT["paths"][path][method].get("requestBody")
    if body is None:
        return None
    schema = body["content"]["application/json"]["schema"]
    if "examples" not in schema and "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    examples = schema.get("examples") or [None]
    return examples[0]


@pytest.mark.parametrize(("path", "method"), _operations())
def test_api_keeps_its_contract(
    api: tuple[Any, Clinic, dict[str, int]], path: str, method: str
) -> None:
    schema, clinic, ids = api
    operation = schema[path][method.upper()]
    who = "admin" if path.startswith("/api/audit") else "PT"

    example = _example(path, method)

    @given(case=operation.as_strategy(), mode=st.sampled_from(["random", "seeded", "example"]))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: Any, mode: str) -> None:
        # Random ids find nothing and random bodies rarely get past validation: some
        # requests name the seeded records, some send the documented example body.
        if mode == "example" and example is not None:
            case.body = copy.deepcopy(example)
        if mode != "random":
            for name in case.path_parameters or {}:
                case.path_parameters[name] = ids.get(name, case.path_parameters[name])
            if isinstance(case.body, dict) and "patient_id" in case.body:
                case.body["patient_id"] = ids["patient_id"]
        case.call_and_validate(headers=clinic.auth(who), checks=CHECKS)

    run()
