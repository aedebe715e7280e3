"""The audit trail: an append-only hash chain of events.

Each event's hash covers its fields and the previous event's hash, so editing, deleting or
reordering any event breaks the chain from there on. Appends lock the single audit_head row
(FOR UPDATE on PostgreSQL; SQLite transactions are already serialised), so concurrent
transactions never both extend the same tail. The hash is computed by the caller's function
so this module holds no policy about what an event contains.

Every view is audited, so an append is the hottest write there is. A process remembers the
head it last moved (per database): the next append moves the head only if it still holds
that sequence number and hash, in the statement that writes the event, and reads and locks
the head only when it does not (another process or a rolled-back transaction moved it, or
nothing is remembered yet). Moving the head takes its row lock either way, and a
transaction that waited for another's lock sees the head that one left and falls back, so
two appends still never extend the same tail.
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    case,
    exists,
    insert,
    literal,
    or_,
    union_all,
    update,
)
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from assistant.domain.records import AuditEvent
from assistant.store import direct
from assistant.store.accounts import AccountRow
from assistant.store.direct import Direct
from assistant.store.tables import AuditEventRow, AuditHeadRow, NoteRow, table

HEAD_ID = 1
GENESIS = "0" * 64
_HEAD = (
    select(col(AuditHeadRow.seq), col(AuditHeadRow.hash))
    .where(col(AuditHeadRow.id) == HEAD_ID)
    .with_for_update()
)
_NEW_HEAD = {
    postgres: dialect.insert(AuditHeadRow)
    .values(id=HEAD_ID, seq=0, hash=GENESIS)
    .on_conflict_do_nothing(index_elements=["id"])
    for postgres, dialect in ((True, postgresql), (False, sqlite))
}
_MOVE_HEAD = (
    update(AuditHeadRow)
    .where(col(AuditHeadRow.id) == HEAD_ID)
    .values(seq=bindparam("seq"), hash=bindparam("hash"))
)

# PostgreSQL moves the head in the statement that appends the event (a data-modifying
# CTE): one round trip fewer for every audited call, every view included. SQLite has no
# such CTE, and its statements cost no round trip.
_APPEND_AND_MOVE = insert(AuditEventRow).add_cte(
    update(AuditHeadRow)
    .where(col(AuditHeadRow.id) == HEAD_ID)
    .values(seq=bindparam("head_seq"), hash=bindparam("head_hash"))
    .cte("moved_head")
)

_EVENT = AuditEventRow.__table__  # type: ignore[attr-defined]
_EVENT_COLUMNS = [c for c in _EVENT.c if c.name != "id"]
# The head, moved only from where this process left it (see the module's note).
_MOVE_FROM = (
    update(AuditHeadRow)
    .where(
        col(AuditHeadRow.id) == HEAD_ID,
        col(AuditHeadRow.seq) == bindparam("from_seq"),
        col(AuditHeadRow.hash) == bindparam("from_hash"),
    )
    .values(seq=bindparam("head_seq"), hash=bindparam("head_hash"))
)
_MOVED = _MOVE_FROM.returning(col(AuditHeadRow.id)).cte("moved_head")
# PostgreSQL: the event is written only if its head moved, in one statement.
_APPEND_IF_MOVED = (
    insert(AuditEventRow)
    .from_select(
        [c.name for c in _EVENT_COLUMNS],
        core_select(*(bindparam(c.name, type_=c.type) for c in _EVENT_COLUMNS)).where(
            exists(core_select(_MOVED.c.id))
        ),
    )
    .add_cte(_MOVED)
    .returning(col(AuditEventRow.id))
)
# Every append's statements, on the driver's cursor (store/direct.py).
_DIRECT_MOVE_FROM = Direct(_MOVE_FROM)
_APPEND = Direct(
    insert(AuditEventRow).values({c.name: bindparam(c.name, type_=c.type) for c in _EVENT_COLUMNS})
)
_DIRECT_APPEND_IF_MOVED = Direct(_APPEND_IF_MOVED)
# The head each process last moved, by database token: (seq, hash).
_LAST_HEAD: dict[str, tuple[int, str]] = {}

_REV, _ACK, _SIG, _ADD = (
    table(n) for n in ("revision", "acknowledgement", "signature", "addendum")
)
# Every stored record that an audited action wrote, named as that action: revision 1 is the
# draft, later ones revisions; acknowledgement and signature kinds are their actions' names.
_RECORDED = union_all(
    core_select(
        case((_REV.c.number == 1, literal("draft")), else_=literal("revise")),
        _REV.c.note_id,
        _REV.c.number,
    ),
    core_select(_ACK.c.kind, _REV.c.note_id, _REV.c.number).join(
        _REV, _REV.c.id == _ACK.c.revision_id
    ),
    core_select(_SIG.c.kind, _SIG.c.note_id, _REV.c.number).join(
        _REV, _REV.c.id == _SIG.c.revision_id
    ),
    core_select(literal("addendum"), _ADD.c.note_id, _REV.c.number).join(
        _REV, _REV.c.id == _ADD.c.revision_id
    ),
)


def in_clinic(query: Any, clinic_id: int) -> Any:
    """The events of one clinic: those about its notes, and those without a note whose actor
    is one of its accounts. An event no account can be tied to (a failed login for an
    unknown email) belongs to no clinic and is shown to every clinic's admin, since only the
    trail can tell them someone tried. The one scope for every reader of the trail."""
    scope: ColumnElement[bool] = or_(
        col(NoteRow.clinic_id) == clinic_id,
        and_(
            col(AuditEventRow.note_id).is_(None),
            or_(col(AccountRow.clinic_id) == clinic_id, col(AccountRow.id).is_(None)),
        ),
    )
    return (
        query.outerjoin(NoteRow, col(NoteRow.id) == col(AuditEventRow.note_id))
        .outerjoin(AccountRow, col(AccountRow.email) == col(AuditEventRow.actor))
        .where(scope)
    )


def event_record(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        action=row.action,
        note_id=row.note_id,
        revision=row.revision,
        detail=row.detail,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def _chained(
    draft: AuditEvent, head: tuple[int, str], hasher: Callable[[AuditEvent], str]
) -> AuditEvent:
    """`draft` as the event after `head` (its sequence number and hash), hashed."""
    linked = draft.model_copy(update={"seq": head[0] + 1, "prev_hash": head[1]})
    return linked.model_copy(update={"hash": hasher(linked)})


def draft_event(
    at: datetime, actor: str, action: str, note_id: int | None, revision: int | None, detail: str
) -> AuditEvent:
    return AuditEvent(
        seq=0,
        at=at,
        actor=actor,
        action=action,
        note_id=note_id,
        revision=revision,
        detail=detail,
        prev_hash="",
        hash="",
    )


def _append_from(
    conn: Connection, postgres: bool, token: str, head: tuple[int, str], event: AuditEvent
) -> bool:
    """Append `event` if the head is still `head`; False (nothing written) if not."""
    # from_*: where the head must still stand (the event's own prev_hash is a column value).
    params = {
        "from_seq": head[0],
        "from_hash": head[1],
        "head_seq": event.seq,
        "head_hash": event.hash,
    }
    if postgres:
        # The rows it returns, not its rowcount, which the driver leaves at -1 here.
        written = len(_DIRECT_APPEND_IF_MOVED.all(conn, {**dict(event), **params}))
    else:
        written = _DIRECT_MOVE_FROM.run(conn, params)
        if written:
            _APPEND.run(conn, dict(event))
    if written:
        _remember(token, event)
    elif token and _LAST_HEAD.get(token) == head:
        # Stale: the caller's fallback reads the head instead of trying this one again.
        _LAST_HEAD.pop(token, None)
    return bool(written)


def _remember(token: str, event: AuditEvent) -> None:
    # Kept before the commit: if the transaction rolls back, the next append finds the head
    # elsewhere and falls back to reading it.
    if token:
        _LAST_HEAD[token] = (event.seq, event.hash)


def append_alone(
    conn: Connection, token: str, draft: AuditEvent, hasher: Callable[[AuditEvent], str]
) -> AuditEvent | None:
    """`draft` (`draft_event`) appended from the head this process remembers, on a bare
    connection: on PostgreSQL outside a transaction, in ONE statement that commits by itself
    (no BEGIN or COMMIT round trip for a lone view); on SQLite inside the connection's write
    transaction, whose two statements need it. None, with nothing written, with no head
    remembered, on a SQLite connection outside a transaction, or when the head has moved:
    the caller appends in a session's transaction then."""
    remembered = _LAST_HEAD.get(token) if token else None
    postgres = conn.dialect.name == "postgresql"
    if remembered is None or not (postgres or direct.in_transaction(conn)):
        return None
    event = _chained(draft, remembered, hasher)
    return event if _append_from(conn, postgres, token, remembered, event) else None


