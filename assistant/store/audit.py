"""The audit trail: an append-only hash chain of events.

Each event's hash covers its fields and the previous event's hash, so editing, deleting or
reordering any event breaks the chain from there on. Appends lock the single audit_head row
(FOR UPDATE on PostgreSQL; SQLite transactions are already serialised), so concurrent
transactions never both extend the same tail. The hash is computed by the caller's function
so this module holds no policy about what an event contains.
"""

from collections.abc import Callable, Iterator
from datetime import datetime

from sqlmodel import Session, col, select

from assistant.domain.records import AuditEvent
from assistant.store.tables import AuditEventRow, AuditHeadRow

HEAD_ID = 1
GENESIS = "0" * 64


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

    def _head(self) -> AuditHeadRow:
        query = select(AuditHeadRow).where(AuditHeadRow.id == HEAD_ID).with_for_update()
        head = self.s.exec(query).first()
        if head is None:
            head = AuditHeadRow(id=HEAD_ID, seq=0, hash=GENESIS)
            self.s.add(head)
            self.s.flush()
        return head

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
        head = self._head()
        draft = AuditEvent(
            seq=head.seq + 1,
            at=at,
            actor=actor,
            action=action,
            note_id=note_id,
            revision=revision,
            detail=detail,
            prev_hash=head.hash or GENESIS,
            hash="",
        )
        event = draft.model_copy(update={"hash": hasher(draft)})
        self.s.add(AuditEventRow(**event.model_dump()))
        head.seq, head.hash = event.seq, event.hash
        self.s.add(head)
        self.s.flush()
        return event

    def events(self) -> Iterator[AuditEvent]:
        query = select(AuditEventRow).order_by(col(AuditEventRow.id))
        for row in self.s.exec(query):
            yield event_record(row)

    def head(self) -> tuple[int, str]:
        head = self.s.get(AuditHeadRow, HEAD_ID)
        return (head.seq, head.hash) if head else (0, GENESIS)
