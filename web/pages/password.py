"""Replacing one's own password in the browser (required after a one-time password). The
form posts to /password/form (the JSON API's is POST /api/password)."""

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import DatabaseDep
from api.errors import status_of
from api.onehop import router as one_hop_router
from api.security import set_session_cookie
from assistant.errors import InputError, PtscribeError
from assistant.services import accounts
from web.deps import PageUser
from web.pages.common import home_of, see_other
from web.render import page

router = one_hop_router()


@router.get("/password", response_model=None)
async def password_page(request: Request, user: PageUser) -> Response:
    return page(request, "password.html", {"error": "", "min": accounts.MIN_PASSWORD}, user=user)


@router.post("/password/form", response_model=None)
async def password_submit(
    request: Request,
    db: DatabaseDep,
    user: PageUser,
    current: Annotated[str, Form(max_length=1024)] = "",
    new: Annotated[str, Form(max_length=1024)] = "",
    again: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    try:
        if new != again:
            raise InputError("the two new passwords differ: type the same one twice")
        token = await run_in_threadpool(lambda: accounts.change_password(db, user, current, new))
    except PtscribeError as exc:
        context = {"error": f"Password not changed: {exc}.", "min": accounts.MIN_PASSWORD}
        return page(request, "password.html", context, user=user, status=status_of(exc))
    fresh = user.model_copy(update={"must_change_password": False})
    response = see_other(home_of(fresh))
    set_session_cookie(response, token, request)
    return response
