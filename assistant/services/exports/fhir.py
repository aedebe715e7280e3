"""A signed note as a FHIR R4 document Bundle, built with fhir.resources' R4B models.

Why R4B: fhir.resources 6.x is the last line whose default models are R4 (4.0.1), and it is
built on pydantic 1, which cannot live beside ptscribe's pydantic 2. From 7.x the default is
R5 and R4B (4.3.0) is a subpackage. R4B is R4 with changes confined to the medication
definition, evidence and subscription resources; every resource written here (Bundle,
Composition, Patient, Practitioner, Organization, Condition, Procedure, ChargeItem,
DocumentReference) and every element used has the same shape in 4.0.1, so an R4 server
reads the Bundle as it is.

Each resource is validated by its fhir.resources model as it is built, and the whole Bundle
once more from its JSON before it is returned: nothing unvalidated is written. Ids are
UUIDs derived from the note id and its signature hash, so exporting the same signed note
twice gives the same Bundle (the PDF's bytes aside).
"""

import base64
import hashlib
import html
import re
import uuid
from datetime import date, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.chargeitem import ChargeItem
from fhir.resources.R4B.composition import Composition
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.procedure import Procedure

from assistant.domain.billing import ClaimLine
from assistant.domain.records import ClinicianRecord, SignatureKind
from assistant.errors import ConflictError
from assistant.services.exports import fhir_codes as fc
from assistant.services.exports.document import ExportDocument

MODELS: dict[str, Any] = {
    m.__name__: m
    for m in (
        Composition,
        Patient,
        Practitioner,
        Organization,
        Condition,
        Procedure,
        ChargeItem,
        DocumentReference,
    )
}
XHTML = "http://www.w3.org/1999/xhtml"
# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _Ids:
    def __init__(self, doc: ExportDocument) -> None:
        self.seed = f"ptscribe:note:{doc.note_id}:{doc.sha256}"

    def __call__(self, kind: str, index: int = 0) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.seed}:{kind}:{index}"))


def _ref(resource: dict[str, Any]) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource['id']}"}


def narrative(text: str) -> dict[str, str]:
    body = html.escape(_NOT_XML.sub("\ufffd", text), quote=False)
    return {"status": "generated", "div": f'<div xmlns="{XHTML}"><pre>{body}</pre></div>'}


def _instant(moment: datetime) -> str:
    return moment.isoformat()


def _minutes(value: int) -> dict[str, Any]:
    duration = {"value": value, "unit": "min", "system": fc.UCUM, "code": "min"}
    return {"url": fc.EXT_MINUTES, "valueDuration": duration}


def _practitioner(rid: str, who: ClinicianRecord) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": rid,
        "active": True,
        "name": [{"text": who.name}],
        "qualification": [
            {
                "code": {
                    "coding": [{"system": fc.ROLE, "code": who.role.value}],
                    "text": who.credentials,
                }
            }
        ],
    }
    if who.npi:
        resource["identifier"] = [{"system": fc.NPI, "value": who.npi}]
    return resource


def _section(field: str, text: str) -> dict[str, Any]:
    code, display, title = fc.SECTIONS[field]
    section: dict[str, Any] = {
        "title": title,
        "code": {"coding": [{"system": fc.LOINC, "code": code, "display": display}]},
    }
    if text:
        section["text"] = narrative(text)
    else:
        section["emptyReason"] = {
            "coding": [{"system": fc.LIST_EMPTY_REASON, "code": "unavailable"}]
        }
    return section


def _period(doc: ExportDocument, code: str | None) -> dict[str, str] | None:
    segments = [s for s in doc.note.timer_segments if code and s.code == code]
    # FHIR times carry a zone; a timer kept in the clinic's local time has none to give,
    # so such a service is dated by its day (its minutes travel either way).
    if not segments or not all(s.start.tzinfo and s.end.tzinfo for s in segments):
        return None
    start = min(s.start for s in segments)
    end = max(s.end for s in segments)
    return {"start": start.isoformat(), "end": end.isoformat()}


