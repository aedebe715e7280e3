"""What the validator reports for one note: the `ptscribe validate` JSON output contract."""

from pydantic import BaseModel

from assistant.domain.billing import BillResult
from assistant.domain.findings import Finding


class ValidationReport(BaseModel):
    findings: list[Finding]
    # None when the note bills nothing or its minutes cannot be billed (see the findings).
    recomputed_claim: BillResult | None
    signable: bool  # no error finding stands
