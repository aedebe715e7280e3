"""The audit trail, for admins: its events page by page and the chain's verification."""

from typing import Annotated

from fastapi import Query

from api.deps import CurrentUser, DatabaseDep
from api.errors import error_responses
from api.onehop import router as one_hop_router
from api.schemas import PREFIX, AuditEventOut, AuditPage, AuditVerifyOut
from assistant.services import access, audit
from assistant.services.access import Action

router = one_hop_router(prefix=PREFIX, tags=["admin"])


@router.get("/audit", response_model=AuditPage, responses=error_responses(401, 403, 422))
def audit_events(
    user: CurrentUser,
    db: DatabaseDep,
    after: Annotated[int, Query(ge=0, le=2**31 - 1, description="Events after this seq")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditPage:
    """Your clinic's events, oldest first: who did what to which note and revision (ids,
    never PHI)."""
    access.require(user, Action.READ_AUDIT)
    found = audit.events(db, clinic_id=user.clinic_id, after=after, limit=limit)
    return AuditPage(
        events=[AuditEventOut.of(e) for e in found],
        next_after=found[-1].seq if len(found) == limit else None,
    )


@router.get("/audit/verify", response_model=AuditVerifyOut, responses=error_responses(401, 403))
def verify(user: CurrentUser, db: DatabaseDep) -> AuditVerifyOut:
    """Walk the hash chain: the first event changed, removed or moved, if any."""
    access.require(user, Action.READ_AUDIT)
    return AuditVerifyOut(**audit.verify(db).model_dump())
