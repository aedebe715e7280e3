"""What every request passes through: security headers, the body and JSON-depth caps, the
session cookie and its CSRF token.

The body cap reads the whole body before the app sees it (bodies are small: a dictation and
its timers), so a chunked upload without Content-Length is cut off at the cap just like one
that declares its size. The JSON depth is checked on those bytes before any parser recurses
into them. Both are plain ASGI middleware, so they hold for the web pages too.
"""

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from assistant.services import accounts
from assistant.services.accounts import Principal, csrf_token_for
from assistant.settings import Settings
from assistant.store.db import Database

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "ptscribe_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# No inline script anywhere (htmx is a vendored file under /static); nothing may frame us.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class _NoQueryString(logging.Filter):
    """uvicorn's access lines without the query string: a search term or an identifier sent
    as a parameter must not land in the server's log."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


_ACCESS_FILTER = _NoQueryString()


def guard_access_log() -> None:
    access = logging.getLogger("uvicorn.access")
    if _ACCESS_FILTER not in access.filters:
        access.addFilter(_ACCESS_FILTER)


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def is_https(request: Request) -> bool:
    """The browser reached us over HTTPS: directly, or through a proxy the settings trust."""
    if request.url.scheme == "https":
        return True
    if settings_of(request).trusted_proxy:
        forwarded = request.headers.get("x-forwarded-proto", "")
        return forwarded.split(",")[0].strip().lower() == "https"
    return False


def set_session_cookie(response: Response, token: str, request: Request) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(settings_of(request).session_hours * 3600),
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_https(request),
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request)
    )


async def start_session(
    request: Request, response: Response, db: Database, email: str, password: str
) -> tuple[Principal, str]:
    """Log in from a browser: end the session the request came with (a fresh id at every
    login, so a planted cookie never becomes a live session), open a new one, set its
    cookie. Returns the principal and the new session's CSRF token. Raises
    AuthenticationError (one message for every failure) and sets nothing then."""
    old = session_token(request)
    if old is not None:
        await run_in_threadpool(accounts.logout, db, old)
    settings = settings_of(request)
    token, principal = await run_in_threadpool(
        lambda: accounts.login(db, email, password, settings=settings)
    )
    set_session_cookie(response, token, request)
    return principal, csrf_token_for(token)


def session_token(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def csrf_token(request: Request) -> str | None:
    """The CSRF token for the request's browser session (templates put it in forms and in a
    meta tag htmx sends back as X-CSRF-Token); None without a session cookie."""
    token = session_token(request)
    return csrf_token_for(token) if token else None


async def csrf_ok(request: Request, token: str) -> bool:
    """A state-changing cookie request carries its session's CSRF token (header or field)."""
    if request.method in SAFE_METHODS:
        return True
    expected = csrf_token_for(token)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        field = form.get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    return sent is not None and _same(sent, expected)


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """True when arrays/objects nest deeper than `limit` (brackets inside strings ignored).
    A linear scan, so a hostile body costs no recursion."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def _with_headers(message: Message, https: bool, path: str) -> Message:
    headers = list(message.get("headers", []))
    present = {name.lower() for name, _ in headers}
    headers += [(k, v) for k, v in HEADERS if k not in present]
    if b"cache-control" not in present and not path.startswith("/static"):
        # Responses carry patient data: no shared or browser cache keeps them.
        headers.append((b"cache-control", b"no-store"))
    if https:
        headers.append((b"strict-transport-security", b"max-age=31536000"))
    message["headers"] = headers
    return message


async def _send_json(send: Send, status: int, detail: object, https: bool, path: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    }
    await send(_with_headers(start, https, path))
    await send({"type": "http.response.body", "body": body})


class RequestGuard:
    """Security headers on every response; request bodies capped (413) and JSON nesting
    capped (422) before the app runs."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.max_body = settings.max_body_bytes
        self.max_depth = settings.max_json_depth
        self.trusted_proxy = settings.trusted_proxy

    def _https(self, scope: Scope) -> bool:
        if scope.get("scheme") == "https":
            return True
        if not self.trusted_proxy:
            return False
        for name, value in scope.get("headers", []):
            if name == b"x-forwarded-proto":
                return bool(value.split(b",")[0].strip().lower() == b"https")
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https, path = self._https(scope), str(scope.get("path", ""))

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = _with_headers(message, https, path)
            await send(message)

        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _send_json(send, 413, self._too_large(), https, path)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _send_json(send, 413, self._too_large(), https, path)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if content_type.endswith(b"json") and json_depth_exceeds(body, self.max_depth):
            detail = [
                {
                    "loc": ["body"],
                    "msg": f"JSON nests deeper than {self.max_depth} levels",
                    "type": "json_too_deep",
                }
            ]
            await _send_json(send, 422, detail, https, path)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_guarded)

    def _too_large(self) -> str:
        return f"the request body is larger than {self.max_body} bytes"
