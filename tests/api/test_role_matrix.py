"""Every route of the note lifecycle x every caller -> the status the policy promises.

Callers: each role (PT, PTA, OT, OTA, SLP, biller, admin) of clinic A, no login, an expired
browser session, a revoked bearer token, and a PT of clinic B (another clinic's records are
404, never 403). Each row names the record it acts on; refusals change nothing, so a row's
callers run in table order with the ones allowed to change the record last.

Columns: PT PTA OT OTA SLP biller admin | none expired revoked | other-clinic PT
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.services import notes, sessions
from assistant.settings import Settings
from assistant.store.db import Database
from tests.api.support import DICTATION, TIMERS, Clinic, client_for, seed_clinic

CALLERS = (
    "PTA",
    "OT",
    "OTA",
    "SLP",
    "biller",
    "admin",
    "none",
    "expired",
    "revoked",
    "other",
    "PT",
)
Body = Callable[["World", str], Any] | None


@dataclass
class World:
    """The seeded records every row acts on."""

    db: Database
    clinic: Clinic
    ids: dict[str, int]

    def revision(self, note: str) -> int:
        return notes.check_current(self.db, self.ids[note])[0]


def _mrn(world: World, who: str) -> dict[str, Any]:
    return {"name": "New Patient", "date_of_birth": "1950-01-01", "mrn": f"NEW-{who}"}


def _session(note_type: str) -> Body:
    def body(world: World, who: str) -> dict[str, Any]:
        return {"patient_id": world.ids["patient"], "text": DICTATION, "note_type": note_type}

    return body


def _revise(note: str) -> Body:
    def body(world: World, who: str) -> dict[str, Any]:
        current = world.revision(note)
        stored = notes.show(world.db, world.ids[note], actor="test").note
        return {"revision": current, "note": stored.model_dump(mode="json")}

    return body


def _at(note: str) -> Body:
    return lambda world, who: {"revision": world.revision(note)}


def _ack(world: World, who: str) -> dict[str, Any]:
    view = notes.show(world.db, world.ids["ack"], actor="test")
    acked = {(a.rule, a.path) for a in view.acknowledgements}
    warning = next(
        f for f in view.findings if f.severity == "warning" and (f.rule, f.path) not in acked
    )
    return {"revision": view.revision, "rule": warning.rule, "path": warning.path}


_PLAN = {"first_treatment": "2025-06-01", "goals": ["Walk 500 ft"]}
_ADDENDUM = {"reason": "late entry", "text": "No soreness the next day."}
_VISIT = {"date_of_service": "2025-06-02", "services": [{"code": "97110", "minutes": 33}]}

# method, path ({name} is a seeded id), body, expected status per caller in CALLERS order:
#        PTA  OT   OTA  SLP  bill adm  none exp  rev  other PT
ROWS: list[tuple[str, str, Body, tuple[int, ...]]] = [
    ("GET", "/api/patients", None, (200, 200, 200, 200, 200, 403, 401, 401, 401, 200, 200)),
    ("POST", "/api/patients", _mrn, (403, 201, 403, 201, 403, 403, 401, 401, 401, 201, 201)),
    (
        "GET",
        "/api/patients/{patient}",
        None,
        (200, 200, 200, 200, 200, 403, 401, 401, 401, 404, 200),
    ),
    (
        "GET",
        "/api/patients/{patient}/plans",
        None,
        (200, 200, 200, 200, 200, 403, 401, 401, 401, 404, 200),
    ),
    (
        "POST",
        "/api/patients/{patient}/plans",
        lambda w, who: _PLAN,
        (403, 201, 403, 201, 403, 403, 401, 401, 401, 404, 201),
    ),
    (
        "POST",
        "/api/sessions",
        _session("daily"),
        (201, 201, 201, 201, 403, 403, 401, 401, 401, 404, 201),
    ),
    (
        "POST",
        "/api/sessions",
        _session("evaluation"),
        (403, 201, 403, 201, 403, 403, 401, 401, 401, 404, 201),
    ),
    (
        "POST",
        "/api/sessions",
        _session("discharge"),
        (403, 201, 403, 201, 403, 403, 401, 401, 401, 404, 201),
    ),
    (
        "POST",
        "/api/sessions/{undrafted}/draft",
        lambda w, who: {},
        (403, 403, 403, 403, 403, 403, 401, 401, 401, 404, 200),
    ),
    ("GET", "/api/notes", None, (200, 200, 200, 200, 200, 403, 401, 401, 401, 200, 200)),
    ("GET", "/api/notes/{draft}", None, (200, 200, 200, 200, 403, 403, 401, 401, 401, 404, 200)),
    ("GET", "/api/notes/{signed}", None, (200, 200, 200, 200, 200, 403, 401, 401, 401, 404, 200)),
    (
        "GET",
        "/api/notes/{signed}/claim",
        None,
        (200, 200, 200, 200, 200, 403, 401, 401, 401, 404, 200),
    ),
    (
        "GET",
        "/api/notes/{draft}/claim",
        None,
        (200, 200, 200, 200, 403, 403, 401, 401, 401, 404, 200),
    ),
    (
        "GET",
        "/api/notes/{draft}/findings",
        None,
        (200, 200, 200, 200, 403, 403, 401, 401, 401, 404, 200),
    ),
    (
        "POST",
        "/api/notes/{draft}/validate",
        None,
        (200, 200, 200, 200, 403, 403, 401, 401, 401, 404, 200),
    ),
    (
        "POST",
        "/api/notes/{signed}/validate",
        None,
        (200, 200, 200, 200, 200, 403, 401, 401, 401, 404, 200),
    ),
    (
        "POST",
        "/api/notes/{draft}/revisions",
        _revise("draft"),
        (403, 403, 403, 403, 403, 403, 401, 401, 401, 404, 200),
    ),
    # The assistant's own note: the assistant and the supervising PT may revise it.
    (
        "POST",
        "/api/notes/{pta_draft}/revisions",
        _revise("pta_draft"),
        (200, 403, 403, 403, 403, 403, 401, 401, 401, 404, 200),
    ),
    (
        "POST",
        "/api/notes/{signed}/revisions",
        _revise("signed"),
        (403, 403, 403, 403, 403, 403, 401, 401, 401, 404, 409),
    ),
    (
        "POST",
        "/api/notes/{ack}/acknowledgements",
        _ack,
        (403, 403, 403, 403, 403, 403, 401, 401, 401, 404, 200),
    ),
    (
        "POST",
        "/api/notes/{blocked}/sign",
        _at("blocked"),
        (403, 403, 403, 403, 403, 403, 401, 401, 401, 404, 423),
    ),
    (
        "POST",
        "/api/notes/{ready}/sign",
        _at("ready"),
        (403, 403, 403, 403, 403, 403, 401, 401, 401, 404, 200),
    ),
    ("GET", "/api/cosign-queue", None, (403, 200, 403, 200, 403, 403, 401, 401, 401, 200, 200)),
    (
        "POST",
        "/api/notes/{awaiting}/cosign",
        None,
        (403, 403, 403, 403, 403, 403, 401, 401, 401, 404, 200),
    ),
    (
        "POST",
        "/api/notes/{signed}/addenda",
        lambda w, who: _ADDENDUM,
        (403, 403, 403, 403, 403, 403, 401, 401, 401, 404, 201),
    ),
    # The assistant's signed note: the assistant and the supervising PT may add to it.
    (
        "POST",
        "/api/notes/{awaiting}/addenda",
        lambda w, who: _ADDENDUM,
        (201, 403, 403, 403, 403, 403, 401, 401, 401, 404, 201),
    ),
    ("GET", "/api/audit", None, (403, 403, 403, 403, 403, 200, 401, 401, 401, 403, 403)),
    ("GET", "/api/audit/verify", None, (403, 403, 403, 403, 403, 200, 401, 401, 401, 403, 403)),
    (
        "POST",
        "/api/bill",
        lambda w, who: _VISIT,
        (200, 200, 200, 200, 200, 200, 401, 401, 401, 200, 200),
    ),
    ("GET", "/api/rules", None, (200, 200, 200, 200, 200, 200, 401, 401, 401, 200, 200)),
    ("GET", "/api/rules/TE001", None, (200, 200, 200, 200, 200, 200, 401, 401, 401, 200, 200)),
    ("GET", "/api/schemas/note", None, (200, 200, 200, 200, 200, 200, 401, 401, 401, 200, 200)),
    ("GET", "/health", None, (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
]


def _seed_records(world: World, client: TestClient) -> None:
    """Notes in each state the rows need, drafted through the API as their authors."""
    clinic, ids = world.clinic, world.ids

    def draft(who: str, day: str = "2025-06-02") -> int:
        body = {
            "patient_id": clinic.patient_id,
            "text": DICTATION,
            "timers": TIMERS,
            "date_of_service": day,
        }
        r = client.post("/api/sessions", json=body, headers=clinic.auth(who))
        assert r.status_code == 201, r.text
        return int(r.json()["note_id"])

    def clear(note_id: int, who: str) -> None:
        r = client.post(
            f"/api/notes/{note_id}/sign", json={"revision": 1}, headers=clinic.auth(who)
        )
        assert r.status_code == 423, r.text
        for f in r.json()["findings"]:
            ack = {"revision": 1, "rule": f["rule"], "path": f["path"]}
            a = client.post(
                f"/api/notes/{note_id}/acknowledgements", json=ack, headers=clinic.auth(who)
            )
            assert a.status_code == 200, a.text

    ids["patient"] = clinic.patient_id
    for name in ("draft", "ack", "blocked", "signed"):
        ids[name] = draft("PT")
    # Dated before the signed notes, so none of them is its history (no copy-forward check).
    ids["ready"] = draft("PT", "2025-05-20")
    ids["pta_draft"] = draft("PTA")
    ids["awaiting"] = draft("PTA")
    clear(ids["ready"], "PT")
    for name, who in (("signed", "PT"), ("awaiting", "PTA")):
        clear(ids[name], who)
        r = client.post(
            f"/api/notes/{ids[name]}/sign", json={"revision": 1}, headers=clinic.auth(who)
        )
        assert r.status_code == 200, r.text
    ids["undrafted"] = _undrafted(world)


def _undrafted(world: World) -> int:
    """A stored session whose drafter failed: its input is kept, it has no note."""
    from assistant.services import drafting

    original = sessions.draft_and_review

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("drafter crashed")

    sessions.draft_and_review = crash  # type: ignore[assignment]
    try:
        notes.new_session(world.db, DICTATION, mrn="MRN-7741", clinician_email="pt@a.test")
    except notes.DraftFailedError as exc:
        return exc.session_id
    finally:
        sessions.draft_and_review = original  # type: ignore[assignment]
        del drafting
    raise AssertionError("the session was drafted")


@pytest.fixture
def world(db: Database, store_settings: Settings) -> Iterator[tuple[World, TestClient]]:
    clinic = seed_clinic(db)
    for client in client_for(store_settings):
        found = World(db, clinic, {})
        _seed_records(found, client)
        yield found, client


def _headers(world: World, caller: str) -> dict[str, str]:
    return world.clinic.auth(caller)


def test_every_route_answers_every_caller_as_the_policy_says(
    world: tuple[World, TestClient],
) -> None:
    found, client = world
    wrong: list[str] = []
    for method, template, body, expected in ROWS:
        assert len(expected) == len(CALLERS), template
        path = template.format(**{k: str(v) for k, v in found.ids.items()})
        for caller, status in zip(CALLERS, expected, strict=True):
            payload = body(found, caller) if body is not None else None
            r = client.request(method, path, json=payload, headers=_headers(found, caller))
            if r.status_code != status:
                wrong.append(
                    f"{method} {template} as {caller}: {r.status_code} (expected {status}) {r.text[:120]}"
                )
    assert not wrong, "\n".join(wrong)
