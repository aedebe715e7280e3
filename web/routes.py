"""The web pages' routers, their static files, and the handler that answers a page
dependency's refusal with HTML (a redirect to /login, or an error page) instead of JSON.

api.main.create_app includes each of `routers`, mounts web/static and calls
`install_handlers`; the pages are left out of the OpenAPI document, which describes the JSON
API only.
"""

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import web.pages
from web.deps import PageError
from web.render import EXTRA_NAV, page

STATIC = Path(__file__).resolve().parent / "static"


# The review page first: routers are matched in order (see api/main.py), and included
# side by side, not under one router of the pages, as every level of routers a request
# passes matches its path again.
_FIRST = ("note",)


def _page_modules() -> list[ModuleType]:
    """Every module in web/pages with a `router`, the review page's first and then by name:
    a new screen (the exports' billing page, say) is one module there, plus an optional NAV
    list of (href, label, access action) for the links of the roles allowed to use it."""
    found: list[ModuleType] = []
    names = sorted(
        pkgutil.iter_modules(web.pages.__path__), key=lambda m: (m.name not in _FIRST, m.name)
    )
    for info in names:
        module = importlib.import_module(f"web.pages.{info.name}")
        if isinstance(getattr(module, "router", None), APIRouter):
            found.append(module)
    return found


routers: list[APIRouter] = []
for _module in _page_modules():
    routers.append(_module.router)
    EXTRA_NAV.extend(getattr(_module, "NAV", []))


async def _page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    if exc.location:
        if request.headers.get("hx-request"):
            # htmx follows a 303 itself and would swap the login page into a panel.
            return HTMLResponse("", headers={"HX-Redirect": exc.location})
        return RedirectResponse(exc.location, status_code=303)
    context = {"title": "Not allowed", "message": str(exc.detail)}
    return page(request, "error.html", context, status=exc.status_code)


def install_handlers(app: FastAPI) -> None:
    """Called by api.main.create_app after it included `router` and mounted web/static."""
    app.add_exception_handler(PageError, _page_error)
