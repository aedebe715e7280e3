"""How a validation rule is bound: one function per registry id.

A rule function yields `Issue`s (where, what, and optionally a hint more specific than the
declared one); the registry turns each into a `Finding` with the declared severity and
element, so one rule id can never report two severities. Ids and their wording are declared
in assistant/rules/registry, never here.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from assistant.domain.findings import Finding
from assistant.rules.registry import REGISTRY, RuleSpec

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

    def finding(self, issue: Issue) -> Finding:
        return REGISTRY.finding(self.spec.rule, issue.message, issue.path, issue.hint)


class RuleSet:
    """Collects the rules of one module in declaration order."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []

    def __call__(self, rule: str) -> Callable[[Check], Check]:
        spec = REGISTRY.active(rule)  # an undeclared or retired id fails at import

        def register(check: Check) -> Check:
            self.rules.append(Rule(spec, check))
            return check

        return register
