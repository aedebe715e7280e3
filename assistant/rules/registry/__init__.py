"""The one registry of every rule id ptscribe can emit, and the only way to build a finding.

Validation (TE, CS, MIN, DX, CL, POC, MN, AU, EV, DOC), billing (BIL), drafting (DR, DRF) and the
drafting pipeline (PL) all declare their ids here, in the rules layer, so the layers above
(drafting, services) can emit them and `ptscribe rules` and docs/rules.md list them all.
`finding(id, message)` raises on an id that is not declared or is retired, so an undeclared
id fails the first test that reaches it; tests/rules/test_registry.py also scans the source
for id literals the registry lacks.
"""

from assistant.rules.registry import billing, documentation, drafting, record, therapy
from assistant.rules.registry.spec import (
    Area,
    Registry,
    RetiredRuleError,
    RuleSpec,
    Status,
    UnknownRuleError,
)

AREAS = (
    Area("TE", "Therapeutic exercise (97110)", "validator"),
    Area("CS", "Code support", "validator"),
    Area("MIN", "Minutes, units and modifiers", "validator"),
    Area("DX", "Diagnoses", "validator"),
    Area("CL", "Clinician", "validator"),
    Area("POC", "Plan of care and progress", "validator"),
    Area("MN", "Medical necessity", "validator"),
    Area("AU", "Audit red flags", "validator"),
    Area("EV", "Evidence", "validator"),
    Area("DOC", "Vague and boilerplate documentation", "validator"),
    Area("BIL", "Billing engine", "billing engine"),
    Area("DR", "Offline drafter", "offline drafter"),
    Area("DRF", "LLM drafter", "LLM drafter"),
    Area("PL", "Drafting pipeline", "draft pipeline"),
)

REGISTRY = Registry(
    AREAS,
    (*therapy.SPECS, *record.SPECS, *documentation.SPECS, *billing.SPECS, *drafting.SPECS),
)


# A finding of a declared, stable id; severity and element come from its declaration. The
# registry's own method, bound once: findings are built per billed visit, and a wrapper
# function around it was one more Python call for each.
finding = REGISTRY.finding


def spec(rule: str) -> RuleSpec:
    return REGISTRY.spec(rule)


__all__ = [
    "AREAS",
    "REGISTRY",
    "Area",
    "Registry",
    "RetiredRuleError",
    "RuleSpec",
    "Status",
    "UnknownRuleError",
    "finding",
    "spec",
]