def _coding_list(values: list[str]) -> list[dict[str, Any]]:
    return [{"coding": [{"system": fc.ICD10CM, "code": v}]} for v in values]


def build_resources(doc: ExportDocument, pdf: bytes) -> list[dict[str, Any]]:
    """The Bundle's resources as JSON dicts, the Composition first."""
    signature = doc.signature
    if not doc.signed or signature is None:
        raise ConflictError(
            f"note {doc.note_id} is {doc.status.value.replace('_', ' ')}: only a signed note "
            "is exported as FHIR; sign it first (a draft prints as a PDF marked DRAFT)"
        )
    note, ids = doc.note, _Ids(doc)
    dos: date = note.date_of_service
    org = {"resourceType": "Organization", "id": ids("organization"), "name": doc.clinic}
    patient = {
        "resourceType": "Patient",
        "id": ids("patient"),
        "identifier": [
            {
                "type": {"coding": [{"system": fc.V2_IDENTIFIER_TYPE, "code": "MR"}]},
                "system": f"urn:ptscribe:clinic:{doc.patient.clinic_id}:mrn",
                "value": doc.patient.mrn,
            }
        ],
        "name": [{"text": doc.patient.name}],
        "birthDate": doc.patient.date_of_birth.isoformat(),
        "managingOrganization": _ref(org),
    }
    author = _practitioner(ids("practitioner"), doc.clinician)
    people = [author]
    supervisor = None
    if doc.supervisor is not None:
        supervisor = _practitioner(ids("practitioner", 1), doc.supervisor)
        people.append(supervisor)
    conditions = [
        {
            "resourceType": "Condition",
            "id": ids("condition", i),
            "clinicalStatus": {"coding": [{"system": fc.CONDITION_CLINICAL, "code": "active"}]},
            "verificationStatus": {
                "coding": [{"system": fc.CONDITION_VERIFICATION, "code": "confirmed"}]
            },
            "category": [
                {"coding": [{"system": fc.CONDITION_CATEGORY, "code": "encounter-diagnosis"}]}
            ],
            "code": {
                "coding": [{"system": fc.ICD10CM, "code": dx.code, **_display(dx.description)}],
                **({"text": dx.description} if dx.description else {}),
            },
            "subject": _ref(patient),
            "recordedDate": dos.isoformat(),
        }
        for i, dx in enumerate(note.diagnoses)
    ]
    procedures = []
    for i, iv in enumerate(note.interventions):
        proc: dict[str, Any] = {
            "resourceType": "Procedure",
            "id": ids("procedure", i),
            "status": "completed",
            "category": {
                "coding": [{"system": fc.INTERVENTION_CATEGORY, "code": iv.category.value}]
            },
            "subject": _ref(patient),
            "performer": [
                {
                    "function": {"coding": [{"system": fc.ROLE, "code": iv.provider.value}]},
                    "actor": _ref(author),
                }
            ],
            "reasonReference": [_ref(c) for c in conditions],
        }
        code: dict[str, Any] = {}
        if iv.code:
            code["coding"] = [{"system": fc.CPT, "code": iv.code}]
        if iv.description:
            code["text"] = iv.description
        if code:  # Procedure.code is optional: an uncoded, undescribed service has none
            proc["code"] = code
        period = _period(doc, iv.code)
        if period:
            proc["performedPeriod"] = period
        else:
            proc["performedDateTime"] = dos.isoformat()
        if iv.minutes is not None:
            proc["extension"] = [_minutes(iv.minutes)]
        procedures.append(proc)
    charges = []
    for i, line in enumerate(billed_lines(doc)):
        extensions = [
            {"url": fc.EXT_MODIFIER, "valueCoding": {"system": fc.modifier_system(m), "code": m}}
            for m in line.modifiers
        ]
        extensions.append(_minutes(line.minutes))
        if line.expected_payment is not None:
            money = {"value": round(line.expected_payment, 2), "currency": "USD"}
            extensions.append({"url": fc.EXT_EXPECTED_PAYMENT, "valueMoney": money})
        charges.append(
            {
                "resourceType": "ChargeItem",
                "id": ids("charge", i),
                "extension": extensions,
                "status": "billable",
                "code": {"coding": [{"system": fc.CPT, "code": line.code}]},
                "subject": _ref(patient),
                "occurrenceDateTime": dos.isoformat(),
                "performer": [{"actor": _ref(author)}],
                "performingOrganization": _ref(org),
                "quantity": {"value": line.units},
                "reason": _coding_list([dx.code for dx in note.diagnoses]),
                "service": [
                    _ref(p)
                    for p, iv in zip(procedures, note.interventions, strict=True)
                    if iv.code == line.code
                ],
                "enteredDate": _instant(signature.signed_at),
            }
        )
    type_code, type_display = fc.DOCUMENT_TYPE[note.discipline]
    doc_type = {"coding": [{"system": fc.LOINC, "code": type_code, "display": type_display}]}
    status = "amended" if doc.addenda else "final"
    pdf_ref = {
        "resourceType": "DocumentReference",
        "id": ids("pdf"),
        "status": "current",
        "docStatus": status,
        "type": doc_type,
        "subject": _ref(patient),
        "date": _instant(signature.signed_at),
        "author": [_ref(author)],
        "custodian": _ref(org),
        "description": "The signed note as printed (PDF)",
        "content": [
            {
                "attachment": {
                    "contentType": "application/pdf",
                    "data": base64.b64encode(pdf).decode("ascii"),
                    "size": len(pdf),
                    # R4 defines the attachment hash as SHA-1 of the data.
                    "hash": base64.b64encode(hashlib.sha1(pdf).digest()).decode("ascii"),
                    "title": f"note-{doc.note_id}.pdf",
                    "creation": _instant(signature.signed_at),
                }
            }
        ],
        "context": {"period": {"start": dos.isoformat(), "end": dos.isoformat()}},
    }
    composition = _composition(doc, ids, status, doc_type, patient, author, supervisor, org)
    composition["section"].extend(
        [
            _listing(fc.DIAGNOSES_SECTION, conditions, [dx.code for dx in note.diagnoses]),
            _listing(
                fc.PROCEDURES_SECTION,
                procedures,
                [f"{iv.code or 'uncoded'} {iv.minutes or 0} min" for iv in note.interventions],
            ),
            {
                "title": "Claim",
                "text": narrative(
                    "\n".join(
                        f"{ln.code} {' '.join(ln.modifiers)} x {ln.units}"
                        for ln in billed_lines(doc)
                    )
                    or "No billable lines."
                ),
                "entry": [_ref(c) for c in charges],
            },
            {
                "title": "Printed note",
                "text": narrative("The signed note as printed, attached as a PDF."),
                "entry": [_ref(pdf_ref)],
            },
            *_addenda(doc, author, supervisor),
        ]
    )
    return [composition, patient, *people, org, *conditions, *procedures, *charges, pdf_ref]


