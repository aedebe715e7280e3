"""Code systems and codes the FHIR export writes and the reader reads back: one table.

LOINC document and section codes are the ones C-CDA and US Core use for progress notes and
SOAP sections. ptscribe's own facts that no standard element carries (minutes, the order of
modifiers, the expected payment, who furnished a service) travel in extensions and code
systems under the `urn:ptscribe:` namespace, which names ptscribe without claiming a host.
"""

from assistant.domain.billing import Discipline

LOINC = "http://loinc.org"
CPT = "http://www.ama-assn.org/go/cpt"
HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
NPI = "http://hl7.org/fhir/sid/us-npi"
UCUM = "http://unitsofmeasure.org"
RFC3986 = "urn:ietf:rfc:3986"
V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
LIST_EMPTY_REASON = "http://terminology.hl7.org/CodeSystem/list-empty-reason"

NOTE_ID = "urn:ptscribe:note-id"
NOTE_SHA256 = "urn:ptscribe:note-sha256"
NOTE_TYPE = "urn:ptscribe:note-type"
ROLE = "urn:ptscribe:clinician-role"
INTERVENTION_CATEGORY = "urn:ptscribe:intervention-category"
EXT_MINUTES = "urn:ptscribe:fhir:minutes"
EXT_MODIFIER = "urn:ptscribe:fhir:modifier"
EXT_EXPECTED_PAYMENT = "urn:ptscribe:fhir:expected-payment"
EXT_DISCIPLINE = "urn:ptscribe:fhir:discipline"
EXT_SUPERVISOR = "urn:ptscribe:fhir:supervisor"

# Discipline -> LOINC progress note document type.
DOCUMENT_TYPE = {
    Discipline.PT: ("11508-9", "Physical therapy Progress note"),
    Discipline.OT: ("11507-1", "Occupational therapy Progress note"),
    Discipline.SLP: ("11512-1", "Speech-language pathology Progress note"),
}
# SOAP field -> (LOINC section code, display, printed title).
SECTIONS = {
    "subjective": ("61150-9", "Subjective Narrative", "Subjective"),
    "objective": ("61149-1", "Objective Narrative", "Objective"),
    "assessment": ("51848-0", "Evaluation note", "Assessment"),
    "plan": ("18776-5", "Plan of care note", "Plan"),
}
DIAGNOSES_SECTION = ("29548-5", "Diagnosis Narrative", "Diagnoses")
PROCEDURES_SECTION = ("47519-4", "History of Procedures Document", "Interventions")


def modifier_system(modifier: str) -> str:
    """Numeric modifiers (59) are CPT's; letters (GP, CQ, KX, XE) are HCPCS Level II."""
    return CPT if modifier.isdigit() else HCPCS
