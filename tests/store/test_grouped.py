"""Grouped writes (store/grouped.py): writes handed in while a batch commits share the
next transaction, each caller returns only once its own write is committed, one write's
failure is its caller's alone, and a database error is everyone's."""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from sqlalchemy.engine import Connection

from assistant.services.audit import Action, event_hash, now_utc, record, verify
from assistant.settings import Settings
from assistant.store import db as store_db
from assistant.store.audit import append_alone, draft_event
from assistant.store.db import Database, StoreError
from assistant.store.grouped import GroupCommit
from assistant.store.repo import Tx
from tests.api.support import statements


class Counted:
    """db.transaction, counted; the first write can be held until others are queued."""

    def __init__(
        self,
        db: Database,
        autocommit: Callable[[], AbstractContextManager[Connection]] | None = None,
    ) -> None:
        self.db = db
        self.transactions = 0
        self.group = GroupCommit(self.transaction, shared=(StoreError,), autocommit=autocommit)

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        self.transactions += 1
        with self.db.transaction() as tx:
            yield tx


def _event(actor: str) -> Callable[[Tx], None]:
    return lambda tx: record(tx, actor, Action.VIEW, detail="grouped")


def _actors(db: Database) -> list[str]:
    with db.reading() as tx:
        return [e.actor for e in tx.audit.events()]


def _held_first(counted: Counted) -> tuple[threading.Thread, threading.Event]:
    """A first write that holds its transaction open until released."""
    release = threading.Event()

    def held(tx: Tx) -> None:
        release.wait(timeout=30)
        _event("first")(tx)

    first = threading.Thread(target=counted.group.write, args=(held,))
    first.start()
    while counted.transactions == 0:
        time.sleep(0.001)
    return first, release


def _queue(
    group: GroupCommit,
    writes: list[Callable[[Tx], None]],
    then: Callable[[int], None] = lambda k: None,
) -> tuple[list[threading.Thread], list[BaseException | None]]:
    """Threads handing in `writes` (each running `then(k)` once back), started and queued
    behind a batch being written; each one's error, once joined."""
    errors: list[BaseException | None] = [None] * len(writes)

    def run(k: int) -> None:
        try:
            group.write(writes[k])
            then(k)
        except BaseException as exc:
            errors[k] = exc

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(writes))]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while group.waiting < len(writes) and time.monotonic() < deadline:
        time.sleep(0.001)
    assert group.waiting == len(writes)
    return threads, errors


def test_writes_queued_during_a_batch_commit_together_and_each_is_committed(
    db: Database,
) -> None:
    counted = Counted(db)
    first, release = _held_first(counted)
    actors = [f"reader-{k}" for k in range(20)]
    seen: dict[str, bool] = {}

    def look(k: int) -> None:
        # Back from write: the caller's own event is committed, seen by a new transaction.
        seen[actors[k]] = actors[k] in _actors(db)

    threads, errors = _queue(counted.group, [_event(a) for a in actors], then=look)
    release.set()
    for t in [first, *threads]:
        t.join(timeout=30)
    assert errors == [None] * len(actors)
    assert counted.transactions == 2  # the held first, then all twenty together
    assert sorted(_actors(db)) == sorted(["first", *actors])
    assert len(seen) == len(actors)
    assert all(seen.values())
    assert verify(db).ok


def test_a_failing_write_fails_its_caller_alone(db: Database) -> None:
    counted = Counted(db)
    first, release = _held_first(counted)

    def broken(tx: Tx) -> None:
        _event("broken")(tx)
        raise ValueError("this write is wrong")

    threads, errors = _queue(counted.group, [_event("a"), broken, _event("b")])
    release.set()
    for t in [first, *threads]:
        t.join(timeout=30)
    assert errors[0] is None
    assert errors[2] is None
    assert isinstance(errors[1], ValueError)
    # The failed batch was rolled back whole and its writes tried one by one.
    assert counted.transactions == 1 + 1 + 3
    assert sorted(_actors(db)) == ["a", "b", "first"]
    assert verify(db).ok


def test_a_database_error_fails_every_caller_of_the_batch(db: Database) -> None:
    calls = 0
    release = threading.Event()

    @contextmanager
    def unreachable() -> Iterator[Tx]:
        nonlocal calls
        calls += 1
        release.wait(timeout=30)  # the first batch holds until the others are queued
        raise StoreError("database error: the server closed the connection")
        yield  # pragma: no cover

    group = GroupCommit(unreachable, shared=(StoreError,))
    first_error: list[BaseException] = []

    def first() -> None:
        try:
            group.write(_event("lost"))
        except StoreError as exc:
            first_error.append(exc)

    leader = threading.Thread(target=first)
    leader.start()
    while calls == 0:
        time.sleep(0.001)
    threads, errors = _queue(group, [_event(f"lost-{k}") for k in range(3)])
    release.set()
    for t in [leader, *threads]:
        t.join(timeout=30)
    assert first_error
    assert all(isinstance(e, StoreError) for e in errors), errors
    # One try for the held batch, one for the three together: never retried one by one.
    assert calls == 2
    assert _actors(db) == []
    # The group is free again: the next write is tried (and fails the same way).
    with pytest.raises(StoreError, match="closed the connection"):
        group.write(_event("lost again"))
    assert calls == 3


def _view_alone(db: Database, actor: str) -> Callable[[Connection], bool]:
    def alone(conn: Connection) -> bool:
        draft = draft_event(now_utc(), actor, Action.VIEW.value, None, None, "")
        return append_alone(conn, db.token, draft, event_hash) is not None

    return alone


def test_a_lone_view_is_written_without_a_session_transaction(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the head this process remembers, on the bare connection: PostgreSQL's one
    statement outside a transaction, SQLite's two in a Core write transaction. With none
    remembered (the first view) the session's transaction runs."""
    counted = Counted(db, autocommit=db.lone_writer)
    counted.group.write(_event("first"), _view_alone(db, "first"))
    assert counted.transactions == 1  # nothing remembered yet
    sessions: list[object] = []
    real = store_db.Session
    monkeypatch.setattr(store_db, "Session", lambda *a, **k: sessions.append(1) or real(*a, **k))
    with statements() as seen:
        counted.group.write(_event("second"), _view_alone(db, "second"))
    assert counted.transactions == 1
    assert sessions == []
    kinds = [s.split()[0].upper() for s in seen]
    assert kinds == (["WITH"] if db.is_postgres else ["BEGIN", "UPDATE", "INSERT"]), seen
    monkeypatch.undo()
    assert _actors(db) == ["first", "second"]
    assert verify(db).ok


def test_a_lone_view_whose_head_moved_is_written_in_a_transaction(
    db: Database, store_settings: Settings
) -> None:
    counted = Counted(db, autocommit=db.lone_writer)
    counted.group.write(_event("first"))
    other = Database.from_settings(store_settings)  # another process moves the head
    try:
        with other.transaction() as tx:
            record(tx, "elsewhere", Action.VIEW)
    finally:
        other.dispose()
    counted.group.write(_event("mine"), _view_alone(db, "mine"))
    assert counted.transactions == 2
    assert _actors(db) == ["first", "elsewhere", "mine"]
    assert verify(db).ok


def test_a_failing_lone_write_fails_its_caller(db: Database) -> None:
    counted = Counted(db, autocommit=db.lone_writer)

    def broken(_conn: Connection) -> bool:
        raise StoreError("database error: the server closed the connection")

    with pytest.raises(StoreError):
        counted.group.write(_event("lost"), broken)
    assert counted.transactions == 0
    assert _actors(db) == []