def billed_lines(doc: ExportDocument) -> list[ClaimLine]:
    """The claim's lines that bill at least one unit (a line of no units is no charge)."""
    return [ln for ln in (doc.claim.lines if doc.claim else []) if ln.units]


def _display(text: str) -> dict[str, str]:
    return {"display": text} if text else {}


def _listing(code: tuple[str, str, str], entries: list[dict[str, Any]], lines: list[str]) -> Any:
    loinc, display, title = code
    section: dict[str, Any] = {
        "title": title,
        "code": {"coding": [{"system": fc.LOINC, "code": loinc, "display": display}]},
    }
    if entries:
        section["text"] = narrative("\n".join(lines))
        section["entry"] = [_ref(e) for e in entries]
    else:
        section["emptyReason"] = {"coding": [{"system": fc.LIST_EMPTY_REASON, "code": "nilknown"}]}
    return section


def _composition(
    doc: ExportDocument,
    ids: _Ids,
    status: str,
    doc_type: dict[str, Any],
    patient: dict[str, Any],
    author: dict[str, Any],
    supervisor: dict[str, Any] | None,
    org: dict[str, Any],
) -> dict[str, Any]:
    note = doc.note
    attesters = []
    for sig in doc.signatures:
        cosign = sig.kind is SignatureKind.COSIGN and supervisor is not None
        attesters.append(
            {
                "mode": "professional" if cosign else "legal",
                "time": _instant(sig.signed_at),
                "party": _ref(supervisor if cosign and supervisor else author),
            }
        )
    return {
        "resourceType": "Composition",
        "id": ids("composition"),
        "identifier": {"system": fc.NOTE_SHA256, "value": doc.sha256},
        "extension": [
            {"url": fc.EXT_DISCIPLINE, "valueCode": note.discipline.value},
            # An assistant's supervising therapist, whether or not a co-signature was due.
            *(
                [{"url": fc.EXT_SUPERVISOR, "valueReference": _ref(supervisor)}]
                if supervisor
                else []
            ),
        ],
        "status": status,
        "type": doc_type,
        "category": [{"coding": [{"system": fc.NOTE_TYPE, "code": note.note_type.value}]}],
        "subject": _ref(patient),
        "date": _instant(doc.signatures[0].signed_at),
        "author": [_ref(author)],
        "title": f"{note.discipline.value} {note.note_type.value.replace('_', ' ')} note",
        "confidentiality": "N",
        "attester": attesters,
        "custodian": _ref(org),
        "event": [
            {
                "period": {
                    "start": note.date_of_service.isoformat(),
                    "end": note.date_of_service.isoformat(),
                }
            }
        ],
        "section": [_section(f, getattr(note, f)) for f in fc.SECTIONS],
        "meta": {"tag": [{"system": fc.NOTE_ID, "code": str(doc.note_id)}]},
    }


