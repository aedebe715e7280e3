"""Every validation rule function, in the order findings are reported.

The ids, severities and wording live in the rule registry (assistant/rules/registry); this
is only the list of checks the validator runs, one per validator id.
"""

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
    vague,
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
    *vague.RULES,
)
