"""A note as it leaves ptscribe: the document with everything an export prints about it.

Every export (PDF, FHIR) renders from one `ExportDocument` read in one transaction, so a PDF
and a Bundle of the same note can never disagree about its claim, signatures or addenda.
The claim is the one the store holds: as signed for a signed note, as recomputed with the
revision for a draft; never computed here.
"""

from pydantic import BaseModel

from assistant.domain.billing import BillResult
from assistant.domain.lifecycle import SIGNED_STATUSES, NoteStatus
from assistant.domain.note import Note
from assistant.domain.records import (
    AddendumRecord,
    ClinicianRecord,
    PatientRecord,
    SignatureKind,
    SignatureRecord,
)
from assistant.services.views import note_view
from assistant.settings import get_settings
from assistant.store.people import DEFAULT_CLINIC
from assistant.store.repo import Tx


class Correction(BaseModel):
    """What a corrected-claim addendum replaced the claim with."""

    addendum_id: int
    note: Note | None
    claim: BillResult | None


class ExportDocument(BaseModel):
    note_id: int
    status: NoteStatus
    revision: int
    clinic: str
    patient: PatientRecord
    clinician: ClinicianRecord
    supervisor: ClinicianRecord | None
    note: Note
    claim: BillResult | None
    signatures: list[SignatureRecord]
    addenda: list[AddendumRecord]
    corrections: list[Correction]

    @property
    def signed(self) -> bool:
        return self.status in SIGNED_STATUSES

    @property
    def signature(self) -> SignatureRecord | None:
        return next((s for s in self.signatures if s.kind is SignatureKind.SIGN), None)

    @property
    def sha256(self) -> str:
        sig = self.signature
        return sig.sha256 if sig else ""

    def correction_of(self, addendum_id: int) -> Correction | None:
        return next((c for c in self.corrections if c.addendum_id == addendum_id), None)


def clinic_label(name: str) -> str:
    """The clinic's name as printed: the store's, else PTSCRIBE_CLINIC_NAME."""
    if name != DEFAULT_CLINIC:
        return name
    return get_settings().clinic_name.strip() or "Therapy clinic"


def load_document(tx: Tx, note_id: int) -> ExportDocument:
    view = note_view(tx, note_id)
    state = tx.notes.get(note_id)
    clinician = tx.people.clinician(state.clinician_id)
    supervisor = tx.people.clinician(clinician.supervisor_id) if clinician.supervisor_id else None
    corrections = [
        Correction(
            addendum_id=row.addendum_id,
            note=None if row.note_json == "null" else Note.model_validate_json(row.note_json),
            claim=None
            if row.claim_json == "null"
            else BillResult.model_validate_json(row.claim_json),
        )
        for row in tx.exports.corrections([note_id])
    ]
    return ExportDocument(
        note_id=note_id,
        status=view.status,
        revision=view.revision,
        clinic=clinic_label(tx.exports.clinic_name(tx.notes.clinic_of(note_id))),
        patient=tx.people.patient(state.patient_id),
        clinician=clinician,
        supervisor=supervisor,
        note=view.note,
        claim=view.claim,
        signatures=view.signatures,
        addenda=view.addenda,
        corrections=corrections,
    )
