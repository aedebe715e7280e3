"""The web pages as one router, their static files, and the handler that answers a page
dependency's refusal with HTML (a redirect to /login, or an error page) instead of JSON.

api.main.create_app includes `router`, mounts web/static and calls `install_handlers`; the
pages are left out of the OpenAPI document, which describes the JSON API only.
"""

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.deps import PageError
from web.pages import admin, lists, login, note, session
from web.render import page

STATIC = Path(__file__).resolve().parent / "static"

router = APIRouter(include_in_schema=False)
for module in (login, lists, session, note, admin):
    router.include_router(module.router)


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
