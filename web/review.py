"""What the review page shows, computed from a NoteView: findings grouped by severity with the
element each links to, what still blocks signing, and the editable rows of the form.

Nothing here judges the note: findings, acknowledgements and the claim are the services';
this only arranges them and works out which of them the sign button must wait for (the
server re-checks at sign time regardless).
"""

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from assistant.domain.findings import Element, Finding, Severity
from assistant.services.views import NoteView
from web.editing import LOAD_UNITS, SECTIONS
from web.evidence import FactView
from web.panels import editor_of, evidence_of, fields_of
from web.render import templates

SECTION_LABELS = {
    "subjective": "Subjective",
    "objective": "Objective",
    "assessment": "Assessment",
    "plan": "Plan",
}
_CLAIM_ELEMENTS = {Element.UNITS, Element.MODIFIERS, Element.TIMERS, Element.TOTAL_TIME}
_TRIM = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    anchor: str  # the id of the element it concerns, with "#"
    target: str  # what that element is, for the link text
    acknowledged: str  # "", "acknowledge" or "override"
    reason: str


@dataclass(frozen=True)
class SignState:
    errors: int
    open_warnings: int

    @property
    def ready(self) -> bool:
        return self.errors == 0 and self.open_warnings == 0

    @property
    def reason(self) -> str:
        parts = []
        if self.errors:
            parts.append(f"{self.errors} error{'s' if self.errors > 1 else ''} must be fixed")
        if self.open_warnings:
            n = self.open_warnings
            parts.append(f"{n} warning{'s' if n > 1 else ''} must be acknowledged or overridden")
        return "; ".join(parts)


def link_for(finding: Finding, fields: dict[str, str], facts: dict[str, str]) -> tuple[str, str]:
    """The nearest form field, else the nearest fact, else the claim or the note."""
    path = finding.path
    # A dose finding on an exercise goes to the first dose box of its row.
    dose = f"{path}.sets"
    if finding.element is Element.PARAMETERS and dose in fields:
        return "#" + fields[dose], "the dose"
    while path:
        if path in fields:
            return "#" + fields[path], "the field"
        if path in facts:
            return "#" + facts[path], "the fact"
        trimmed = _TRIM.sub("", path)
        if trimmed == path:
            break
        path = trimmed
    if finding.element in _CLAIM_ELEMENTS or finding.rule.startswith(("BIL", "MIN")):
        return "#claim", "the claim"
    return "#field-objective", "the note"


def review_context(view: NoteView, edited: dict[str, str] | None = None) -> dict[str, Any]:
    evidence = evidence_of(view.note)
    facts, pieces = evidence.facts, evidence.pieces
    fields = fields_of(view.note)
    fact_ids = {f.path: f.anchor for f in facts}
    acks = {(a.rule, a.path): a for a in view.acknowledgements}
    groups: dict[str, list[FindingView]] = {s.value: [] for s in Severity}
    open_warnings = 0
    for f in view.findings:
        anchor, target = link_for(f, fields, fact_ids)
        ack = acks.get((f.rule, f.path))
        if f.severity is Severity.WARNING and ack is None:
            open_warnings += 1
        groups[f.severity.value].append(
            FindingView(f, anchor, target, ack.kind.value if ack else "", ack.reason if ack else "")
        )
    note = view.note
    sections = {s: getattr(note, s) for s in SECTIONS}
    sections.update(edited or {})
    # What _editor_fields.html reads, and nothing else of the page does.
    editor = {
        "note": note,
        "sections": sections,
        "section_labels": SECTION_LABELS,
        "fields": fields,
        "load_units": LOAD_UNITS,
        "diagnosis_codes": ", ".join(dx.code for dx in note.diagnoses),
    }
    return {
        "view": view,
        "note": note,
        "facts": facts,
        "pieces": pieces,
        "groups": groups,
        "sign": SignState(len(groups["error"]), open_warnings),
        "unsupported": evidence.unsupported,
        "evidence_html": evidence.html,
        # The editor's fields, for the whole page only (a save's panels leave them alone).
        "editor_html": lambda can_edit: editor_html(editor, can_edit, kept=not edited),
    }


def editor_html(context: dict[str, Any], can_edit: bool, *, kept: bool) -> Markup:
    """The editor's fields; `kept`: the note as stored, rendered once per revision and
    right (web/panels.py). Text the clinician typed that was not saved is rendered afresh."""

    def render() -> Markup:
        fields = templates.env.get_template("_editor_fields.html")
        return Markup(fields.render({**context, "can_edit": can_edit}))

    return editor_of(context["note"], can_edit, render) if kept else render()


def conflict_rows(mine: dict[str, str], saved: NoteView) -> list[tuple[str, str, str]]:
    """(section, my text, saved text) for each section where the two differ."""
    rows = []
    for s in SECTIONS:
        theirs = getattr(saved.note, s)
        if s in mine and mine[s] != theirs:
            rows.append((SECTION_LABELS[s], mine[s], theirs))
    return rows


__all__ = ["FactView", "FindingView", "SignState", "conflict_rows", "review_context"]
