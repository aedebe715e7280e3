"""Run every validation rule over one note and report findings and the recomputed claim."""

from assistant.domain.context import VisitContext
from assistant.domain.findings import Finding, Severity
from assistant.domain.note import Note
from assistant.domain.validation import ValidationReport
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.claim import Claim
from assistant.rules.fees import FeeSchedule
from assistant.rules.validation.catalog import RULES
from assistant.rules.validation.icd import IcdCodeSet
from assistant.rules.validation.review import Review


def review(
    note: Note,
    context: VisitContext | None = None,
    ncci: NcciTable | None = None,
    fees: FeeSchedule | None = None,
    *,
    icd: IcdCodeSet,
    claim: Claim | None = None,
) -> ValidationReport:
    """Findings and the recomputed claim. `ncci` and `fees` are the tables the caller loaded
    (None: the shipped seed and fee figures); `icd` is the ICD-10-CM code set it loaded
    (assistant.services.icd): rules read no files. `claim`: `claim_for` of this note,
    context and tables, when the caller has just computed it."""
    state = Review(note, context, ncci, fees, icd=icd, claim=claim)
    findings = [rule.finding(issue) for rule in RULES for issue in rule.check(state)]
    findings += state.billing_findings()
    return ValidationReport(
        findings=findings,
        recomputed_claim=state.claim.result,
        signable=not any(f.severity is Severity.ERROR for f in findings),
        suggestions=state.suggestions,
    )


def validate(
    note: Note,
    context: VisitContext | None = None,
    ncci: NcciTable | None = None,
    fees: FeeSchedule | None = None,
    *,
    icd: IcdCodeSet,
) -> list[Finding]:
    return review(note, context, ncci, fees, icd=icd).findings
