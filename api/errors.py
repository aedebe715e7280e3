"""ptscribe's errors as HTTP answers. Every error a client can cause has its status here, so
no route maps errors itself and nothing a client sends becomes a 500.

Bodies keep FastAPI's shape ({"detail": ...}) so the OpenAPI schemas hold for them: a 422
lists each field's location, message and type, never the input itself (it may be a password
or patient data); a 423 adds the findings that block signing.
"""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.security import HEADERS
from assistant.errors import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    InputError,
    NotFoundError,
    PtscribeError,
    SettingsError,
    SignBlockedError,
)
from assistant.services.notes import DraftFailedError
from assistant.store.db import StoreError

log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    detail: str


class BlockedBody(BaseModel):
    detail: str
    findings: list[dict[str, str]]


class DraftFailedBody(BaseModel):
    detail: str
    session_id: int


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationBody(BaseModel):
    detail: list[FieldError]


_BODIES: dict[int, tuple[type[BaseModel], str]] = {
    401: (ErrorBody, "Not logged in, or the session expired or the token was revoked"),
    403: (ErrorBody, "The account's role may not do this"),
    404: (ErrorBody, "No such record (or it belongs to another clinic)"),
    409: (ErrorBody, "A stale revision or a change to a signed note; nothing was changed"),
    413: (ErrorBody, "The request body is too large"),
    422: (ValidationBody, "The input is invalid; each error names its field"),
    423: (BlockedBody, "Signing is blocked by the findings listed"),
    503: (DraftFailedBody, "Drafting failed; the input is kept as the session named"),
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for a route that can answer with these error statuses."""
    return {code: {"model": _BODIES[code][0], "description": _BODIES[code][1]} for code in codes}


def status_of(exc: PtscribeError) -> int:
    if isinstance(exc, SignBlockedError):
        return 423
    for kind, status in (
        (AuthenticationError, 401),
        (ForbiddenError, 403),
        (NotFoundError, 404),
        (ConflictError, 409),
        (InputError, 422),
    ):
        if isinstance(exc, kind):
            return status
    # The server cannot serve right now (database down, a bad setting): retry later.
    # The drafter failed after the input was stored: draft it again later.
    return 503 if isinstance(exc, (SettingsError, StoreError, DraftFailedError)) else 500


def _field_errors(errors: Any) -> list[dict[str, Any]]:
    return [
        {
            "loc": [p for p in e.get("loc", ()) if isinstance(p, (str, int))],
            "msg": e.get("msg", ""),
            "type": e.get("type", "value_error"),
        }
        for e in errors
    ]


async def _ptscribe(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PtscribeError)
    status = status_of(exc)
    message = " ".join(str(exc).split()) or type(exc).__name__
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, SignBlockedError):
        return JSONResponse({"detail": message, "findings": exc.findings}, 423)
    if isinstance(exc, DraftFailedError):
        # The input is stored: the client can draft it again by this id.
        return JSONResponse({"detail": message, "session_id": exc.session_id}, 503)
    if isinstance(exc, InputError):
        # One shape for every 422: the message as a body-level field error.
        detail = [{"loc": ["body"], "msg": message, "type": "input_error"}]
        return JSONResponse({"detail": detail}, 422)
    if status >= 500:
        log.error("request failed: %s", type(exc).__name__)
    return JSONResponse({"detail": message}, status, headers=headers)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    errors = exc.errors() if isinstance(exc, (RequestValidationError, ValidationError)) else []
    return JSONResponse({"detail": _field_errors(errors)}, 422)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # A bug, not the client's input (every input error has its class above). Only the
    # exception's type is logged: its message may quote a record.
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
    response = JSONResponse({"detail": "internal error"}, 500)
    # This answer leaves through Starlette's outermost layer, past the header middleware.
    for name, value in HEADERS:
        response.headers[name.decode()] = value.decode()
    response.headers["cache-control"] = "no-store"
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(PtscribeError, _ptscribe)
    app.add_exception_handler(RequestValidationError, _validation)
    # A domain model built from client input inside a service (the route's model passed).
    app.add_exception_handler(ValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
