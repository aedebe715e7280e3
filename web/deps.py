"""Who is looking at a page, and the checks every page form passes.

A page is not a JSON endpoint: a visitor without a session is sent to /login (and back
afterwards) instead of getting a 401, and a form without its CSRF token gets a page that
says so. The session and CSRF rules themselves are api/security.py's, so the browser pages
and the JSON API accept and refuse exactly the same requests.
"""

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from api.deps import Credentials, DatabaseDep, deferrable
from api.security import csrf_ok, session_token
from assistant.services import accounts
from assistant.services.accounts import Principal
from assistant.store.db import Database


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


@dataclass(frozen=True)
class PageCredentials(Credentials):
    path: str = ""
    login: str = "/login"  # where a visitor whose session is gone is sent


# All a user with a one-time password may reach until they replace it.
PASSWORD_PATHS = frozenset({"/password", "/password/form", "/signout"})


async def page_credentials(request: Request) -> PageCredentials:
    """The session cookie and whether its form carried the CSRF token, read on the event
    loop; no cookie at all is sent to /login straight away."""
    token = session_token(request)
    if token is None:
        raise LoginRequired(login_url(request))
    return PageCredentials(
        "session", token, await csrf_ok(request, token), request.url.path, login_url(request)
    )


def resolve_page(db: Database, creds: PageCredentials) -> Principal:
    """The page's user, from the store (on a worker thread)."""
    found = accounts.principal_for_session(db, creds.token)
    if found is None:
        raise LoginRequired(creds.login)
    if not creds.csrf_ok:
        raise PageError(403, "this form is missing its security token: reload the page and retry")
    if found.must_change_password and creds.path not in PASSWORD_PATHS:
        raise LoginRequired("/password")
    return found


@deferrable(page_credentials, resolve_page)
async def page_user(request: Request, db: DatabaseDep) -> Principal:
    """For an async page: the logged-in user (see resolve_page)."""
    creds = await page_credentials(request)
    return await run_in_threadpool(resolve_page, db, creds)


PageUser = Annotated[Principal, Depends(page_user)]


def safe_next(target: str | None) -> str:
    """Only a path on this site: a login link cannot send the user elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
