"""The FHIR document Bundle: valid R4 resources, read back into the note that was signed."""

import base64
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from assistant.domain.billing import Role
from assistant.errors import ConflictError, InputError
from assistant.services import exports, people, signing
from assistant.services.exports import fhir_codes as fc
from assistant.services.exports.fhir import MODELS
from assistant.services.exports.fhir_read import carried, read_bundle
from assistant.store.db import Database
from tests.exports.support import example_note, sign_as
from tests.store_support import draft, seed, signed_note

SNAPSHOT = Path(__file__).parent / "snapshots" / "example_bundle.json"
NPI_PT = "npi.pt@clinic.test"


def _with_npi(db: Database) -> None:
    seed(db)
    people.add_clinician(
        db,
        name="Dana Whitfield",
        credentials="PT, DPT",
        role=Role.PT,
        email=NPI_PT,
        npi="1234567893",
    )


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_holds_every_resource_validated(db: Database) -> None:
    _with_npi(db)
    note_id = sign_as(db, example_note(), NPI_PT)
    doc = exports.document(db, note_id)
    text = exports.note_fhir(db, note_id, actor="biller@clinic.test")
    bundle = json.loads(text)
    Bundle.model_validate(bundle)
    assert bundle["type"] == "document"
    assert bundle["entry"][0]["resource"]["resourceType"] == "Composition"
    for entry in bundle["entry"]:  # each resource valid on its own too
        resource = entry["resource"]
        MODELS[resource["resourceType"]].model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
    composition = bundle["entry"][0]["resource"]
    codes = [s["code"]["coding"][0]["code"] for s in composition["section"] if "code" in s]
    assert codes[:4] == ["61150-9", "61149-1", "51848-0", "18776-5"]  # S, O, A, P (LOINC)
    assert composition["type"]["coding"][0] == {
        "system": fc.LOINC,
        "code": "11508-9",
        "display": "Physical therapy Progress note",
    }
    assert composition["attester"][0]["mode"] == "legal"
    (practitioner,) = _resources(bundle, "Practitioner")
    assert practitioner["identifier"] == [{"system": fc.NPI, "value": "1234567893"}]
    conditions = _resources(bundle, "Condition")
    assert [c["code"]["coding"][0]["code"] for c in conditions] == [
        d.code for d in doc.note.diagnoses
    ]
    assert all(c["code"]["coding"][0]["system"] == fc.ICD10CM for c in conditions)
    procedures = _resources(bundle, "Procedure")
    assert [
        (p["code"]["coding"][0]["code"], p["extension"][0]["valueDuration"]["value"])
        for p in procedures
    ] == [(iv.code, iv.minutes) for iv in doc.note.interventions]
    charges = _resources(bundle, "ChargeItem")
    assert doc.claim is not None
    assert [
        (
            c["code"]["coding"][0]["code"],
            c["quantity"]["value"],
            [e["valueCoding"]["code"] for e in c["extension"] if e["url"] == fc.EXT_MODIFIER],
        )
        for c in charges
    ] == [(ln.code, ln.units, ln.modifiers) for ln in doc.claim.lines]
    (reference,) = _resources(bundle, "DocumentReference")
    attachment = reference["content"][0]["attachment"]
    pdf = base64.b64decode(attachment["data"])
    assert pdf.startswith(b"%PDF-")
    assert attachment["size"] == len(pdf)
    assert base64.b64decode(attachment["hash"]) == hashlib.sha1(pdf).digest()


def test_round_trip_reads_back_the_signed_note(db: Database) -> None:
    _with_npi(db)
    note_id = sign_as(db, example_note(), NPI_PT)
    pta_note = signed_note(db, "pta@clinic.test")
    for nid in (note_id, pta_note):
        doc = exports.document(db, nid)
        back = read_bundle(exports.note_fhir(db, nid, actor="biller@clinic.test"))
        assert back.note_id == nid
        assert back.sha256 == doc.sha256
        assert back.note == carried(doc.note, doc.claim)
    # The assistant's note names the supervising therapist as a second practitioner.
    assert read_bundle(exports.note_fhir(db, pta_note, actor="x")).note.supervisor is not None


def test_round_trip_fails_when_the_bundle_is_changed(db: Database) -> None:
    _with_npi(db)
    note_id = sign_as(db, example_note(), NPI_PT)
    doc = exports.document(db, note_id)
    text = exports.note_fhir(db, note_id, actor="x")
    changed = json.loads(text)
    charge = _resources(changed, "ChargeItem")[0]
    charge["quantity"]["value"] += 1
    assert read_bundle(json.dumps(changed)).note != carried(doc.note, doc.claim)
    with pytest.raises(InputError, match="not a valid FHIR Bundle"):
        read_bundle(text.replace('"birthDate":"1958-03-04"', '"birthDate":"March 4th"'))
    with pytest.raises(InputError, match="not a FHIR document Bundle"):
        read_bundle(json.dumps({**json.loads(text), "type": "collection"}))


def test_an_unsigned_note_is_refused_and_not_audited(db: Database) -> None:
    s = seed(db)
    note_id = draft(db, s.pt)
    with pytest.raises(
        ConflictError, match=r"note \d+ is in review: only a signed note is exported as FHIR"
    ):
        exports.note_fhir(db, note_id, actor="biller@clinic.test")
    with db.transaction() as tx:
        assert [e for e in tx.audit.events() if e.action == "export"] == []


def test_addenda_travel_as_sections_and_amend_the_composition(db: Database) -> None:
    s = seed(db)
    note_id = signed_note(db, s.pt)
    signing.amend(
        db, note_id, clinician_email=s.pt, reason="late entry", text="Called the patient."
    )
    bundle = json.loads(exports.note_fhir(db, note_id, actor="x"))
    composition = bundle["entry"][0]["resource"]
    assert composition["status"] == "amended"
    addendum = next(sec for sec in composition["section"] if sec["title"] == "Addendum 1")
    assert "Called the patient." in addendum["text"]["div"]
    assert exports.document(db, note_id).addenda[0].sha256 in addendum["text"]["div"]


def _mask(bundle: dict[str, Any]) -> dict[str, Any]:
    """Volatile fields out: ids (by order of appearance), instants, the PDF's bytes."""
    text = json.dumps(bundle, sort_keys=True)
    seen: dict[str, str] = {}
    for found in re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text):
        seen.setdefault(found, f"uuid-{len(seen) + 1}")
    for uid, name in seen.items():
        text = text.replace(uid, name)
    text = re.sub(r'"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?"', '"<instant>"', text)
    masked = json.loads(text)
    for entry in masked["entry"]:
        for content in entry["resource"].get("content", []):
            content["attachment"].update(data="<pdf>", hash="<sha1>", size="<bytes>")
    return masked


def test_example_note_bundle_matches_the_snapshot(db: Database) -> None:
    _with_npi(db)
    note_id = sign_as(db, example_note(), NPI_PT)
    masked = _mask(json.loads(exports.note_fhir(db, note_id, actor="x")))
    rendered = json.dumps(masked, indent=2, sort_keys=True) + "\n"
    if os.environ.get("PTSCRIBE_UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(rendered, encoding="utf-8")
        if not os.environ.get("PTSCRIBE_UPDATE_SNAPSHOTS"):
            pytest.fail(f"wrote a new snapshot {SNAPSHOT.name}: review it and commit it")
    assert rendered == SNAPSHOT.read_text(encoding="utf-8"), (
        "the example Bundle changed: review the difference, then re-run with "
        "PTSCRIBE_UPDATE_SNAPSHOTS=1 to accept it"
    )