def forget_head(token: str) -> None:
    """Drop what a disposed database's process remembered of its head."""
    _LAST_HEAD.pop(token, None)


class AuditRepo:
    def __init__(self, session: Session, *, postgres: bool, token: str = "") -> None:
        self.s = session
        self.postgres = postgres
        self.token = token  # the Database's: whose remembered head applies

    def _head(self) -> tuple[int, str]:
        conn = self.s.connection()
        locked = conn.execute(_HEAD).first()
        if locked is None:
            # The first event ever: concurrent first appends all find no head, and all but
            # one of their inserts would fail on its key. Each inserts it if still missing,
            # then locks whichever one is there.
            conn.execute(_NEW_HEAD[self.postgres])
            locked = conn.execute(_HEAD).one()
        return int(locked[0]), str(locked[1] or GENESIS)

    def append(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        note_id: int | None,
        revision: int | None,
        detail: str,
        hasher: Callable[[AuditEvent], str],
    ) -> AuditEvent:
        # Core statements, not the unit of work: this runs for every audited call and view.
        draft = draft_event(at, actor, action, note_id, revision, detail)
        conn = self.s.connection()
        remembered = _LAST_HEAD.get(self.token) if self.token else None
        if remembered is not None:
            event = _chained(draft, remembered, hasher)
            if _append_from(conn, self.postgres, self.token, remembered, event):
                return event
        event = _chained(draft, self._head(), hasher)
        if self.postgres:
            moved = {"head_seq": event.seq, "head_hash": event.hash}
            conn.execute(_APPEND_AND_MOVE, {**dict(event), **moved})
        else:
            _APPEND.run(conn, dict(event))
            conn.execute(_MOVE_HEAD, {"seq": event.seq, "hash": event.hash})
        _remember(self.token, event)
        return event

    def events(
        self, *, after: int = 0, limit: int | None = None, clinic_id: int | None = None
    ) -> Iterator[AuditEvent]:
        """Events in insertion order; `after` and `limit` page by sequence number; with
        `clinic_id`, only that clinic's (see in_clinic). The chain walk reads them all."""
        query = select(AuditEventRow).order_by(col(AuditEventRow.id))
        if clinic_id is not None:
            query = in_clinic(query, clinic_id)
        if after:
            query = query.where(AuditEventRow.seq > after)
        if limit is not None:
            query = query.limit(limit)
        for row in self.s.exec(query):
            yield event_record(row)

    def recorded(self) -> Iterator[tuple[str, int, int]]:
        """(action, note, revision) for every stored record an event must exist for: each
        revision (draft or revise), acknowledgement or override, signature and addendum."""
        yield from self.s.connection().execute(_RECORDED)

    def head(self) -> tuple[int, str]:
        head = self.s.get(AuditHeadRow, HEAD_ID)
        return (head.seq, head.hash) if head else (0, GENESIS)
