"""What the validator reports for one note: the `ptscribe validate` JSON output contract."""

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.billing import BillResult
from assistant.domain.findings import Finding
from assistant.domain.suggestion import CodingSuggestion


class ValidationReport(BaseModel):
    # Frozen, as are its claim's models: one report is shared by every caller that judged
    # the same inputs (services/judging.py), and a signature is written from it.
    model_config = ConfigDict(frozen=True)

    findings: list[Finding]
    # None when the note bills nothing or its minutes cannot be billed (see the findings).
    recomputed_claim: BillResult | None
    signable: bool  # no error finding stands
    # ICD-10-CM codes for diagnoses stated in words, and CPT codes the content fits better;
    # each is also a finding (DX005, DX006, CS008) for the reviewer.
    suggestions: list[CodingSuggestion] = Field(default_factory=list)
