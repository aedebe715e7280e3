"""Logging in and out with JSON (the web's /login page calls the same service), the
caller's own identity, and replacing a password."""

from typing import Annotated

from fastapi import Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api.deps import AnyPrincipal, DatabaseDep, SettingsDep
from api.errors import error_responses
from api.onehop import router as one_hop_router
from api.schemas import PREFIX
from api.security import (
    clear_session_cookie,
    session_token,
    set_session_cookie,
    start_session,
)
from assistant.domain.accounts import AccountRole
from assistant.services import accounts
from assistant.services.accounts import Principal, csrf_token_for

router = one_hop_router(prefix=PREFIX, tags=["accounts"])


class LoginBody(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"email": "pt@clinic.test", "password": "a long passphrase"}]
        },
    )
    email: Annotated[str, Field(min_length=1, max_length=accounts.MAX_EMAIL)]
    password: Annotated[str, Field(min_length=1, max_length=accounts.MAX_PASSWORD)]


class Me(BaseModel):
    account_id: int
    email: str
    role: AccountRole
    clinic_id: int
    clinician_id: int | None
    name: str
    credentials: str
    must_change_password: bool


class LoggedIn(Me):
    # Send it back as the X-CSRF-Token header on every state-changing request.
    csrf_token: str


class PasswordBody(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"current_password": "the old passphrase", "new_password": "a new one!!"}]
        },
    )
    current_password: Annotated[str, Field(min_length=1, max_length=accounts.MAX_PASSWORD)]
    new_password: Annotated[str, Field(min_length=1, max_length=accounts.MAX_PASSWORD)]


def _me(principal: Principal) -> Me:
    return Me(**principal.model_dump())


@router.post(
    "/login",
    response_model=LoggedIn,
    summary="Log in with email and password (sets the session cookie)",
    responses=error_responses(401, 422),
)
async def login(body: LoginBody, request: Request, response: Response, db: DatabaseDep) -> LoggedIn:
    principal, csrf = await start_session(request, response, db, body.email, body.password)
    return LoggedIn(**_me(principal).model_dump(), csrf_token=csrf)


@router.post(
    "/logout",
    status_code=204,
    summary="End the browser session",
    responses=error_responses(401, 403),
)
async def logout(principal: AnyPrincipal, request: Request, db: DatabaseDep) -> Response:
    done = Response(status_code=204)
    if request.headers.get("authorization") is not None:
        return done  # a bearer token is revoked with `ptscribe token revoke`, not here
    token = session_token(request)
    if token is not None:
        await run_in_threadpool(accounts.logout, db, token)
    clear_session_cookie(done, request)
    return done


@router.get("/me", response_model=Me, summary="Who is logged in", responses=error_responses(401))
async def me(principal: AnyPrincipal) -> Me:
    return _me(principal)


@router.post(
    "/password",
    response_model=LoggedIn,
    summary="Replace your password (ends every session; this browser gets a new one)",
    responses=error_responses(401, 403, 422),
)
async def change_password(
    body: PasswordBody,
    principal: AnyPrincipal,
    request: Request,
    response: Response,
    db: DatabaseDep,
    settings: SettingsDep,
) -> LoggedIn:
    token = await run_in_threadpool(
        lambda: accounts.change_password(
            db, principal, body.current_password, body.new_password, settings=settings
        )
    )
    set_session_cookie(response, token, request)
    fresh = principal.model_copy(update={"must_change_password": False})
    return LoggedIn(**_me(fresh).model_dump(), csrf_token=csrf_token_for(token))
