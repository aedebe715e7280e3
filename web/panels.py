"""The review page's evidence panel (the dictation with its marks, and the facts drafted
from it), rendered once per revision.

It depends on nothing but the revision's note, which never changes once written, and it is
half the work of rendering the page: the page shows the cached HTML. The store hands out
one parsed Note per stored revision text (store/notes.parsed_note), so a panel is found by
that object and kept only while it is the same object; anything else is rendered afresh.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from markupsafe import Markup

from assistant.domain.note import Note
from web.evidence import FactView, Piece, evidence_view
from web.render import templates

_MAX = 512


@dataclass(frozen=True)
class Evidence:
    facts: list[FactView]
    pieces: list[Piece]
    unsupported: list[FactView]  # the facts with no support in the dictation
    html: Markup


_panels: OrderedDict[int, tuple[Note, Evidence]] = OrderedDict()
_lock = threading.Lock()


def render_evidence(note: Note) -> Evidence:
    facts, pieces = evidence_view(note)
    unsupported = [f for f in facts if not f.supported]
    context = {"pieces": pieces, "facts": facts, "unsupported": unsupported, "oob": False}
    html = Markup(templates.env.get_template("_evidence.html").render(context))
    return Evidence(facts, pieces, unsupported, html)


def evidence_of(note: Note) -> Evidence:
    """The panel of `note`, rendered once per revision."""
    key = id(note)
    with _lock:
        found = _panels.get(key)
        if found is not None and found[0] is note:
            _panels.move_to_end(key)
            return found[1]
    evidence = render_evidence(note)
    with _lock:
        _panels[key] = (note, evidence)  # holding the note keeps its id from being reused
        _panels.move_to_end(key)
        while len(_panels) > _MAX:
            _panels.popitem(last=False)
    return evidence
