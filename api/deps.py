"""What a route may ask for, as Annotated aliases; tests swap any of them through
`app.dependency_overrides[get_x]`.

CurrentUser: a bearer token when the request has an Authorization header (then the cookie is
never looked at, so a script's request cannot ride a browser session), else the session
cookie, which must carry its CSRF token on every state-changing request. 401 otherwise.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from api.security import csrf_ok, session_token, settings_of
from assistant.errors import AuthenticationError, ForbiddenError
from assistant.services import accounts
from assistant.services.accounts import Principal
from assistant.services.drafting import DrafterFactory
from assistant.settings import Settings
from assistant.store.db import Database

T = TypeVar("T")


# The dependencies that only look at the request are async: FastAPI runs a sync dependency
# on a worker thread, and each such hop costs a request two thread handoffs under load.
async def get_settings(request: Request) -> Settings:
    return settings_of(request)


async def get_database(request: Request) -> Database:
    db: Database | None = getattr(request.state, "db", None)
    if db is None:
        # The lifespan opens it: a TestClient used without `with` never ran it.
        raise RuntimeError("the app's database is not open (run the app with its lifespan)")
    return db


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]


@dataclass(frozen=True)
class DrafterChoice:
    """Which drafter a new session uses: the settings' backend, and for "llm" the factory
    (None: the LLMDrafter built from the settings; tests hand in a fake)."""

    backend: str
    llm_factory: DrafterFactory | None = None


async def get_drafter(settings: SettingsDep) -> DrafterChoice:
    return DrafterChoice(backend=settings.drafter)


DrafterDep = Annotated[DrafterChoice, Depends(get_drafter)]


async def in_drafting_thread(request: Request, call: Callable[[], T]) -> T:
    """Run a call that drafts on the drafting threads (the lifespan's limiter), never on
    the few request threads: an LLM draft may hold its thread until the deadline."""
    limiter: CapacityLimiter | None = getattr(request.state, "drafting", None)
    return await to_thread.run_sync(call, limiter=limiter)


NOT_LOGGED_IN = "not logged in, or the session expired or the token was revoked"


async def get_principal(request: Request, db: DatabaseDep) -> Principal:
    """The caller, whether or not they still have to replace a one-time password."""
    found = await get_optional_principal(request, db)
    if found is None:
        raise AuthenticationError(NOT_LOGGED_IN)
    return found


async def get_optional_principal(request: Request, db: DatabaseDep) -> Principal | None:
    """The caller, or None without valid credentials (pages redirect to /login then). A
    cookie request that changes state without its CSRF token is still refused (403)."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, credential = header.partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            return None
        return await run_in_threadpool(accounts.principal_for_bearer, db, credential.strip())
    token = session_token(request)
    if token is None:
        return None
    found = await run_in_threadpool(accounts.principal_for_session, db, token)
    if found is None:
        return None
    if not await csrf_ok(request, token):
        raise ForbiddenError("missing or wrong CSRF token (send the X-CSRF-Token header)")
    return found


AnyPrincipal = Annotated[Principal, Depends(get_principal)]
# For pages: None instead of 401, so they can send the browser to /login.
MaybeUser = Annotated[Principal | None, Depends(get_optional_principal)]


async def get_current_user(principal: AnyPrincipal) -> Principal:
    if principal.must_change_password:
        raise ForbiddenError("replace the one-time password first (POST /api/password)")
    return principal


CurrentUser = Annotated[Principal, Depends(get_current_user)]
