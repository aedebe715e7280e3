"""Exports over real HTTP: who may download what, and what comes back."""

import json
from datetime import date

from fastapi.testclient import TestClient

from assistant.services import exports
from assistant.services.exports.feed import read_csv
from assistant.services.exports.fhir_read import read_bundle
from assistant.store.db import Database
from tests.api.auth_support import bearer, seed_logins
from tests.exports.support import page_count
from tests.store_support import draft, signed_note

JUNE = {"from": "2025-06-01", "to": "2025-06-30"}


def test_each_role_gets_what_the_policy_allows(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    pt_note = signed_note(db, who.pt)
    pta_note = signed_note(db, who.pta, day=date(2025, 6, 3))
    unsigned = draft(db, who.pt, day=date(2025, 6, 4))
    pt, pta, other = bearer(db, who.pt), bearer(db, who.pta), bearer(db, who.other_pt)
    biller, admin = bearer(db, who.biller), bearer(db, who.admin)
    # The author and the supervising therapist export; another PT does not.
    assert client.get(f"/api/notes/{pt_note}/export.pdf", headers=pt).status_code == 200
    assert client.get(f"/api/notes/{pta_note}/export.pdf", headers=pt).status_code == 200
    assert client.get(f"/api/notes/{pta_note}/export.pdf", headers=pta).status_code == 200
    assert client.get(f"/api/notes/{pt_note}/export.pdf", headers=pta).status_code == 403
    assert client.get(f"/api/notes/{pt_note}/export.pdf", headers=other).status_code == 403
    # A biller any signed note, never a draft; an admin nothing clinical.
    assert client.get(f"/api/notes/{pt_note}/export.fhir", headers=biller).status_code == 200
    assert client.get(f"/api/notes/{unsigned}/export.pdf", headers=biller).status_code == 403
    for path in (f"/api/notes/{pt_note}/export.pdf", f"/api/notes/{pt_note}/export.fhir"):
        assert client.get(path, headers=admin).status_code == 403
    assert client.get("/api/claims/export", params=JUNE, headers=admin).status_code == 403
    assert client.get(f"/api/notes/{pt_note}/export.pdf").status_code == 401
    assert client.get("/api/notes/999/export.pdf", headers=biller).status_code == 404


def test_downloads_are_what_they_say(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    note_id = signed_note(db, who.pt)
    unsigned = draft(db, who.pt, day=date(2025, 6, 4))
    biller, pt = bearer(db, who.biller), bearer(db, who.pt)
    pdf = client.get(f"/api/notes/{note_id}/export.pdf", headers=biller)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "no-store"
    assert f'filename="note-{note_id}.pdf"' in pdf.headers["content-disposition"]
    assert page_count(pdf.content) >= 1
    fhir = client.get(f"/api/notes/{note_id}/export.fhir", headers=biller)
    assert fhir.headers["content-type"].startswith("application/fhir+json")
    assert read_bundle(fhir.text).note_id == note_id
    # A draft: its PDF (watermarked) for its author, never its FHIR or its claim lines.
    assert client.get(f"/api/notes/{unsigned}/export.pdf", headers=pt).status_code == 200
    refused = client.get(f"/api/notes/{unsigned}/export.fhir", headers=pt)
    assert refused.status_code == 409
    assert "only a signed note is exported as FHIR" in refused.text
    assert client.get(f"/api/notes/{unsigned}/export.claims", headers=pt).status_code == 409
    lines = client.get(
        f"/api/notes/{note_id}/export.claims", params={"format": "json"}, headers=biller
    )
    assert lines.status_code == 200
    assert {ln["note_id"] for ln in json.loads(lines.text)["lines"]} == {note_id}


def test_the_feed_for_billers_and_for_a_clinician(client: TestClient, db: Database) -> None:
    who = seed_logins(db)
    mine = signed_note(db, who.pt)
    theirs = signed_note(db, who.pta, day=date(2025, 6, 3))
    biller, pta = bearer(db, who.biller), bearer(db, who.pta)
    response = client.get("/api/claims/export", params=JUNE, headers=biller)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = read_csv(response.text)
    assert {ln.note_id for ln in lines} == {mine, theirs}
    expected = exports.claims_feed(db, date(2025, 6, 1), date(2025, 6, 30), actor="t")
    assert [ln.model_dump() for ln in lines] == [ln.model_dump() for ln in expected.lines]
    own = read_csv(client.get("/api/claims/export", params=JUNE, headers=pta).text)
    assert {ln.note_id for ln in own} == {theirs}
    for params, status in (
        ({"from": "2025-06-30", "to": "2025-06-01"}, 422),
        ({"from": "2024-01-01", "to": "2025-06-30"}, 422),
        ({"from": "June", "to": "2025-06-30"}, 422),
        ({"from": "2025-06-01"}, 422),
    ):
        refused = client.get("/api/claims/export", params=params, headers=biller)
        assert refused.status_code == status, (params, refused.text)
    reversed_range = client.get(
        "/api/claims/export", params={"from": "2025-06-30", "to": "2025-06-01"}, headers=biller
    )
    assert "before it starts" in reversed_range.text
