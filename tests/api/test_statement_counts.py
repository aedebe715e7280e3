"""What a read costs the database, counted per request with SQLAlchemy's cursor event: an
upper bound on the statements of the hot read routes, so a change that adds queries to
them fails here instead of in the load bench, and no write but the view's audit event.

The bounds are the counts on SQLite, which also sees its BEGIN and PRAGMA statements (the
psycopg driver begins its transactions implicitly, so PostgreSQL counts fewer).
"""

from fastapi.testclient import TestClient

from tests.api.support import DICTATION, TIMERS, Clinic, statements, writes


def _note(client: TestClient, clinic: Clinic) -> int:
    body = {
        "patient_id": clinic.patient_id,
        "text": DICTATION,
        "timers": TIMERS,
        "date_of_service": "2025-06-02",
    }
    r = client.post("/api/sessions", json=body, headers=clinic.auth("PT"))
    assert r.status_code == 201, r.text
    return int(r.json()["note_id"])


def _count(client: TestClient, method: str, url: str, headers: dict[str, str]) -> list[str]:
    client.request(method, url, headers=headers)  # warm: first-use caches fill here
    with statements() as seen:
        r = client.request(method, url, headers=headers)
    assert r.status_code == 200, r.text
    return seen


def test_health_touches_no_database(seeded: tuple[Clinic, TestClient]) -> None:
    _, client = seeded
    assert _count(client, "GET", "/health", {}) == []


def test_get_note_reads_in_few_statements_and_writes_only_its_audit_event(
    seeded: tuple[Clinic, TestClient],
) -> None:
    clinic, client = seeded
    note = _note(client, clinic)
    seen = _count(client, "GET", f"/api/notes/{note}", clinic.auth("PT"))
    # Token, then the note with its access facts, revision, findings and acknowledgements
    # in one statement, both outside a transaction; then the audit append after its BEGIN:
    # the head moved from where this process left it, and the event.
    assert len(seen) <= 5, seen
    assert not any(s.startswith("PRAGMA") for s in seen), seen
    written = writes(seen)
    inserts = [w for w in written if "INSERT" in w.upper()]
    assert len(inserts) == 1, written
    assert "INSERT INTO audit_event" in inserts[0], written
    assert sum(w == "BEGIN IMMEDIATE" for w in written) <= 1, written
    for url in (f"/api/notes/{note}/claim", f"/api/notes/{note}/findings"):
        assert len(_count(client, "GET", url, clinic.auth("PT"))) <= 5


def test_validate_of_an_unchanged_revision_writes_nothing(
    seeded: tuple[Clinic, TestClient],
) -> None:
    clinic, client = seeded
    note = _note(client, clinic)
    seen = _count(client, "POST", f"/api/notes/{note}/validate", clinic.auth("PT"))
    # Token, the joined note, then what the reused report is checked against: the patient,
    # their history's version and the reference tables' version. All three outside a
    # transaction: no BEGIN.
    assert len(seen) == 3, seen
    assert writes(seen) == []


def test_a_refused_read_stops_after_the_joined_statement(
    seeded: tuple[Clinic, TestClient],
) -> None:
    clinic, client = seeded
    note = _note(client, clinic)
    client.get(f"/api/notes/{note}", headers=clinic.auth("other"))
    with statements() as seen:
        r = client.get(f"/api/notes/{note}", headers=clinic.auth("other"))
    assert r.status_code == 404
    assert len(seen) <= 5, seen
    assert writes(seen) == []  # another clinic's refused read leaves no view event
