"""A note as a request first needs it, in one statement: its lifecycle, what the access
policy judges it by (the author's supervisor, the session's note type) and, for the calls
that go on to show or check it, its current revision.

Reading a note used to cost a transaction for the policy (note, clinic, author, session)
and then the same note and its revision again; this is the one joined read both make.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from assistant.domain.note import NoteType
from assistant.domain.records import NoteState
from assistant.errors import NotFoundError
from assistant.store.ids import existing_id
from assistant.store.notes import (
    REVISION_COLUMNS,
    STATE_COLUMNS,
    StoredRevision,
    note_state,
    revision_of,
)
from assistant.store.tables import table

_NOTE, _SESSION, _CLINICIAN, _REV = (table(n) for n in ("note", "session", "clinician", "revision"))
# The note's own state columns, as every note read takes them, then what access asks.
_STATE = (*STATE_COLUMNS, _SESSION.c.note_type, _CLINICIAN.c.supervisor_id)
_TARGET = (
    select(*_STATE)
    .join(_SESSION, _SESSION.c.id == _NOTE.c.session_id)
    .join(_CLINICIAN, _CLINICIAN.c.id == _NOTE.c.clinician_id)
    .where(_NOTE.c.id == bindparam("id"))
)
# A note has no revision only while it is being drafted (inside one transaction), so the
# inner join finds every note a reader can see.
WITH_REVISION = _TARGET.add_columns(*REVISION_COLUMNS).join(
    _REV, (_REV.c.note_id == _NOTE.c.id) & (_REV.c.number == _NOTE.c.current_revision)
)


@dataclass(frozen=True, slots=True)
class NoteTarget:
    """The note's lifecycle and what the access policy needs to know about it."""

    state: NoteState
    note_type: NoteType
    supervisor_id: int | None


@dataclass(frozen=True, slots=True)
class CurrentNote:
    target: NoteTarget
    revision: StoredRevision


def target_row(row: Any) -> NoteTarget:
    return NoteTarget(note_state(row), NoteType(row.note_type), row.supervisor_id)


class CurrentRepo:
    def __init__(self, session: Session) -> None:
        self.s = session

    @property
    def c(self) -> Connection:
        return self.s.connection()

    def target(self, note_id: int) -> NoteTarget:
        row = self.c.execute(_TARGET, {"id": existing_id(note_id, "note")}).first()
        if row is None:
            raise NotFoundError(f"no note {note_id}")
        return target_row(row)

    def note(self, note_id: int) -> CurrentNote:
        return current_note(self.c, note_id)


def current_note(conn: Connection, note_id: int) -> CurrentNote:
    """The note with its current revision, in one statement: in a transaction, or on a bare
    lookup connection."""
    row = conn.execute(WITH_REVISION, {"id": existing_id(note_id, "note")}).first()
    if row is None:
        raise NotFoundError(f"no note {note_id}")
    return CurrentNote(target_row(row), revision_of(row))
