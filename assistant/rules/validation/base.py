"""How a validation rule is declared: a spec (id, severity, element, text) and one function.

A rule function yields `Issue`s (where, what, how to fix); the engine turns each into a
`Finding` with the spec's severity and element, so one rule id can never report two
severities.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from assistant.domain.findings import Element, Finding, Severity
from assistant.rules.billing.findings import RuleSpec

if TYPE_CHECKING:
    from assistant.rules.validation.review import Review


class Issue(NamedTuple):
    path: str
    message: str
    hint: str = ""


Check = Callable[["Review"], Iterator[Issue]]


@dataclass(frozen=True, slots=True)
class Rule:
    spec: RuleSpec
    check: Check
    hint: str  # default advice when an issue brings none

    def finding(self, issue: Issue) -> Finding:
        # Every field is typed by construction here; skipping validation halves the cost of a
        # finding, which matters when a bulk audit validates thousands of notes.
        return Finding.model_construct(
            rule=self.spec.rule,
            severity=self.spec.severity,
            element=self.spec.element,
            path=issue.path,
            message=issue.message,
            hint=issue.hint or self.hint,
        )


class RuleSet:
    """Collects the rules of one module in declaration order."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []

    def __call__(
        self,
        rule: str,
        severity: Severity,
        element: Element,
        description: str,
        rationale: str,
        hint: str = "",
    ) -> Callable[[Check], Check]:
        def register(check: Check) -> Check:
            spec = RuleSpec(rule, severity, element, description, rationale)
            self.rules.append(Rule(spec, check, hint))
            return check

        return register
