"""Logging in and out in the browser.

The form posts to /signin (the JSON API's login is POST /api/login). Before login there is no
session to bind a CSRF token to, so the login form carries a double-submit token: a random
value in a short-lived cookie and in the form, which a page on another site can neither read
nor set.
Passwords are checked by services.accounts (one message for every failure); the session
cookie is api/security's, and every login starts a fresh session id.
"""

import hmac
import secrets
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import DatabaseDep
from api.onehop import router as one_hop_router
from api.security import clear_session_cookie, is_https, session_token, start_session
from assistant.errors import AuthenticationError, PtscribeError
from assistant.services import accounts
from web.deps import PageUser, safe_next
from web.pages.common import failure, home_of, see_other
from web.render import page

router = one_hop_router()
LOGIN_CSRF_COOKIE = "ptscribe_login_csrf"
FAILED = "Email or password not accepted, or the account is locked for a while. Try again."


def _login_form(
    request: Request, *, next_url: str, email: str = "", error: str = "", status: int = 200
) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = page(
        request,
        "login.html",
        {"next": next_url, "email": email, "error": error, "login_csrf": token},
        status=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        path="/signin",
        httponly=True,
        samesite="strict",
        secure=is_https(request),
    )
    return response


@router.get("/login", response_model=None)
async def login_page(request: Request, db: DatabaseDep, next: str = "/") -> Response:
    token = session_token(request)
    if token is not None:
        found = await run_in_threadpool(accounts.principal_for_session, db, token)
        if found is not None:
            return see_other(safe_next(next) if next != "/" else home_of(found))
    return _login_form(request, next_url=safe_next(next))


@router.post("/signin", response_model=None)
async def login_submit(
    request: Request,
    db: DatabaseDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    target = safe_next(next)
    if not cookie or not hmac.compare_digest(cookie.encode(), csrf_token.encode()):
        return _login_form(
            request,
            next_url=target,
            email=email,
            error="The login form expired. Please enter your password again.",
            status=403,
        )
    response = see_other(target)
    try:
        # A fresh session id at every login, the cookie set on this response.
        principal, _ = await start_session(request, response, db, email, password)
    except AuthenticationError:
        return _login_form(request, next_url=target, email=email, error=FAILED, status=401)
    except PtscribeError as exc:
        return failure(request, None, exc)
    if target == "/":
        response.headers["location"] = home_of(principal)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/signin")
    return response


@router.post("/signout", response_model=None)
async def logout(request: Request, db: DatabaseDep, user: PageUser) -> Response:
    token = session_token(request)
    if token is not None:
        await run_in_threadpool(accounts.logout, db, token)
    response = see_other("/login")
    clear_session_cookie(response, request)
    return response
