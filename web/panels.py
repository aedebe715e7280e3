"""What the review page shows of a revision's note alone, worked out once per revision: the
evidence panel (the dictation with its marks, and the facts drafted from it), the form
controls' ids, and the editor's fields as the note stands (one rendering for a clinician
who may edit, one read-only).

Those depend on nothing but the revision's note, which never changes once written, and they
were most of the work of rendering the page: the page shows the kept HTML. The store hands
out one parsed Note per stored revision text (store/notes.parsed_note), so an entry is found
by that object and kept only while it is the same object; anything else is rendered afresh.
Whatever belongs to the request (the CSRF token, the findings and their acknowledgements,
the claim, text the clinician typed that was not saved) is rendered with the page, never
kept here.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from assistant.domain.note import Note
from web.editing import SECTIONS
from web.evidence import FactView, Piece, anchor_of, evidence_view
from web.render import templates

_MAX = 512


@dataclass(frozen=True)
class Evidence:
    facts: list[FactView]
    pieces: list[Piece]
    unsupported: list[FactView]  # the facts with no support in the dictation
    html: Markup


@dataclass
class _Entry:
    note: Note  # held: it keeps its id from being reused while the entry lives
    evidence: Evidence
    fields: dict[str, str]
    editors: dict[bool, Markup] = field(default_factory=dict)  # by "may edit"


_entries: OrderedDict[int, _Entry] = OrderedDict()
_lock = threading.Lock()


def render_evidence(note: Note) -> Evidence:
    facts, pieces = evidence_view(note)
    unsupported = [f for f in facts if not f.supported]
    context = {"pieces": pieces, "facts": facts, "unsupported": unsupported, "oob": False}
    html = Markup(templates.env.get_template("_evidence.html").render(context))
    return Evidence(facts, pieces, unsupported, html)


def field_ids(note: Note) -> dict[str, str]:
    """Every form control's note path -> element id."""
    ids = {s: f"field-{s}" for s in SECTIONS}
    ids["diagnoses"] = "field-diagnoses"
    for i, item in enumerate(note.interventions):
        ids[f"interventions[{i}].minutes"] = anchor_of(f"interventions[{i}].minutes", "field")
        for j, _ in enumerate(item.exercises):
            for name in ("sets", "reps", "load", "load_unit"):
                path = f"interventions[{i}].exercises[{j}].{name}"
                ids[path] = anchor_of(path, "field")
    return ids


def _entry(note: Note) -> _Entry:
    key = id(note)
    with _lock:
        found = _entries.get(key)
        if found is not None and found.note is note:
            _entries.move_to_end(key)
            return found
    entry = _Entry(note, render_evidence(note), field_ids(note))
    with _lock:
        _entries[key] = entry
        _entries.move_to_end(key)
        while len(_entries) > _MAX:
            _entries.popitem(last=False)
    return entry


def evidence_of(note: Note) -> Evidence:
    """The evidence panel of `note`, rendered once per revision."""
    return _entry(note).evidence


def fields_of(note: Note) -> dict[str, str]:
    return _entry(note).fields


def editor_of(note: Note, can_edit: bool, render: Callable[[], Markup]) -> Markup:
    """The editor's fields of `note` as stored, `render()`ed once per revision and right."""
    entry = _entry(note)
    with _lock:
        found = entry.editors.get(can_edit)
    if found is None:
        found = render()
        with _lock:
            entry.editors[can_edit] = found
    return found
