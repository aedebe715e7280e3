"""Who is looking at a page, and the checks every page form passes.

A page is not a JSON endpoint: a visitor without a session is sent to /login (and back
afterwards) instead of getting a 401, and a form without its CSRF token gets a page that
says so. The session and CSRF rules themselves are api/security.py's, so the browser pages
and the JSON API accept and refuse exactly the same requests.
"""

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from api.deps import DatabaseDep
from api.security import csrf_ok, session_token
from assistant.services import accounts
from assistant.services.accounts import Principal


class PageError(HTTPException):
    """An error a page dependency raises; web.routes answers it with an HTML page (or, for
    an htmx request, a message fragment) instead of the API's JSON."""

    def __init__(self, status_code: int, detail: str, *, location: str = "") -> None:
        headers = {"Location": location} if location else None
        super().__init__(status_code=status_code, detail=detail, headers=headers)
        self.location = location


class LoginRequired(PageError):
    """No session (or it expired): the answer is a redirect to /login."""

    def __init__(self, target: str) -> None:
        super().__init__(303, "log in to continue", location=target)


def login_url(request: Request) -> str:
    here = request.url.path
    if request.url.query:
        here += "?" + request.url.query
    if request.method != "GET" or here == "/":
        return "/login"
    return "/login?next=" + quote(here, safe="")


# All a user with a one-time password may reach until they replace it.
PASSWORD_PATHS = frozenset({"/password", "/password/form", "/signout"})


async def page_user(request: Request, db: DatabaseDep) -> Principal:
    token = session_token(request)
    found = None
    if token is not None:
        found = await run_in_threadpool(accounts.principal_for_session, db, token)
    if token is None or found is None:
        raise LoginRequired(login_url(request))
    if not await csrf_ok(request, token):
        raise PageError(403, "this form is missing its security token: reload the page and retry")
    if found.must_change_password and request.url.path not in (
        "/password",
        "/password/form",
        "/signout",
    ):
        raise LoginRequired("/password")
    return found


PageUser = Annotated[Principal, Depends(page_user)]


def safe_next(target: str | None) -> str:
    """Only a path on this site: a login link cannot send the user elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
