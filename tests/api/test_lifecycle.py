"""The note lifecycle end to end over HTTP: the real app, the real database (SQLite, or the
PostgreSQL named by DATABASE_URL), the caller identified by a bearer token."""

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from assistant.rules.tables import PtpEdit
from assistant.services import reference, worklist
from assistant.services.billing import bill_text
from assistant.store.db import Database
from tests.api.support import DICTATION, TIMERS, Clinic, Contract, email_of

ROOT = Path(__file__).resolve().parents[2]


def _session(client: Any, clinic: Clinic, who: str = "PT", **extra: Any) -> dict[str, Any]:
    body = {
        "patient_id": clinic.patient_id,
        "text": DICTATION,
        "timers": TIMERS,
        "date_of_service": "2025-06-02",
        **extra,
    }
    r = client.post("/api/sessions", json=body, headers=clinic.auth(who))
    assert r.status_code == 201, r.text
    return r.json()


def _clear_warnings(client: Any, clinic: Clinic, note_id: int, rev: int, who: str) -> None:
    """Sign is refused (423) while warnings stand; acknowledge one, override the others."""
    r = client.post(f"/api/notes/{note_id}/sign", json={"revision": rev}, headers=clinic.auth(who))
    assert r.status_code == 423, r.text
    blocking = r.json()["findings"]
    assert blocking
    assert all(f["severity"] == "warning" for f in blocking), blocking
    for n, f in enumerate(blocking):
        ack = {"revision": rev, "rule": f["rule"], "path": f["path"]}
        if n:
            ack["reason"] = "reviewed with the patient's record"
        r = client.post(
            f"/api/notes/{note_id}/acknowledgements", json=ack, headers=clinic.auth(who)
        )
        assert r.status_code == 200, r.text


