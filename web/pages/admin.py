"""Administration: the clinic's accounts and the audit trail with filters. An admin sees who
did what to which record id, never the records' clinical content."""

from datetime import date
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import DatabaseDep
from api.onehop import router as one_hop_router
from assistant.errors import InputError, PtscribeError
from assistant.services import access, accounts, audit, worklist
from assistant.services.access import Action
from assistant.services.worklist import AuditFilter
from web.deps import PageUser
from web.pages.common import failure, see_other
from web.render import page

router = one_hop_router()


def _day(raw: str, what: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InputError(f"{what}: use a date such as 2025-06-02") from None


@router.get("/admin/audit", response_model=None)
async def audit_page(
    request: Request,
    db: DatabaseDep,
    user: PageUser,
    actor: str = "",
    action: str = "",
    note: str = "",
    since: str = "",
    until: str = "",
) -> Response:
    filters = {"actor": actor, "action": action, "note": note, "since": since, "until": until}
    try:
        access.require_in_clinic(user, Action.READ_AUDIT)
        if note and not note.isdigit():
            raise InputError("note id: a whole number")
        which = AuditFilter(
            actor=actor[:254],
            action=action if action in set(audit.Action) else "",
            note_id=int(note) if note else None,
            since=_day(since, "from"),
            until=_day(until, "until"),
        )
        events = await run_in_threadpool(
            lambda: worklist.audit_trail(db, which, clinic_id=user.clinic_id)
        )
    except PtscribeError as exc:
        return failure(request, user, exc)
    context = {"events": events, "filters": filters, "actions": [a.value for a in audit.Action]}
    return page(request, "admin_audit.html", context, user=user)


@router.get("/admin/accounts", response_model=None)
async def accounts_page(request: Request, db: DatabaseDep, user: PageUser) -> Response:
    try:
        access.require(user, Action.MANAGE_ACCOUNTS)
        found = await run_in_threadpool(accounts.list_accounts, db, user.clinic_id)
    except PtscribeError as exc:
        return failure(request, user, exc)
    return page(request, "admin_accounts.html", {"accounts": found}, user=user)


@router.post("/admin/accounts/{account_id}/disabled", response_model=None)
async def set_disabled(
    request: Request,
    db: DatabaseDep,
    user: PageUser,
    account_id: int,
    disabled: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Disable an account (its sessions and tokens stop at once) or enable it again."""
    try:
        access.require(user, Action.MANAGE_ACCOUNTS)
        if account_id == user.account_id:
            raise InputError("you cannot disable your own account")
        await run_in_threadpool(
            lambda: accounts.set_disabled(
                db, account_id, disabled == "yes", clinic_id=user.clinic_id, actor=user.email
            )
        )
    except PtscribeError as exc:
        return failure(request, user, exc)
    return see_other("/admin/accounts")
