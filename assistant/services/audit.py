"""Audit events and their verification.

Every service call appends one event in the transaction of the change it describes, so an
event exists exactly when that change was committed. A view changes nothing: its event is a
write of its own, grouped with the views other requests audit at that moment (one
transaction for all of them, store/grouped.py; a lone one on PostgreSQL is one statement
that commits by itself), and committed before the note is shown.
Events carry ids and actions, never patient details or free text a clinician typed (reasons
stay in their own tables).

`verify` walks the hash chain (an edited, removed or moved event breaks it), compares its end
with the head row (a cut-off tail), and then counts the events against the records they
wrote: every revision, acknowledgement, signature and addendum must have its event. Cutting
the newest events together with the head (resetting the head, or deleting it) leaves a
consistent shorter chain, but the records those events wrote are append-only and stay, so the
cut is found. Two layers stand before that: the database refuses DELETE of the head and any
move of it other than one event forward, and TRUNCATE of the trail (triggers.py). What none of
this can find is a cut that removed only trailing views and exports from a database whose
triggers were dropped: those leave no other record.
"""

import logging
from collections import Counter
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from assistant.domain.canonical import sha256_of, sha256_of_json_text
from assistant.domain.records import AuditEvent
from assistant.store.audit import GENESIS, append_alone, draft_event
from assistant.store.db import Database
from assistant.store.repo import Tx

log = logging.getLogger(__name__)


class Action(StrEnum):
    CREATE = "create"
    VIEW = "view"
    DRAFT = "draft"
    DRAFT_FAILED = "draft_failed"
    REVISE = "revise"
    ACKNOWLEDGE = "acknowledge"
    OVERRIDE = "override"
    SIGN = "sign"
    COSIGN = "cosign"
    ADDENDUM = "addendum"
    EXPORT = "export"
    # Accounts (services/accounts.py): who logged in, failed to, or changed a credential.
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSWORD = "password"
    TOKEN_CREATE = "token_create"
    TOKEN_REVOKE = "token_revoke"
    ACCOUNT = "account"  # an account disabled or enabled


def event_hash(event: AuditEvent) -> str:
    return sha256_of(event.payload())


def now_utc() -> datetime:
    return datetime.now(UTC)


def record(
    tx: Tx,
    actor: str,
    action: Action,
    *,
    note_id: int | None = None,
    revision: int | None = None,
    detail: str = "",
    at: datetime | None = None,
) -> AuditEvent:
    event = tx.audit.append(
        at=at or now_utc(),
        actor=actor,
        action=action.value,
        note_id=note_id,
        revision=revision,
        detail=detail,
        hasher=event_hash,
    )
    log.info("audit %s: %s note=%s revision=%s", event.seq, action.value, note_id, revision)
    return event


def record_view(db: Database, actor: str, *, note_id: int, revision: int) -> None:
    """A view's event, in a grouped write of its own (see the module's note): alone in its
    batch, on a bare connection (PostgreSQL: one statement outside a transaction)."""

    # Each path stamps the event when it writes it, so times follow the chain's order.
    def in_transaction(tx: Tx) -> None:
        record(tx, actor, Action.VIEW, note_id=note_id, revision=revision)

    def alone(conn: Any) -> bool:
        draft = draft_event(now_utc(), actor, Action.VIEW.value, note_id, revision, "")
        event = append_alone(conn, db.token, draft, event_hash)
        if event is not None:
            log.info("audit %s: %s note=%s revision=%s", event.seq, event.action, note_id, revision)
        return event is not None

    db.grouped(in_transaction, alone)


class AuditReport(BaseModel):
    events: int
    ok: bool
    # The first event that does not fit the chain, and what is wrong with it.
    seq: int | None = None
    position: int | None = None
    problem: str = ""
    # Or the first signed record whose content no longer matches its hash.
    record: str | None = None


def events(db: Database, *, clinic_id: int, after: int = 0, limit: int = 100) -> list[AuditEvent]:
    """A page of one clinic's trail: its events after sequence number `after`, oldest first."""
    with db.transaction() as tx:
        return list(tx.audit.events(after=after, limit=limit, clinic_id=clinic_id))


def verify(db: Database) -> AuditReport:
    """Walk the chain in insertion order; report the first event changed, removed or moved."""
    with db.transaction() as tx:
        previous, count, expected_seq = GENESIS, 0, 1
        seen: Counter[tuple[str, int | None, int | None]] = Counter()
        for count, event in enumerate(tx.audit.events(), start=1):
            seen[event.action, event.note_id, event.revision] += 1
            problem = ""
            if event_hash(event) != event.hash:
                problem = "its content does not match its hash (changed)"
            elif event.prev_hash != previous:
                problem = "it does not follow the event before it (one was removed or moved)"
            elif event.seq != expected_seq:
                problem = f"expected event {expected_seq} here (removed or reordered)"
            if problem:
                return AuditReport(
                    events=count, ok=False, seq=event.seq, position=count, problem=problem
                )
            previous, expected_seq = event.hash, event.seq + 1
        head_seq, head_hash = tx.audit.head()
        if head_seq != count or (count and head_hash != previous):
            return AuditReport(
                events=count,
                ok=False,
                seq=head_seq,
                position=count + 1,
                problem=f"the chain should hold {head_seq} events but ends after {count} "
                "(the last ones were removed)",
            )
        missing = _unaudited(tx, seen)
        if missing is not None:
            return AuditReport(
                events=count,
                ok=False,
                record=missing,
                problem="the audit trail has no event for this record: events were removed "
                "(with the head that pointed past them)",
            )
        damaged = _signed_records(tx)
        if damaged is not None:
            return AuditReport(events=count, ok=False, record=damaged[0], problem=damaged[1])
        return AuditReport(events=count, ok=True)


def _unaudited(tx: Tx, seen: Counter[tuple[str, int | None, int | None]]) -> str | None:
    """The first record with more of its kind than the trail has events for."""
    needed: Counter[tuple[str, int | None, int | None]] = Counter()
    for action, note_id, revision in tx.audit.recorded():
        needed[action, note_id, revision] += 1
        if needed[action, note_id, revision] > seen[action, note_id, revision]:
            return f"{action} of note {note_id} revision {revision}"
    return None


def _signed_records(tx: Tx) -> tuple[str, str] | None:
    """The first signature or addendum whose stored content does not hash to what was signed
    (possible only if someone got past the database triggers)."""
    for note_id, kind, revision, sha, note_json in tx.notes.signed_revisions():
        if sha256_of_json_text(note_json) != sha:
            return (
                f"{kind} of note {note_id} revision {revision}",
                "the signed revision no longer matches the hash it was signed with",
            )
    for addendum_id, content, sha in tx.notes.addendum_contents():
        if sha256_of(content.payload()) != sha:
            return (
                f"addendum {addendum_id} of note {content.note_id}",
                "the addendum, or the signed note it follows, no longer matches its hash",
            )
    return None
