"""The note lifecycle as a pure table: which event may happen in which status, and what follows.

draft -> in review -> signed (-> addenda); an assistant's note whose payer or plan requires it
goes signed -> awaiting co-sign -> co-signed. Addenda never change the status. The store keeps
the status; the services ask `transition` before they write anything, so a refused event
changes nothing.
"""

from enum import StrEnum

from assistant.errors import ConflictError


class NoteStatus(StrEnum):
    DRAFT = "draft"  # created, no revision yet (the drafter is running)
    IN_REVIEW = "in_review"
    AWAITING_COSIGN = "awaiting_cosign"
    SIGNED = "signed"
    COSIGNED = "cosigned"


class Event(StrEnum):
    DRAFT = "draft"
    REVISE = "revise"
    ACKNOWLEDGE = "acknowledge"
    OVERRIDE = "override"
    SIGN = "sign"  # the note's clinician signs; no co-signature needed
    SIGN_FOR_COSIGN = "sign_for_cosign"  # an assistant signs where co-signature is required
    COSIGN = "cosign"
    AMEND = "amend"


S, E = NoteStatus, Event
TRANSITIONS: dict[tuple[NoteStatus, Event], NoteStatus] = {
    (S.DRAFT, E.DRAFT): S.IN_REVIEW,
    (S.IN_REVIEW, E.REVISE): S.IN_REVIEW,
    (S.IN_REVIEW, E.ACKNOWLEDGE): S.IN_REVIEW,
    (S.IN_REVIEW, E.OVERRIDE): S.IN_REVIEW,
    (S.IN_REVIEW, E.SIGN): S.SIGNED,
    (S.IN_REVIEW, E.SIGN_FOR_COSIGN): S.AWAITING_COSIGN,
    (S.AWAITING_COSIGN, E.COSIGN): S.COSIGNED,
    (S.SIGNED, E.AMEND): S.SIGNED,
    (S.AWAITING_COSIGN, E.AMEND): S.AWAITING_COSIGN,
    (S.COSIGNED, E.AMEND): S.COSIGNED,
}
# Statuses whose current revision is a signed legal record.
SIGNED_STATUSES = frozenset({S.SIGNED, S.AWAITING_COSIGN, S.COSIGNED})


def transition(status: NoteStatus, event: Event) -> NoteStatus:
    """The status after `event`, or ConflictError when the event is not allowed now."""
    after = TRANSITIONS.get((status, event))
    if after is None:
        allowed = sorted(e.value for (s, e) in TRANSITIONS if s is status)
        raise ConflictError(
            f"cannot {event.value.replace('_', ' ')} a note that is "
            f"{status.value.replace('_', ' ')} (allowed: {', '.join(allowed) or 'nothing'})"
        )
    return after


def may_amend(clinician_id: int | None, *, author_id: int, supervisor_id: int | None) -> bool:
    """Who may add an addendum to a signed note: its clinician, or the supervising therapist
    who answers for an assistant's note (a late entry or a correction after co-signing).
    Each addendum carries its own author and signature, so the record shows who wrote it."""
    return clinician_id is not None and clinician_id in (author_id, supervisor_id)
