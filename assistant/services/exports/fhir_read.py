"""Reading an exported Bundle back into a note: the proof that the export loses nothing it
claims to carry.

`carried(note, claim)` is the part of a signed note the Bundle holds (the SOAP text,
diagnoses, interventions with their codes, minutes and providers, the clinician and
supervisor, the claim lines); `read_bundle` rebuilds exactly that part from the Bundle. The
round-trip test compares the two. Evidence spans and the dictation itself stay in ptscribe:
a chart needs the signed text, not the offsets it was drafted from.
"""

import json
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import BaseModel

from assistant.domain.billing import BillResult, Discipline, Role
from assistant.domain.note import (
    Clinician,
    Diagnosis,
    Intervention,
    InterventionCategory,
    Note,
    NoteType,
    ProposedLine,
)
from assistant.errors import InputError
from assistant.services.exports import fhir_codes as fc

_FIELD_OF = {code: field for field, (code, _, _) in fc.SECTIONS.items()}


class ReadBack(BaseModel):
    note_id: int
    sha256: str
    note: Note


def carried(note: Note, claim: BillResult | None) -> Note:
    """The signed note reduced to what the Bundle carries, in the reader's shape."""
    return Note(
        schema_version="1",
        note_type=note.note_type,
        date_of_service=note.date_of_service,
        discipline=note.discipline,
        clinician=note.clinician,
        supervisor=note.supervisor,
        subjective=note.subjective,
        objective=note.objective,
        assessment=note.assessment,
        plan=note.plan,
        diagnoses=[Diagnosis(code=d.code, description=d.description) for d in note.diagnoses],
        interventions=[
            Intervention(
                category=iv.category,
                code=iv.code,
                description=iv.description,
                minutes=iv.minutes,
                provider=iv.provider,
            )
            for iv in note.interventions
        ],
        claim_lines=[
            ProposedLine(code=ln.code, units=ln.units, modifiers=ln.modifiers)
            for ln in (claim.lines if claim else [])
            if ln.units
        ],
    )


def _code(concept: Any, system: str) -> str | None:
    for coding in (concept or {}).get("coding", []):
        if coding.get("system") == system:
            return str(coding["code"])
    return None


def _required(concept: Any, system: str, what: str) -> str:
    code = _code(concept, system)
    if code is None:
        raise InputError(f"the Bundle's {what} carries no {system} code")
    return code


def _text(section: dict[str, Any]) -> str:
    if "text" not in section:
        return ""
    root = ET.fromstring(section["text"]["div"])
    pre = root.find("{http://www.w3.org/1999/xhtml}pre")
    return "" if pre is None else "".join(pre.itertext())


def _minutes(resource: dict[str, Any]) -> int | None:
    for ext in resource.get("extension", []):
        if ext["url"] == fc.EXT_MINUTES:
            return int(ext["valueDuration"]["value"])
    return None


def _clinician(practitioner: dict[str, Any]) -> Clinician:
    qualification = practitioner["qualification"][0]["code"]
    return Clinician(
        name=practitioner["name"][0].get("text", ""),
        credentials=qualification.get("text", ""),
        role=Role(_required(qualification, fc.ROLE, "practitioner")),
    )


def _intervention(proc: dict[str, Any]) -> Intervention:
    code = proc.get("code")
    return Intervention(
        category=InterventionCategory(
            _required(proc["category"], fc.INTERVENTION_CATEGORY, "procedure")
        ),
        code=_code(code, fc.CPT),
        description=(code or {}).get("text", ""),
        minutes=_minutes(proc),
        provider=Role(_required(proc["performer"][0]["function"], fc.ROLE, "procedure")),
    )


def _line(charge: dict[str, Any]) -> ProposedLine:
    return ProposedLine(
        code=_required(charge["code"], fc.CPT, "charge item"),
        units=int(charge["quantity"]["value"]),
        modifiers=[
            e["valueCoding"]["code"]
            for e in charge.get("extension", [])
            if e["url"] == fc.EXT_MODIFIER
        ],
    )


def read_bundle(text: str) -> ReadBack:
    """The note a Bundle written by `build_bundle` holds; InputError for anything else."""
    try:
        Bundle.model_validate_json(text)  # a valid R4 Bundle first, then read as data
    except ValueError as exc:
        raise InputError(f"not a valid FHIR Bundle: {str(exc).splitlines()[0]}") from exc
    bundle: dict[str, Any] = json.loads(text)
    entries = bundle.get("entry", [])
    if bundle.get("type") != "document" or not entries:
        raise InputError("not a FHIR document Bundle")
    composition = entries[0]["resource"]
    if composition["resourceType"] != "Composition":
        raise InputError("a document Bundle starts with its Composition")
    by_url = {e["fullUrl"]: e["resource"] for e in entries}
    of_type: dict[str, list[dict[str, Any]]] = {}
    for resource in by_url.values():
        of_type.setdefault(resource["resourceType"], []).append(resource)
    author = by_url[composition["author"][0]["reference"]]
    supervisor = next(
        (
            by_url[e["valueReference"]["reference"]]
            for e in composition.get("extension", [])
            if e["url"] == fc.EXT_SUPERVISOR
        ),
        None,
    )
    soap = {}
    for section in composition.get("section", []):
        code = _code(section.get("code"), fc.LOINC)
        if code in _FIELD_OF:
            soap[_FIELD_OF[code]] = _text(section)
    discipline = next(
        e["valueCode"] for e in composition["extension"] if e["url"] == fc.EXT_DISCIPLINE
    )
    note = Note(
        schema_version="1",
        note_type=NoteType(_required(composition["category"][0], fc.NOTE_TYPE, "composition")),
        date_of_service=date.fromisoformat(composition["event"][0]["period"]["start"][:10]),
        discipline=Discipline(discipline),
        clinician=_clinician(author),
        supervisor=_clinician(supervisor) if supervisor is not None else None,
        **soap,
        diagnoses=[
            Diagnosis(
                code=_required(c["code"], fc.ICD10CM, "condition"),
                description=c["code"].get("text", ""),
            )
            for c in of_type.get("Condition", [])
        ],
        interventions=[_intervention(p) for p in of_type.get("Procedure", [])],
        claim_lines=[_line(c) for c in of_type.get("ChargeItem", [])],
    )
    tag = next(t["code"] for t in composition["meta"]["tag"] if t["system"] == fc.NOTE_ID)
    return ReadBack(note_id=int(tag), sha256=composition["identifier"]["value"], note=note)
