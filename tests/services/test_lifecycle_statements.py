"""How many SQL statements one lifecycle (session from dictation -> draft -> sign) costs.

The bound keeps the store's round trips from creeping back: every statement is ~0.1 ms of
SQLAlchemy and driver work, and on PostgreSQL a round trip to the server besides. The sign's
view is built from what its transaction read and wrote, so it is compared with a fresh read.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from assistant.domain.billing import Role, TimerSegment
from assistant.domain.context import PayerSettings
from assistant.domain.lifecycle import NoteStatus
from assistant.services import notes, people, signing
from assistant.store.db import Database
from tests.store_support import ROOT

CLEAN = (ROOT / "bench" / "data" / "clean_dictation.txt").read_text(encoding="utf-8")
DAY = date(2025, 6, 2)
# Counted without BEGIN, which SQLite's connections issue as a statement and PostgreSQL's
# driver does not, so one bound holds for both databases.
MAX_NEW_SESSION = 15
MAX_SIGN = 10


def _timers() -> list[TimerSegment]:
    start = datetime.combine(DAY, dt_time(9, 0))
    middle = start + timedelta(minutes=25)
    return [
        TimerSegment(code="97110", start=start, end=middle),
        TimerSegment(code="97140", start=middle, end=middle + timedelta(minutes=10)),
    ]


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def _count(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # Every engine on this database: SQLite's readers have a pool of their own.
        if conn.engine.url == db.engine.url and not statement.lstrip().upper().startswith("BEGIN"):
            statements.append(statement)

    event.listen(Engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", _count)


def _seed(db: Database, mrn: str) -> None:
    people.add_clinician(db, name="Pat Lee", credentials="PT, DPT", role=Role.PT, email="pt@b")
    people.add_patient(
        db,
        name="Lee Park",
        date_of_birth=date(1960, 1, 1),
        mrn=mrn,
        carried_in_year=2025,
        payer=PayerSettings(name="Aetna", medicare_rules=False),
    )
    people.add_plan(db, mrn=mrn, first_treatment=date(2025, 6, 1), goals=["Stairs"])


def test_one_lifecycle_stays_within_its_statements(db: Database) -> None:
    _seed(db, "L-1")
    with counted(db) as drafted:
        view = notes.new_session(
            db, CLEAN, mrn="L-1", clinician_email="pt@b", day=DAY, timers=_timers()
        )
    with counted(db) as signed:
        after = signing.sign(db, view.note_id, revision=1, clinician_email="pt@b")
    assert after.status is NoteStatus.SIGNED, after.findings
    assert len(drafted) <= MAX_NEW_SESSION, "\n".join(drafted)
    assert len(signed) <= MAX_SIGN, "\n".join(signed)


def test_the_signed_view_is_what_the_store_then_shows(db: Database) -> None:
    _seed(db, "L-2")
    view = notes.new_session(
        db, CLEAN, mrn="L-2", clinician_email="pt@b", day=DAY, timers=_timers()
    )
    assert view == notes.show(db, view.note_id, actor="pt@b").model_copy(
        update={"drafter": view.drafter}
    )
    after = signing.sign(db, view.note_id, revision=1, clinician_email="pt@b")
    shown = notes.show(db, view.note_id, actor="pt@b")
    assert after.signatures
    assert after.findings
    assert after == shown.model_copy(update={"drafter": after.drafter})


def test_a_recheck_of_an_unchanged_note_reads_two_statements(db: Database) -> None:
    """What a review screen's polling costs: the note, then the patient with the figures
    the memo is keyed on (history and tables), one statement each."""
    _seed(db, "L-3")
    view = notes.new_session(
        db, CLEAN, mrn="L-3", clinician_email="pt@b", day=DAY, timers=_timers()
    )
    first = notes.check(db, view.note_id)
    with counted(db) as again:
        assert notes.check(db, view.note_id) == first
    reads = [s for s in again if not s.lstrip().upper().startswith("PRAGMA")]
    assert len(reads) == 2, "\n".join(again)
