"""Group commit: small writes from many threads at the same moment share one transaction.

Every note view appends an audit event, in its own short write transaction after the read.
Under load those writes queue for the one write lock (SQLite's, or the audit chain's head
row on PostgreSQL), and each waiting thread keeps competing for the GIL: a 50-client bench
served GET note 25x slower than /health with the writes, 1x without them. Here the writes
that arrive while one is being committed wait on an event (no lock, no GIL) and go into the
next transaction together; whoever queued first of them writes that batch. Each caller
still returns only once its own write is committed, so nothing is shown before its audit
event is durable.

A batch that one write fails is written again one write per transaction, so that write's
error is its caller's alone; a database error (locked, unreachable) is everyone's.

A write may come with its `alone` form: the same write on a bare connection, without an
ORM session. A batch of that one write (a quiet moment: most views) tries it first: on
PostgreSQL one statement outside a transaction, which commits by itself (no BEGIN or COMMIT
round trip); on SQLite its statements in a Core write transaction. When it cannot be done
so (it says False, having written nothing), the session's transaction runs as usual.
"""

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from assistant.store.repo import Tx

Write = Callable[[Tx], None]
Alone = Callable[[Connection], bool]


@dataclass(eq=False)
class _Pending:
    write: Write
    alone: Alone | None = None
    done: threading.Event = field(default_factory=threading.Event)
    lead: bool = False  # woken to write the next batch, not because its write is done
    error: BaseException | None = None


class GroupCommit:
    def __init__(
        self,
        transaction: Callable[[], AbstractContextManager[Tx]],
        shared: tuple[type[Exception], ...],
        autocommit: Callable[[], AbstractContextManager[Connection]] | None = None,
    ) -> None:
        # shared: errors of the database itself (locked, unreachable), every writer's alike.
        # autocommit: the bare connection a lone write's `alone` form runs on.
        self._transaction = transaction
        self._autocommit = autocommit
        self._shared = shared
        self._lock = threading.Lock()
        self._queue: list[_Pending] = []
        self._writing = False

    @property
    def waiting(self) -> int:
        """Writes queued for the next batch."""
        with self._lock:
            return len(self._queue)

    def write(self, write: Write, alone: Alone | None = None) -> None:
        """Run `write(tx)` in a committed write transaction, shared with the writes other
        threads hand in meanwhile (or, alone in its batch, `alone(conn)` if it can); raises
        what the write (or its commit) raised."""
        mine = _Pending(write, alone)
        with self._lock:
            self._queue.append(mine)
            lead = not self._writing
            self._writing = True
        if not lead:
            mine.done.wait()
            lead = mine.lead
        if lead:
            self._write_batch()
        if mine.error is not None:
            raise mine.error

    def _write_batch(self) -> None:
        with self._lock:
            batch, self._queue = self._queue, []
        try:
            self._together(batch)
        except BaseException as exc:  # an interrupt mid-batch: no write is known committed
            for pending in batch:
                pending.error = pending.error or exc
            raise
        finally:
            for pending in batch:
                pending.lead = False
                pending.done.set()
            with self._lock:
                if self._queue:  # queued during this batch: its first writes the next one
                    self._queue[0].lead = True
                    self._queue[0].done.set()
                else:
                    self._writing = False

    def _together(self, batch: list[_Pending]) -> None:
        if len(batch) == 1 and self._alone(batch[0]):
            return
        try:
            with self._transaction() as tx:
                for pending in batch:
                    pending.write(tx)
            return
        except Exception as exc:
            if len(batch) == 1 or isinstance(exc, self._shared):
                for pending in batch:
                    pending.error = exc
                return
        for pending in batch:  # one write failed the batch: each on its own, to find it
            try:
                with self._transaction() as tx:
                    pending.write(tx)
            except Exception as exc:
                pending.error = exc

    def _alone(self, pending: _Pending) -> bool:
        """True when the write was done (or failed) in its one-statement form."""
        if pending.alone is None or self._autocommit is None:
            return False
        try:
            with self._autocommit() as conn:
                return pending.alone(conn)
        except Exception as exc:
            pending.error = exc
            return True