def _addenda(
    doc: ExportDocument, author: dict[str, Any], supervisor: dict[str, Any] | None
) -> list[dict[str, Any]]:
    sections = []
    for number, add in enumerate(doc.addenda, start=1):
        by_supervisor = doc.supervisor is not None and add.clinician_id == doc.supervisor.id
        who = supervisor if by_supervisor and supervisor else author
        kind = "corrected claim" if add.corrected_claim else "addendum"
        body = (
            f"Addendum {number} ({kind}) by {add.name}, {add.credentials} on "
            f"{add.created_at.isoformat()}\nReason: {add.reason}\n\n{add.text}\n\n"
            f"SHA-256 {add.sha256}"
        )
        sections.append(
            {"title": f"Addendum {number}", "author": [_ref(who)], "text": narrative(body)}
        )
    return sections


def build_bundle(doc: ExportDocument, pdf: bytes) -> str:
    """The document Bundle as JSON, each resource and the whole validated."""
    resources = build_resources(doc, pdf)
    entries = []
    for resource in resources:
        model = MODELS[resource["resourceType"]]
        validated = model.model_validate(resource)
        entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": validated})
    signature = doc.signature
    assert signature is not None  # build_resources refused an unsigned note
    bundle = Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": _Ids(doc)("bundle"),
            "identifier": {"system": fc.RFC3986, "value": f"urn:uuid:{_Ids(doc)('document')}"},
            "type": "document",
            "timestamp": _instant(signature.signed_at),
            "entry": entries,
        }
    )
    text: str = bundle.model_dump_json(exclude_none=True)
    Bundle.model_validate_json(text)  # what is written parses back as a valid Bundle
    return text