class _Checked:
    """The test client, with every response checked against its operation's schema."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.contract = Contract(client.app.openapi())  # type: ignore[attr-defined]
        self.routes = [
            (t, re.compile("^" + re.sub(r"\{[a-z_]+\}", "[^/]+", t) + "$"))
            for t in self.contract.document["paths"]
        ]

    def _template(self, url: str) -> str:
        path = url.split("?")[0]
        return next(t for t, regex in self.routes if regex.match(path))

    def get(self, url: str, **kw: Any) -> Any:
        r = self.client.get(url, **kw)
        self.contract.check("GET", self._template(url), r)
        return r

    def post(self, url: str, **kw: Any) -> Any:
        r = self.client.post(url, **kw)
        self.contract.check("POST", self._template(url), r)
        return r


def test_note_lifecycle_end_to_end(seeded: tuple[Clinic, TestClient]) -> None:
    clinic, plain = seeded
    client: Any = _Checked(plain)
    pt = clinic.auth("PT")
    drafted = _session(client, clinic)
    note_id = drafted["note_id"]
    assert drafted["status"] == "in_review"
    assert drafted["revision"] == 1
    assert drafted["drafter"]["backend"] == "offline"
    assert drafted["drafter"]["notice"] is None
    assert drafted["note"]["source_text"] == DICTATION  # the input exactly as sent
    codes = {line["code"] for line in drafted["claim"]["lines"]}
    assert {"97110", "97140"} <= codes

    got = client.get(f"/api/notes/{note_id}", headers=pt)
    assert got.status_code == 200
    assert got.json()["note"] == drafted["note"]
    assert got.json()["claim"] == drafted["claim"]

    checked = client.post(f"/api/notes/{note_id}/validate", headers=pt).json()
    assert checked["revision"] == 1
    assert checked["recomputed_claim"] == drafted["claim"]
    assert client.get(f"/api/notes/{note_id}/findings", headers=pt).json()["revision"] == 1

    # Revise from revision 1; a second edit of revision 1 is stale and changes nothing.
    edited = {**drafted["note"], "assessment": "Tolerated the session well; stairs improving."}
    r = client.post(
        f"/api/notes/{note_id}/revisions", json={"revision": 1, "note": edited}, headers=pt
    )
    assert r.status_code == 200, r.text
    assert r.json()["revision"] == 2
    assert r.json()["note"]["assessment"].startswith("Tolerated")
    stale = client.post(
        f"/api/notes/{note_id}/revisions",
        json={"revision": 1, "note": {**edited, "assessment": "lost"}},
        headers=pt,
    )
    assert stale.status_code == 409
    assert "stale" in stale.json()["detail"]
    assert client.get(f"/api/notes/{note_id}", headers=pt).json()["note"]["assessment"] != "lost"

    _clear_warnings(client, clinic, note_id, 2, "PT")
    signed = client.post(f"/api/notes/{note_id}/sign", json={"revision": 2}, headers=pt)
    assert signed.status_code == 200, signed.text
    assert signed.json()["status"] == "signed"
    assert [s["kind"] for s in signed.json()["signatures"]] == ["sign"]

    again = client.post(f"/api/notes/{note_id}/sign", json={"revision": 2}, headers=pt)
    assert again.status_code == 409
    late = client.post(
        f"/api/notes/{note_id}/revisions", json={"revision": 2, "note": edited}, headers=pt
    )
    assert late.status_code == 409

    r = client.post(
        f"/api/notes/{note_id}/addenda",
        json={"reason": "late entry", "text": "Called the next day: no soreness."},
        headers=pt,
    )
    assert r.status_code == 201, r.text
    assert len(r.json()["addenda"]) == 1
    assert r.json()["status"] == "signed"

    # The biller reads the signed note and its claim, as signed.
    biller = clinic.auth("biller")
    assert (
        client.get(f"/api/notes/{note_id}/claim", headers=biller).json() == signed.json()["claim"]
    )
    listed = client.get("/api/notes", params={"patient_id": clinic.patient_id}, headers=biller)
    assert [n["note_id"] for n in listed.json()] == [note_id]

    # The admin reads the trail of all of it, and it verifies.
    admin = clinic.auth("admin")
    events = client.get("/api/audit", params={"limit": 1000}, headers=admin).json()["events"]
    actions = [e["action"] for e in events if e["note_id"] == note_id]
    for action in ("draft", "view", "revise", "acknowledge", "override", "sign", "addendum"):
        assert action in actions
    verified = client.get("/api/audit/verify", headers=admin).json()
    assert verified["ok"] is True
    assert verified["events"] == len(events)


def test_assistant_note_goes_through_the_cosign_queue(seeded: tuple[Clinic, TestClient]) -> None:
    clinic, client = seeded
    pta = clinic.auth("PTA")
    note_id = _session(client, clinic, "PTA")["note_id"]
    _clear_warnings(client, clinic, note_id, 1, "PTA")
    r = client.post(f"/api/notes/{note_id}/sign", json={"revision": 1}, headers=pta)
    assert r.status_code == 200
    assert r.json()["status"] == "awaiting_cosign"

    queue = client.get("/api/cosign-queue", headers=clinic.auth("PT")).json()
    assert [n["note_id"] for n in queue] == [note_id]
    assert client.get("/api/cosign-queue", headers=clinic.auth("OT")).json() == []
    assert client.post(f"/api/notes/{note_id}/cosign", headers=clinic.auth("OT")).status_code == 403

    r = client.post(f"/api/notes/{note_id}/cosign", headers=clinic.auth("PT"))
    assert r.status_code == 200
    assert r.json()["status"] == "cosigned"
    assert [s["kind"] for s in r.json()["signatures"]] == ["sign", "cosign"]
    assert client.get("/api/cosign-queue", headers=clinic.auth("PT")).json() == []


def test_api_and_web_cosign_queues_are_one_list_oldest_first(
    db: Database, seeded: tuple[Clinic, TestClient]
) -> None:
    """The API queue and the web queue come from one query: same notes, same order."""
    clinic, client = seeded
    signed = []
    for _ in range(3):
        note_id = _session(client, clinic, "PTA")["note_id"]
        _clear_warnings(client, clinic, note_id, 1, "PTA")
        r = client.post(
            f"/api/notes/{note_id}/sign", json={"revision": 1}, headers=clinic.auth("PTA")
        )
        assert r.json()["status"] == "awaiting_cosign"
        signed.append(note_id)
    api = [n["note_id"] for n in client.get("/api/cosign-queue", headers=clinic.auth("PT")).json()]
    with db.transaction() as tx:
        pt = tx.people.clinician_by_email(email_of("PT"))
    web = [
        n.note_id for n in worklist.cosign_queue(db, clinic_id=pt.clinic_id, supervisor_id=pt.id)
    ]
    assert api == web == sorted(signed)


def test_assistant_cannot_author_an_evaluation(seeded: tuple[Clinic, TestClient]) -> None:
    clinic, client = seeded
    body = {"patient_id": clinic.patient_id, "text": DICTATION, "note_type": "evaluation"}
    r = client.post("/api/sessions", json=body, headers=clinic.auth("PTA"))
    assert r.status_code == 403
    # Nor turn a daily note into one by revising it.
    drafted = _session(client, clinic, "PTA")
    note = {**drafted["note"], "note_type": "progress_report"}
    r = client.post(
        f"/api/notes/{drafted['note_id']}/revisions",
        json={"revision": 1, "note": note},
        headers=clinic.auth("PTA"),
    )
    assert r.status_code == 403
    assert (
        client.get(f"/api/notes/{drafted['note_id']}", headers=clinic.auth("PTA")).json()[
            "revision"
        ]
        == 1
    )


def test_patients_and_plans_stay_in_their_clinic(seeded: tuple[Clinic, TestClient]) -> None:
    clinic, client = seeded
    pt = clinic.auth("PT")
    new = {"name": "Ann Lake", "date_of_birth": "1949-02-03", "mrn": "MRN-2002"}
    r = client.post("/api/patients", json=new, headers=pt)
    assert r.status_code == 201, r.text
    patient_id = r.json()["id"]
    assert client.post("/api/patients", json=new, headers=pt).status_code == 409  # same MRN
    plan = {"first_treatment": "2025-06-01", "goals": ["Walk 500 ft"], "frequency": "2x/week"}
    r = client.post(f"/api/patients/{patient_id}/plans", json=plan, headers=pt)
    assert r.status_code == 201
    assert r.json()["plan"]["goals"][0]["text"] == "Walk 500 ft"
    assert len(client.get(f"/api/patients/{patient_id}/plans", headers=pt).json()) == 1

    ids = [p["id"] for p in client.get("/api/patients", headers=pt).json()]
    assert patient_id in ids
    assert clinic.other_patient_id not in ids
    other = clinic.auth("other")
    assert client.get(f"/api/patients/{patient_id}", headers=other).status_code == 404
    assert (
        client.post(f"/api/patients/{patient_id}/plans", json=plan, headers=other).status_code
        == 404
    )
    assert client.get(f"/api/patients/{clinic.other_patient_id}", headers=pt).status_code == 404


def test_bad_input_is_422_with_its_field_and_stores_nothing(
    seeded: tuple[Clinic, TestClient],
) -> None:
    clinic, client = seeded
    pt = clinic.auth("PT")
    base = {"patient_id": clinic.patient_id, "text": DICTATION}
    for body in (
        {**base, "timers": [{**TIMERS[0], "end": "2025-06-02T08:00:00"}]},  # ends before it starts
        {**base, "text": "   "},
        {**base, "date_of_service": 20250602},  # an integer is not a date
        {**base, "surprise": 1},
    ):
        r = client.post("/api/sessions", json=body, headers=pt)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["detail"][0]["loc"], r.text
    # "33" is not a number of minutes, as on the command line.
    visit = json.loads((ROOT / "examples" / "visit.json").read_text())
    visit["services"][0]["minutes"] = "33"
    r = client.post("/api/bill", json=visit, headers=pt)
    assert r.status_code == 422
    assert "minutes" in json.dumps(r.json())
    assert client.get("/api/notes", headers=pt).json() == []


def test_bill_has_the_cli_contract(seeded: tuple[Clinic, TestClient]) -> None:
    clinic, client = seeded
    text = (ROOT / "examples" / "visit.json").read_text()
    r = client.post(
        "/api/bill",
        content=text,
        headers={**clinic.auth("biller"), "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    assert r.json() == json.loads(bill_text(text).model_dump_json())


def test_bill_uses_the_apps_imported_ncci_edits(
    seeded: tuple[Clinic, TestClient], db: Database
) -> None:
    """POST /api/bill reads the tables of the app's database, as signing does, not those of
    the environment's settings (it once opened the latter and kept billing a withdrawn pair)."""
    clinic, client = seeded
    visit = {
        "date_of_service": "2025-06-02",
        "services": [{"code": "97140", "minutes": 15}, {"code": "97530", "minutes": 15}],
    }

    def modifiers() -> set[str]:
        r = client.post("/api/bill", json=visit, headers=clinic.auth("PT"))
        assert r.status_code == 200, r.text
        return {
            m for line in r.json()["lines"] if line["code"] == "97530" for m in line["modifiers"]
        }

    assert modifiers() & {"59", "XS"}
    withdrawn = PtpEdit("97140", "97530", date(2020, 1, 1), None, "9", "test quarter")
    reference.import_ncci(db, [withdrawn], source="test quarter")
    assert not modifiers() & {"59", "XS", "XE", "XP", "XU"}


def test_rules_and_schemas(seeded: tuple[Clinic, TestClient]) -> None:
    clinic, client = seeded
    pt = clinic.auth("PT")
    rules = client.get("/api/rules", headers=pt).json()
    assert {"TE001", "BIL006", "PL002"} <= {r["rule"] for r in rules}
    assert client.get("/api/rules/te001", headers=pt).json()[0]["rule"] == "TE001"
    assert client.get("/api/rules/ZZ999", headers=pt).status_code == 404
    note = client.get("/api/schemas/note", headers=pt).json()
    assert note["$schema"].endswith("2020-12/schema")
    assert "interventions" in note["properties"]
    assert client.get("/api/schemas/nothing", headers=pt).status_code == 422


def test_an_id_past_the_key_range_finds_nothing(seeded: tuple[Clinic, TestClient]) -> None:
    # Found by schemathesis: a patient id past 64 bits reached SQLite as OverflowError (500).
    clinic, client = seeded
    pt = clinic.auth("PT")
    huge = 2**70
    assert client.get("/api/notes", params={"patient_id": huge}, headers=pt).json() == []
    assert client.get(f"/api/notes/{huge}", headers=pt).status_code == 404
    assert client.get(f"/api/patients/{huge}", headers=pt).status_code == 404
