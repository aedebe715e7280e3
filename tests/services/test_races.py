"""Races on PostgreSQL: row locks and the conditional status update let exactly one win."""

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import text

from assistant.errors import ConflictError
from assistant.services import notes, signing
from assistant.store.db import Database
from tests.store_support import ack_all, draft, needs_postgres, seed

ROUNDS = 50
pytestmark = needs_postgres


def _race(first: Callable[[], object], second: Callable[[], object]) -> list[str]:
    """Run both at once; each outcome is 'ok' or the conflict's message."""
    start = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(fn: Callable[[], object]) -> None:
        start.wait()
        try:
            fn()
            result = "ok"
        except ConflictError as exc:
            result = str(exc)
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(fn,)) for fn in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(outcomes) == 2, "a racer hung"
    return outcomes


def _signatures(db: Database, note: int) -> int:
    with db.engine.connect() as conn:
        return conn.execute(
            text("SELECT count(*) FROM signature WHERE note_id = :n"), {"n": note}
        ).scalar_one()


def _ready(db: Database, who: str) -> int:
    note = draft(db, who)
    ack_all(db, note, 1, who)
    return note


def test_two_signers_give_exactly_one_signature(db: Database) -> None:
    s = seed(db)
    for _ in range(ROUNDS):
        note = _ready(db, s.pt)

        def sign(note: int = note) -> object:
            return signing.sign(db, note, revision=1, clinician_email=s.pt)

        outcomes = _race(sign, sign)
        assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
        assert _signatures(db, note) == 1


def test_revise_racing_sign_never_both(db: Database) -> None:
    s = seed(db)
    wins = {"sign": 0, "revise": 0}
    for _ in range(ROUNDS):
        note = _ready(db, s.pt)
        doc = notes.show(db, note, actor="t").note.model_copy(update={"plan": "Edited."})
        outcomes = _race(
            lambda note=note: signing.sign(db, note, revision=1, clinician_email=s.pt),
            lambda note=note, doc=doc: notes.revise(db, note, revision=1, note=doc),
        )
        assert outcomes.count("ok") == 1, outcomes
        view = notes.show(db, note, actor="t")
        if view.signatures:
            wins["sign"] += 1
            assert (view.status, view.revision, view.signatures[0].revision) == ("signed", 1, 1)
        else:
            wins["revise"] += 1
            assert (view.status, view.revision, view.note.plan) == ("in_review", 2, "Edited.")
    assert sum(wins.values()) == ROUNDS


@pytest.mark.parametrize("rounds", [ROUNDS])
def test_concurrent_writers_keep_one_audit_chain(db: Database, rounds: int) -> None:
    from assistant.services import audit

    s = seed(db)
    note = _ready(db, s.pt)
    for _ in range(rounds // 5):
        _race(lambda: notes.show(db, note, actor="a"), lambda: notes.show(db, note, actor="b"))
    assert audit.verify(db).ok
