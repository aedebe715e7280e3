"""Appends from the head a process remembers (store/audit.py): they move the head only from
where it still stands, and fall back to reading it when another process, or a rolled-back
transaction, left it elsewhere. The chain stays whole either way."""

import threading

from assistant.services.audit import Action, record, record_view, verify
from assistant.settings import Settings
from assistant.store import audit as audit_store
from assistant.store.db import Database
from tests.api.support import statements


def _append(db: Database, actor: str) -> None:
    with db.transaction() as tx:
        record(tx, actor, Action.VIEW)


def _trail(db: Database) -> list[tuple[int, str]]:
    with db.reading() as tx:
        return [(e.seq, e.actor) for e in tx.audit.events()]


def test_an_append_after_a_rolled_back_one_finds_the_real_head(db: Database) -> None:
    _append(db, "first")
    try:
        with db.transaction() as tx:
            record(tx, "lost-1", Action.VIEW)
            record(tx, "lost-2", Action.VIEW)
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    _append(db, "second")
    assert _trail(db) == [(1, "first"), (2, "second")]
    assert verify(db).ok


def test_two_processes_appending_in_turn_keep_one_chain(
    db: Database, store_settings: Settings
) -> None:
    other = Database.from_settings(store_settings)  # its own remembered head, as a process
    try:
        for n in range(6):
            _append(db if n % 2 == 0 else other, f"p{n % 2}-{n}")
        _append(db, "last")
    finally:
        other.dispose()
    trail = _trail(db)
    assert [seq for seq, _ in trail] == list(range(1, 8))
    assert trail[-1] == (7, "last")
    assert verify(db).ok


def test_a_head_at_the_same_number_but_another_hash_is_not_extended(
    db: Database, store_settings: Settings
) -> None:
    """This process remembers seq 2 from a rolled-back append; another process then writes
    its own seq 2. Only the hash tells the two heads apart: the next append must see it."""
    _append(db, "first")
    try:
        with db.transaction() as tx:
            record(tx, "rolled-back", Action.VIEW)
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    other = Database.from_settings(store_settings)
    try:
        _append(other, "elsewhere")
    finally:
        other.dispose()
    _append(db, "mine")
    assert _trail(db) == [(1, "first"), (2, "elsewhere"), (3, "mine")]
    assert verify(db).ok


def test_a_stale_head_is_tried_once(db: Database, store_settings: Settings) -> None:
    _append(db, "first")
    other = Database.from_settings(store_settings)
    try:
        _append(other, "elsewhere")
    finally:
        other.dispose()
    # A view: on PostgreSQL it tries its one statement first, then a transaction.
    with statements() as seen:
        record_view(db, "mine", note_id=1, revision=1)
    moves = [s for s in seen if "audit_head.seq = " in s]
    assert len(moves) == 1, seen  # the failed move from the stale head, not a second try
    with statements() as again:
        record_view(db, "then", note_id=1, revision=1)
    assert not any(s.startswith("SELECT") for s in again), again
    assert [actor for _, actor in _trail(db)] == ["first", "elsewhere", "mine", "then"]
    assert verify(db).ok


def test_a_remembered_head_skips_reading_it(db: Database) -> None:
    _append(db, "first")
    with statements() as seen:
        _append(db, "second")
    assert not any(s.startswith("SELECT") for s in seen), seen
    assert sum(not s.startswith(("BEGIN", "COMMIT")) for s in seen) == (1 if db.is_postgres else 2)
    assert verify(db).ok


def test_concurrent_appends_from_two_processes_never_share_a_tail(
    db: Database, store_settings: Settings
) -> None:
    other = Database.from_settings(store_settings)
    errors: list[BaseException] = []

    def append_many(target: Database, name: str) -> None:
        try:
            for n in range(25):
                _append(target, f"{name}-{n}")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=append_many, args=(target, f"{label}{k}"))
        for k in range(2)
        for target, label in ((db, "a"), (other, "b"))
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        other.dispose()
    assert not errors, errors
    trail = _trail(db)
    assert [seq for seq, _ in trail] == list(range(1, 101))
    assert len({actor for _, actor in trail}) == 100
    assert verify(db).ok


def test_a_disposed_database_leaves_no_remembered_head(store_settings: Settings) -> None:
    other = Database.from_settings(store_settings)
    _append(other, "once")
    assert other.token in audit_store._LAST_HEAD
    other.dispose()
    assert other.token not in audit_store._LAST_HEAD
