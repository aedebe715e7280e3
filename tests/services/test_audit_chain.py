"""The audit trail is a hash chain: any edited, removed or reordered event is found."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, text

from assistant.services import audit, notes, signing
from assistant.store.db import Database
from tests.store_support import draft, seed, signed_note


def _actions(db: Database) -> list[str]:
    with db.transaction() as tx:
        return [e.action for e in tx.audit.events()]


def test_every_step_is_audited_in_order(db: Database) -> None:
    s = seed(db)
    note = signed_note(db, s.pt)
    notes.show(db, note, actor="os:reviewer")
    signing.amend(db, note, clinician_email=s.pt, reason="late", text="Called patient.")
    actions = _actions(db)
    assert actions[:5] == ["create"] * 5  # three clinicians, the patient, the plan
    assert actions[5:7] == ["create", "draft"]  # the session, then its draft
    assert actions.count("acknowledge") >= 1
    assert actions[-3:] == ["sign", "view", "addendum"]
    report = audit.verify(db)
    assert report.ok
    assert report.events == len(actions)


@contextmanager
def _tamper(db: Database) -> Iterator[Connection]:
    """Raw access with the append-only triggers out of the way, as an attacker with DDL
    rights would have: the chain must still give the change away."""
    with db.engine.begin() as conn:
        if db.is_postgres:
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
            yield conn
            conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
            conn.execute(text("DROP TRIGGER audit_event_no_delete"))
            yield conn


def _chain(db: Database) -> None:
    s = seed(db)
    draft(db, s.pt)
    assert audit.verify(db).ok


def test_an_edited_event_is_found(db: Database) -> None:
    _chain(db)
    with _tamper(db) as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'mallory@x' WHERE seq = 3"))
    report = audit.verify(db)
    assert (report.ok, report.seq) == (False, 3)
    assert "changed" in report.problem


def test_a_deleted_event_is_found(db: Database) -> None:
    _chain(db)
    with _tamper(db) as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq = 4"))
    report = audit.verify(db)
    assert (report.ok, report.seq) == (False, 5)  # the event after the gap
    assert "removed" in report.problem


def test_a_deleted_last_event_is_found(db: Database) -> None:
    _chain(db)
    with _tamper(db) as conn:
        last = conn.execute(text("SELECT max(seq) FROM audit_event")).scalar_one()
        conn.execute(text(f"DELETE FROM audit_event WHERE seq = {last}"))
    report = audit.verify(db)
    assert not report.ok
    assert "removed" in report.problem


def test_swapped_events_are_found(db: Database) -> None:
    _chain(db)
    cols = ("seq", "at", "actor", "action", "note_id", "revision", "detail", "prev_hash", "hash")
    with _tamper(db) as conn:
        a, b = (
            conn.execute(
                text(
                    f"SELECT id, {', '.join(cols)} FROM audit_event WHERE seq IN (2, 3) ORDER BY seq"
                )
            )
            .mappings()
            .all()
        )
        sets = ", ".join(f"{c} = :{c}" for c in cols)
        # Whole events change places (seq is unique, so park one first).
        conn.execute(
            text(f"UPDATE audit_event SET {sets} WHERE id = :id"), {**b, "seq": -1, "id": a["id"]}
        )
        conn.execute(text(f"UPDATE audit_event SET {sets} WHERE id = :id"), {**a, "id": b["id"]})
        conn.execute(
            text("UPDATE audit_event SET seq = :s WHERE id = :id"), {"s": b["seq"], "id": a["id"]}
        )
    report = audit.verify(db)
    assert (report.ok, report.position, report.seq) == (False, 2, 3)
    assert "removed or moved" in report.problem


@contextmanager
def _untriggered(db: Database, table: str) -> Iterator[Connection]:
    with db.engine.begin() as conn:
        if db.is_postgres:
            conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            yield conn
            conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
        else:
            for verb in ("update", "delete"):
                conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{verb}"))
            yield conn


def test_a_changed_signed_revision_is_found(db: Database) -> None:
    s = seed(db)
    note = signed_note(db, s.pt)
    assert audit.verify(db).ok
    with _untriggered(db, "revision") as conn:
        conn.execute(
            text(
                "UPDATE revision SET note_json = replace(note_json, 'Plan', 'Pian') WHERE note_id = :n"
            ),
            {"n": note},
        )
    report = audit.verify(db)
    assert not report.ok
    assert report.record == f"sign of note {note} revision 1"


def test_a_changed_addendum_is_found(db: Database) -> None:
    s = seed(db)
    note = signed_note(db, s.pt)
    signing.amend(db, note, clinician_email=s.pt, reason="late", text="Called patient.")
    assert audit.verify(db).ok
    with _untriggered(db, "addendum") as conn:
        conn.execute(text("UPDATE addendum SET text = 'Did not call.'"))
    report = audit.verify(db)
    assert not report.ok
    assert report.record is not None
    assert report.record.startswith("addendum 1 of note")


@contextmanager
def _tamper_trail(db: Database) -> Iterator[Connection]:
    """The events and the head with their triggers out of the way (an attacker with DDL)."""
    with db.engine.begin() as conn:
        if db.is_postgres:
            for table in ("audit_event", "audit_head"):
                conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            yield conn
            for table in ("audit_event", "audit_head"):
                conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
        else:
            for trigger in (
                "audit_event_no_update",
                "audit_event_no_delete",
                "audit_head_no_delete",
                "audit_head_forward",
            ):
                conn.execute(text(f"DROP TRIGGER {trigger}"))
            yield conn


def _cut_from(conn: Connection, action: str, *, delete_head: bool) -> int:
    """Remove the first `action` event and everything after it, and make the head agree."""
    first = conn.execute(
        text("SELECT min(seq) FROM audit_event WHERE action = :a"), {"a": action}
    ).scalar_one()
    conn.execute(text("DELETE FROM audit_event WHERE seq >= :s"), {"s": first})
    if delete_head:
        conn.execute(text("DELETE FROM audit_head"))
    else:
        last = conn.execute(
            text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
        ).one()
        conn.execute(
            text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": last[0], "h": last[1]}
        )
    return int(first)


@pytest.mark.parametrize("delete_head", [False, True])
@pytest.mark.parametrize("action", ["sign", "acknowledge", "draft", "addendum"])
def test_newest_events_cut_with_the_head_are_found(
    db: Database, action: str, delete_head: bool
) -> None:
    # Before: a shorter chain with a head that agreed with it verified as intact.
    s = seed(db)
    note = signed_note(db, s.pt)
    signing.amend(db, note, clinician_email=s.pt, reason="late", text="Called patient.")
    assert audit.verify(db).ok
    with _tamper_trail(db) as conn:
        _cut_from(conn, action, delete_head=delete_head)
    report = audit.verify(db)
    assert not report.ok
    assert "events were removed" in report.problem or "removed" in report.problem
    if not delete_head:
        assert report.record is not None
        assert report.record.startswith(f"{action} of note {note}")


def test_a_head_deleted_with_the_whole_trail_is_found(db: Database) -> None:
    s = seed(db)
    signed_note(db, s.pt)
    with _tamper_trail(db) as conn:
        conn.execute(text("DELETE FROM audit_event"))
        conn.execute(text("DELETE FROM audit_head"))
    report = audit.verify(db)
    assert (report.ok, report.events) == (False, 0)
    assert report.record is not None
