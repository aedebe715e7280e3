"""`validate` as a use case: a note (and optionally its visit context) in, the review out.

The context may be the same file `draft --context` reads (a DraftContext: the visit context
plus date of service, discipline, note type, clinician and patient), so one example file
serves both commands. Those draft-only fields must then agree with the note: a context
written for another visit is refused rather than silently applied.
"""

from assistant.domain.note import SCHEMA_VERSION, Note
from assistant.domain.session import DraftContext
from assistant.domain.validation import ValidationReport
from assistant.errors import InputError
from assistant.rules.validation import review
from assistant.services.icd import icd_code_set
from assistant.services.inputs import STDIN, parse_json, read_text
from assistant.services.reference import tables_for
from assistant.settings import get_settings
from assistant.store.db import Database


def parse_note(text: str, source: str = "request") -> Note:
    return parse_json(Note, text, source, "note", version=SCHEMA_VERSION)


def parse_context(text: str, source: str = "request") -> DraftContext:
    return parse_json(DraftContext, text, source, "context", version=SCHEMA_VERSION)


def validate_note(
    note: Note, context: DraftContext | None, db: Database | None = None
) -> ValidationReport:
    if context is not None:
        _check_same_visit(note, context)
    tables = tables_for(get_settings(), db)
    return review(note, context, tables.ncci, tables.fees, icd=icd_code_set())


def validate_sources(note_source: str, context_source: str | None = None) -> ValidationReport:
    """Validate the note in a file (or stdin) against an optional context file."""
    if note_source == STDIN and context_source == STDIN:
        raise InputError("only one of the note and the context can be read from standard input")
    note = parse_note(read_text(note_source), note_source)
    context = None
    if context_source is not None:
        context = parse_context(read_text(context_source), context_source)
    return validate_note(note, context)


def _check_same_visit(note: Note, context: DraftContext) -> None:
    pairs = (
        ("date_of_service", context.date_of_service, note.date_of_service),
        ("discipline", context.discipline, note.discipline),
        ("note_type", context.note_type, note.note_type),
    )
    for name, theirs, ours in pairs:
        if theirs is not None and theirs != ours:
            raise InputError(
                f"the context's {name} is {_show(theirs)} but the note's is {_show(ours)}: "
                "pass the context of this visit"
            )


def _show(value: object) -> str:
    text = getattr(value, "isoformat", None)
    return text() if callable(text) else str(value)
