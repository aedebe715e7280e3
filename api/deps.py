"""What a route may ask for, as Annotated aliases; tests swap any of them through
`app.dependency_overrides[get_x]`.

CurrentUser: a bearer token when the request has an Authorization header (then the cookie is
never looked at, so a script's request cannot ride a browser session), else the session
cookie, which must carry its CSRF token on every state-changing request. 401 otherwise.
Each principal dependency is two halves (DEFERRED): reading the credentials on the event
loop and resolving them against the store on a worker thread; api.onehop runs a sync route
and its principal's second half in one hand-off.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

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


@dataclass(frozen=True)
class Credentials:
    """What a request presents, read on the event loop without the database: a bearer token
    (an Authorization header, then the cookie is never looked at, so a script's request
    cannot ride a browser session) or a session cookie with whether its CSRF token came
    along. `scheme` None: nothing usable was sent."""

    scheme: str | None
    token: str = ""
    csrf_ok: bool = True


async def read_credentials(request: Request) -> Credentials:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, credential = header.partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            return Credentials(None)
        return Credentials("bearer", credential.strip())
    token = session_token(request)
    if token is None:
        return Credentials(None)
    # The CSRF token derives from the session token alone, so it is checked here; a
    # refusal waits until the session is found live (an expired one is a 401, not a 403).
    return Credentials("session", token, await csrf_ok(request, token))


def resolve_optional(db: Database, creds: Credentials) -> Principal | None:
    """The caller, or None without valid credentials. A cookie request that changes state
    without its CSRF token is refused (403). Runs on a worker thread: it reads the store."""
    if creds.scheme == "bearer":
        return accounts.principal_for_bearer(db, creds.token)
    if creds.scheme != "session":
        return None
    found = accounts.principal_for_session(db, creds.token)
    if found is not None and not creds.csrf_ok:
        raise ForbiddenError("missing or wrong CSRF token (send the X-CSRF-Token header)")
    return found


def resolve_any(db: Database, creds: Credentials) -> Principal:
    """The caller, whether or not they still have to replace a one-time password."""
    found = resolve_optional(db, creds)
    if found is None:
        raise AuthenticationError(NOT_LOGGED_IN)
    return found


def resolve_current(db: Database, creds: Credentials) -> Principal:
    principal = resolve_any(db, creds)
    if principal.must_change_password:
        raise ForbiddenError("replace the one-time password first (POST /api/password)")
    return principal


async def required_credentials(request: Request) -> Credentials:
    """Credentials that may name someone: none at all is a 401 before any other check."""
    creds = await read_credentials(request)
    if creds.scheme is None:
        raise AuthenticationError(NOT_LOGGED_IN)
    return creds


Resolver = Callable[[Database, Any], Any]
# A principal dependency -> (its part on the event loop, its part on a worker thread).
# api.onehop gives a sync route's principal parameter the first part as its dependency and
# runs the second on the same worker thread as the route: one hand-off per request.
DEFERRED: dict[Callable[..., Any], tuple[Callable[..., Any], Resolver]] = {}


def deferrable(
    credentials: Callable[..., Any], resolve: Resolver
) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Register a principal dependency made of `credentials` (async, no database) and
    `resolve` (sync, reads the store), so both kinds of route authenticate one way."""

    def register(dependency: Callable[..., T]) -> Callable[..., T]:
        DEFERRED[dependency] = (credentials, resolve)
        return dependency

    return register


async def _resolved(
    request: Request, db: Database, credentials: Callable[..., Any], resolve: Resolver
) -> Any:
    return await run_in_threadpool(resolve, db, await credentials(request))


@deferrable(required_credentials, resolve_any)
async def get_principal(request: Request, db: DatabaseDep) -> Principal:
    """For an async route: the caller, one-time password or not (401 without one)."""
    result: Principal = await _resolved(request, db, required_credentials, resolve_any)
    return result


@deferrable(required_credentials, resolve_current)
async def get_current_user(request: Request, db: DatabaseDep) -> Principal:
    """For an async route: the caller, who has replaced any one-time password."""
    result: Principal = await _resolved(request, db, required_credentials, resolve_current)
    return result


AnyPrincipal = Annotated[Principal, Depends(get_principal)]
CurrentUser = Annotated[Principal, Depends(get_current_user)]
