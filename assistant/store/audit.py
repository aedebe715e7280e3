"""The audit trail: an append-only hash chain of events.

Each event's hash covers its fields and the previous event's hash, so editing, deleting or
reordering any event breaks the chain from there on. Appends lock the single audit_head row
(FOR UPDATE on PostgreSQL; SQLite transactions are already serialised), so concurrent
transactions never both extend the same tail. The hash is computed by the caller's function
so this module holds no policy about what an event contains.
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, case, insert, literal, or_, union_all, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from assistant.domain.records import AuditEvent
from assistant.store.accounts import AccountRow
from assistant.store.tables import AuditEventRow, AuditHeadRow, NoteRow, table

HEAD_ID = 1
GENESIS = "0" * 64
_HEAD = (
    select(col(AuditHeadRow.seq), col(AuditHeadRow.hash))
    .where(col(AuditHeadRow.id) == HEAD_ID)
    .with_for_update()
)
_APPEND = insert(AuditEventRow)
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


class AuditRepo:
    def __init__(self, session: Session, *, postgres: bool) -> None:
        self.s = session
        self.postgres = postgres

    def _head(self) -> tuple[int, str]:
        locked = self.s.connection().execute(_HEAD).first()
        if locked is None:
            self.s.connection().execute(
                insert(AuditHeadRow).values(id=HEAD_ID, seq=0, hash=GENESIS)
            )
            return 0, GENESIS
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
        # Core statements, not the unit of work: this runs once per service call.
        seq, last = self._head()
        draft = AuditEvent(
            seq=seq + 1,
            at=at,
            actor=actor,
            action=action,
            note_id=note_id,
            revision=revision,
            detail=detail,
            prev_hash=last,
            hash="",
        )
        event = draft.model_copy(update={"hash": hasher(draft)})
        conn = self.s.connection()
        if self.postgres:
            moved = {"head_seq": event.seq, "head_hash": event.hash}
            conn.execute(_APPEND_AND_MOVE, {**dict(event), **moved})
            return event
        conn.execute(_APPEND, dict(event))
        conn.execute(_MOVE_HEAD, {"seq": event.seq, "hash": event.hash})
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
