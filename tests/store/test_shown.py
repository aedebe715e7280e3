"""The one-statement read of an unsigned note (store/shown.py) against the transaction that
reads the same note, its findings and its acknowledgements one by one."""

import pytest
from sqlalchemy import text

from assistant.errors import NotFoundError
from assistant.services import notes
from assistant.services.views import NoteView, shown_view, view_of
from assistant.store.db import Database
from assistant.store.shown import shown_note
from tests.store_support import draft, seed


def _both(db: Database, note_id: int) -> tuple[NoteView, NoteView]:
    with db.lookup() as conn:
        folded = shown_view(shown_note(conn, note_id))
    with db.reading() as tx:
        classic = view_of(tx, tx.current.note(note_id))
    return folded, classic


def test_the_folded_read_is_the_read_in_a_transaction(db: Database) -> None:
    s = seed(db)
    note_id = draft(db, s.pt)
    folded, classic = _both(db, note_id)
    assert folded.findings, "the draft should have findings to compare"
    assert folded == classic

    warnings = [f for f in classic.findings if f.severity.value == "warning"]
    assert len(warnings) >= 2, [f.rule for f in classic.findings]
    first, second = warnings[0], warnings[1]
    notes.acknowledge(db, note_id, revision=1, rule=first.rule, path=first.path)
    notes.acknowledge(
        db,
        note_id,
        revision=1,
        rule=second.rule,
        path=second.path,
        reason='Seen, with "quotes", a \\ backslash and ünïcödé',
    )
    folded, classic = _both(db, note_id)
    assert [a.kind.value for a in folded.acknowledgements] == ["acknowledge", "override"]
    assert folded.acknowledgements == classic.acknowledgements
    assert folded == classic
    assert folded.acknowledgements[0].at == classic.acknowledgements[0].at


def _acknowledge_two(db: Database, note_id: int) -> None:
    _, classic = _both(db, note_id)
    warnings = [f for f in classic.findings if f.severity.value == "warning"]
    for f, reason in zip(warnings[:2], ("", "Seen"), strict=True):
        notes.acknowledge(db, note_id, revision=1, rule=f.rule, path=f.path, reason=reason)


def test_findings_and_acknowledgements_keep_their_order(db: Database) -> None:
    s = seed(db)
    note_id = draft(db, s.pt)
    _acknowledge_two(db, note_id)
    _, before = _both(db, note_id)
    assert len(before.findings) >= 2
    assert len(before.acknowledgements) == 2
    # Written again last id first: on PostgreSQL the aggregate then meets the rows in the
    # reverse of their ids, and only the reader's sort puts them back.
    with db.engine.begin() as conn:
        for table in ("finding", "acknowledgement"):
            rows = conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings().all()
            conn.execute(text(f"DELETE FROM {table}"))
            for row in reversed(rows):
                names = ", ".join(row.keys())
                values = ", ".join(f":{k}" for k in row)
                conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({values})"), dict(row))
    folded, classic = _both(db, note_id)
    assert folded.findings == classic.findings == before.findings
    assert folded.acknowledgements == classic.acknowledgements == before.acknowledgements


def test_times_read_the_same_in_any_session_time_zone(db: Database) -> None:
    if not db.is_postgres:
        pytest.skip("SQLite keeps its times as text, with no session time zone")
    s = seed(db)
    note_id = draft(db, s.pt)
    _acknowledge_two(db, note_id)
    _, classic = _both(db, note_id)
    with db.lookup() as conn:
        # Not a whole hour from UTC: JSON writes timestamptz in the session's zone.
        conn.exec_driver_sql("SET TIME ZONE 'America/St_Johns'")
        try:
            folded = shown_view(shown_note(conn, note_id))
        finally:
            conn.exec_driver_sql("SET TIME ZONE 'UTC'")
    assert folded.acknowledgements == classic.acknowledgements


def test_a_revision_without_findings_or_acknowledgements_reads_empty(db: Database) -> None:
    s = seed(db)
    note_id = draft(db, s.pt)
    with db.engine.begin() as conn:
        revision = conn.execute(text("SELECT id FROM revision WHERE note_id = :n"), {"n": note_id})
        conn.execute(text("DELETE FROM finding WHERE revision_id = :r"), {"r": revision.scalar()})
    folded, classic = _both(db, note_id)
    assert folded.findings == [] == classic.findings
    assert folded.acknowledgements == []
    assert folded == classic


def test_the_review_read_brings_the_patient_in_the_same_statement(db: Database) -> None:
    s = seed(db)
    note_id = draft(db, s.pt)
    with db.lookup() as conn:
        shown = shown_note(conn, note_id, patient=True)
        plain = shown_note(conn, note_id)
    assert plain.patient is None
    assert shown.findings == plain.findings
    with db.reading() as tx:
        expected = tx.people.patient(shown.current.target.state.patient_id)
    assert shown.patient == expected
    assert shown.patient is not None
    assert shown.patient.mrn == s.mrn


def test_an_unknown_note_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError), db.lookup() as conn:
        shown_note(conn, 999_999)


def test_a_signed_note_is_not_shown_from_the_folded_read(db: Database) -> None:
    s = seed(db)
    note_id = draft(db, s.pt)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE note SET status = 'signed' WHERE id = :n"), {"n": note_id})
    with db.lookup() as conn:
        shown = shown_note(conn, note_id)
    with pytest.raises(ValueError, match="signed"):
        shown_view(shown)
