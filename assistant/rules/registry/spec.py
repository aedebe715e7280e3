"""What one rule id declares, and the registry that holds every declaration once.

A rule id is a promise to every reader of a finding (a saved review, an acknowledgement, an
auditor's checklist), so ids are never reused or silently renumbered: an id that is no longer
emitted stays declared as retired and names the id that took its place, and `resolve` follows
that redirect. Only stable ids may be emitted, and a finding takes its severity and element
from the declaration alone, so two call sites cannot report one id two ways.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from assistant.domain.findings import Element, Finding, Severity
from assistant.domain.trusted import trusted

# Two to four capital letters and three digits: TE001, MIN010, POC008, BIL050, DRF020.
ID_PATTERN = re.compile(r"[A-Z]{2,4}[0-9]{3}")


class Status(StrEnum):
    STABLE = "stable"  # emitted today; its meaning does not change
    RETIRED = "retired"  # no longer emitted; `replaced_by` names its successor


# Not PtscribeError: an undeclared or retired id is a bug in ptscribe, never bad user input,
# and must not be caught and reported as if the input were at fault.
class UnknownRuleError(KeyError):
    """An id the registry does not declare."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class RetiredRuleError(LookupError):
    """Code tried to emit an id that is retired; it must emit the successor instead."""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    rule: str
    severity: Severity
    element: Element | None
    description: str
    rationale: str
    hint: str  # the general fix; a finding may carry a more specific one
    status: Status = Status.STABLE
    replaced_by: str | None = None

    @property
    def prefix(self) -> str:
        return self.rule.rstrip("0123456789")

    @property
    def status_text(self) -> str:
        if self.status is Status.RETIRED:
            return f"retired: use {self.replaced_by}"
        return str(self.status)


def stable(
    rule: str,
    severity: Severity,
    element: Element | None,
    description: str,
    rationale: str,
    hint: str,
) -> RuleSpec:
    return RuleSpec(rule, severity, element, description, rationale, hint)


def retired(spec: RuleSpec, replaced_by: str) -> RuleSpec:
    """The declaration an id keeps once it is no longer emitted."""
    return RuleSpec(
        spec.rule,
        spec.severity,
        spec.element,
        spec.description,
        spec.rationale,
        spec.hint,
        Status.RETIRED,
        replaced_by,
    )


@dataclass(frozen=True, slots=True)
class Area:
    prefix: str
    title: str
    emitter: str  # which part of ptscribe reports these ids


class Registry:
    """Every declared id, checked once when built: unique, well formed, redirects resolve."""

    def __init__(self, areas: Iterable[Area], specs: Iterable[RuleSpec]) -> None:
        self.areas = tuple(areas)
        known_prefixes = {a.prefix for a in self.areas}
        self._specs: dict[str, RuleSpec] = {}
        for spec in specs:
            if not ID_PATTERN.fullmatch(spec.rule):
                raise ValueError(f"rule id {spec.rule!r} is not two to four letters and 3 digits")
            if spec.prefix not in known_prefixes:
                raise ValueError(f"rule id {spec.rule} has no area for prefix {spec.prefix}")
            if spec.rule in self._specs:
                raise ValueError(f"rule id {spec.rule} is declared twice")
            if not (spec.description and spec.rationale and spec.hint):
                raise ValueError(f"rule id {spec.rule} needs a description, rationale and hint")
            if (spec.status is Status.RETIRED) != (spec.replaced_by is not None):
                raise ValueError(f"rule id {spec.rule}: only a retired id names a successor")
            self._specs[spec.rule] = spec
        for spec in self._specs.values():
            if spec.replaced_by is not None:
                self.resolve(spec.rule)  # raises on a dangling or circular redirect
        # What `finding` needs per emittable id, looked up once: findings are built per visit.
        self._emit = {
            rule: (spec.severity, spec.element, spec.hint)
            for rule, spec in self._specs.items()
            if spec.status is not Status.RETIRED
        }

    def __contains__(self, rule: object) -> bool:
        return rule in self._specs

    def __iter__(self) -> Iterator[RuleSpec]:
        """Declarations in report order: by area as listed, then by id."""
        order = {a.prefix: i for i, a in enumerate(self.areas)}
        yield from sorted(self._specs.values(), key=lambda s: (order[s.prefix], s.rule))

    def __len__(self) -> int:
        return len(self._specs)

    def spec(self, rule: str) -> RuleSpec:
        try:
            return self._specs[rule]
        except KeyError:
            raise UnknownRuleError(f"rule id {rule} is not declared in the rule registry") from None

    def active(self, rule: str) -> RuleSpec:
        """The declaration of an id code may emit now."""
        spec = self.spec(rule)
        if spec.status is Status.RETIRED:
            raise RetiredRuleError(f"rule id {rule} is retired; emit {spec.replaced_by} instead")
        return spec

    def resolve(self, rule: str) -> RuleSpec:
        """The stable declaration an id stands for today, following retired ids' redirects
        (an old acknowledgement of a retired id still refers to its successor)."""
        seen = [rule]
        spec = self.spec(rule)
        while spec.replaced_by is not None:
            if spec.replaced_by in seen:
                raise ValueError(f"rule ids redirect in a circle: {' -> '.join(seen)}")
            seen.append(spec.replaced_by)
            spec = self.spec(spec.replaced_by)
        return spec

    def area(self, rule: str) -> Area:
        prefix = self.spec(rule).prefix
        return next(a for a in self.areas if a.prefix == prefix)

    def finding(self, rule: str, message: str, path: str = "", hint: str = "") -> Finding:
        """A finding of a stable id, with the declared severity and element; `hint` replaces
        the declared one only where the call site knows something more specific."""
        try:
            severity, element, declared_hint = self._emit[rule]
        except KeyError:
            self.active(rule)  # undeclared or retired: raises the error that says which
            raise
        # Every field is typed by construction, so it is not validated again: the billing
        # engine makes a few findings per visit and a bulk audit thousands (fields in the
        # order Finding declares them).
        return trusted(
            Finding,
            {
                "rule": rule,
                "severity": severity,
                "message": message,
                "path": path,
                "element": element,
                "hint": hint or declared_hint,
            },
        )
