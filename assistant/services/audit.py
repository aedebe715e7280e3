"""Audit events and their verification.

Every service call appends one event in its own transaction, so an event exists exactly when
the change it describes was committed. Events carry ids and actions, never patient details
or free text a clinician typed (reasons stay in their own tables).
"""

import logging
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel

from assistant.domain.canonical import sha256_of, sha256_of_json_text
from assistant.domain.records import AuditEvent
from assistant.store.audit import GENESIS
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


class AuditReport(BaseModel):
    events: int
    ok: bool
    # The first event that does not fit the chain, and what is wrong with it.
    seq: int | None = None
    position: int | None = None
    problem: str = ""
    # Or the first signed record whose content no longer matches its hash.
    record: str | None = None


def verify(db: Database) -> AuditReport:
    """Walk the chain in insertion order; report the first event changed, removed or moved."""
    with db.transaction() as tx:
        previous, count, expected_seq = GENESIS, 0, 1
        for count, event in enumerate(tx.audit.events(), start=1):
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
        damaged = _signed_records(tx)
        if damaged is not None:
            return AuditReport(events=count, ok=False, record=damaged[0], problem=damaged[1])
        return AuditReport(events=count, ok=True)


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
