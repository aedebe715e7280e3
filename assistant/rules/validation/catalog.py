"""Every rule ptscribe reports, validation and billing, and the docs/rules.md generated from it.

Order here is the order findings are reported in. CI regenerates the Markdown and compares
it with the checked-in docs/rules.md (`ptscribe rules --format markdown > docs/rules.md`).
"""

from assistant.rules.billing.findings import SPECS as BILLING_SPECS
from assistant.rules.billing.findings import RuleSpec
from assistant.rules.validation import (
    audit,
    clinician,
    codes,
    diagnosis,
    evidence,
    exercise,
    minutes,
    necessity,
    plan,
)
from assistant.rules.validation.base import Rule

RULES: tuple[Rule, ...] = (
    *exercise.RULES,
    *codes.RULES,
    *minutes.RULES,
    *diagnosis.RULES,
    *clinician.RULES,
    *plan.RULES,
    *necessity.RULES,
    *audit.RULES,
    *evidence.RULES,
)


def _all_specs() -> dict[str, RuleSpec]:
    specs: dict[str, RuleSpec] = {}
    for spec in (*(r.spec for r in RULES), *BILLING_SPECS.values()):
        if spec.rule in specs:
            raise RuntimeError(f"rule id {spec.rule} is declared twice")
        specs[spec.rule] = spec
    return specs


SPECS = _all_specs()

_AREAS = (
    ("TE", "Therapeutic exercise (97110)"),
    ("CS", "Code support"),
    ("MIN", "Minutes, units and modifiers"),
    ("DX", "Diagnoses"),
    ("CL", "Clinician"),
    ("POC", "Plan of care and progress"),
    ("MN", "Medical necessity"),
    ("AU", "Audit red flags"),
    ("EV", "Evidence"),
    ("BIL", "Billing engine"),
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown() -> str:
    out = [
        "# Rule catalog",
        "",
        "Generated from `assistant/rules/validation/catalog.py`; do not edit by hand. "
        "Regenerate with `ptscribe rules --format markdown > docs/rules.md`.",
        "",
        "Severity: **error** blocks signing; **warning** needs acknowledgement or an override "
        "with a reason; **info** is for the record.",
    ]
    for prefix, title in _AREAS:
        rows = [s for s in SPECS.values() if s.rule.rstrip("0123456789") == prefix]
        if not rows:
            continue
        out += [
            "",
            f"## {title}",
            "",
            "| id | severity | element | description | rationale |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {s.rule} | {s.severity} | {s.element} | {_cell(s.description)} "
            f"| {_cell(s.rationale)} |"
            for s in sorted(rows, key=lambda s: s.rule)
        ]
    return "\n".join(out) + "\n"
