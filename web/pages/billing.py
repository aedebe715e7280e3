"""The billing page (issue 13): a biller picks a range of dates of service, sees the signed
claim lines the feed holds and downloads them as CSV or JSON from the API. A clinician sees
only their own lines; the role policy decides both (services/access.py)."""

from datetime import date

from fastapi import Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import DatabaseDep
from api.onehop import router as one_hop_router
from assistant.errors import InputError, PtscribeError
from assistant.services import access, exports
from assistant.services.access import Action
from web.deps import PageUser
from web.pages.common import failure
from web.render import page

router = one_hop_router()
NAV = [("/billing", "Billing", Action.EXPORT)]


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} is not a date: use YYYY-MM-DD") from None


@router.get("/billing", response_model=None)
async def billing_page(
    request: Request,
    db: DatabaseDep,
    user: PageUser,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
) -> Response:
    try:
        access.require(user, Action.EXPORT)
    except PtscribeError as exc:
        return failure(request, user, exc)
    context: dict[str, object] = {"start": start or "", "end": end or ""}
    status = 200
    try:
        first, last = _day(start), _day(end)
        if first and last:
            context["feed"] = await run_in_threadpool(
                lambda: exports.claims_feed(
                    db,
                    first,
                    last,
                    actor=user.email,
                    clinic_id=user.clinic_id,
                    clinician_id=access.claims_scope(user),
                )
            )
    except InputError as exc:
        context.update(message=str(exc), level="error")
        status = 422
    return page(request, "billing.html", context, user=user, status=status)
