"""The app factory. `create_app(settings)` builds the whole server: error handlers, the
request guard (security headers, body and JSON caps), every router in api/routes and, when
the web package provides them, the pages (web.routes.routers) and their static files.

Nothing connects at import or in the factory: the lifespan opens the store's Database when
the server starts and disposes of it when it stops. `ptscribe serve` runs this through
uvicorn as a factory (`api.main:create_app`), so every worker builds its own app.
"""

import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

import api.routes
from api import affinity, errors
from api.security import RequestGuard, guard_access_log
from assistant.services.icd import icd_code_set
from assistant.settings import Settings, get_settings
from assistant.store.db import Database

# Routers are matched first to last, and each one a request passes costs it a regular
# expression per route (the review page came after every JSON route: 60 us of its time).
# The probes first, then the note reads every screen and script makes; the pages follow
# these, then the other routers by name. No two routers share a path: a test checks that
# every route is the first to match its own paths, whatever the order.
_FIRST = ("health", "notes")


def _routers() -> tuple[list[APIRouter], list[APIRouter]]:
    """The API's routers: (those matched before the pages, those after)."""
    found: dict[str, APIRouter] = {}
    for module in sorted(pkgutil.iter_modules(api.routes.__path__), key=lambda m: m.name):
        loaded = importlib.import_module(f"api.routes.{module.name}")
        router = getattr(loaded, "router", None)
        if isinstance(router, APIRouter):
            found[module.name] = router
    first = [found.pop(name) for name in _FIRST if name in found]
    return first, list(found.values())


def _web(app: FastAPI) -> None:
    """The web pages, if the web package has them (it is optional to the API)."""
    try:
        web_routes = importlib.import_module("web.routes")
    except ModuleNotFoundError as exc:
        if exc.name not in ("web.routes", "web"):
            raise
        return
    for router in getattr(web_routes, "routers", []):
        if isinstance(router, APIRouter):
            app.include_router(router, include_in_schema=False)
    # The pages answer a refused page request with HTML (a redirect to /login), not JSON.
    install_handlers = getattr(web_routes, "install_handlers", None)
    if callable(install_handlers):
        install_handlers(app)
    static = Path(importlib.import_module("web").__file__ or "").parent / "static"
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")


def served_app(settings: Settings | None = None) -> FastAPI:
    """The app as `ptscribe serve` and `make run` serve it: each process pinned to a CPU of
    its own (api/affinity.py) unless the settings say otherwise (PTSCRIBE_PIN_CPU=0)."""
    settings = settings or get_settings()
    if "pin_cpu" not in settings.model_fields_set:
        settings = settings.model_copy(update={"pin_cpu": True})
    return create_app(settings)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    guard_access_log()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        # Lifespan state, not app.state: each server run (each TestClient) owns its own
        # Database, handed to every request it serves as request.state.db.
        # The pin first, so that every thread the server starts from here on inherits it.
        pinned = settings.pin_cpu and affinity.pin_to_a_free_cpu(settings.cpu_locks) is not None
        try:
            db = Database.from_settings(settings)
            try:
                # The code set every validation is handed: read before the first request,
                # so no request (a /health included) waits behind the first validate.
                await run_in_threadpool(icd_code_set)
                # The loop's default limiter is what sync routes and run_in_threadpool use.
                limiter = to_thread.current_default_thread_limiter()
                limiter.total_tokens = settings.request_threads
                yield {"db": db, "drafting": CapacityLimiter(settings.drafting_threads)}
            finally:
                db.dispose()
        finally:
            if pinned:
                affinity.release()

    app = FastAPI(
        title="ptscribe",
        version=version("ptscribe"),
        description="Draft, bill, check and sign physical and occupational therapy notes.",
        lifespan=lifespan,
        # Swagger UI and ReDoc load scripts from a CDN and inline: offline-first and the CSP
        # rule them out. The schema itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    errors.install(app)
    first, rest = _routers()
    for router in first:
        app.include_router(router)
    _web(app)
    for router in rest:
        app.include_router(router)
    app.add_middleware(RequestGuard, settings=settings)
    return app
