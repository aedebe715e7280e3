"""What every screen shares: turning a service's refusal into a page, and the home of a role."""

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.errors import status_of
from assistant.errors import PtscribeError
from assistant.services import access
from assistant.services.access import Action
from assistant.services.accounts import Principal
from web.render import page


def home_of(user: Principal) -> str:
    if access.allowed(user, Action.WRITE_NOTE):
        return "/"
    if access.allowed(user, Action.READ_CLAIM):
        return "/signed"
    if access.allowed(user, Action.READ_AUDIT):
        return "/admin/audit"
    return "/password"


def see_other(target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


def failure(request: Request, user: Principal | None, exc: PtscribeError) -> HTMLResponse:
    """The service's own message on a page with the status the API would give."""
    status = status_of(exc)
    message = " ".join(str(exc).split()) or "the request could not be completed"
    titles = {
        403: "Not allowed",
        404: "Not found",
        409: "Changed meanwhile",
        422: "Check the input",
    }
    context = {"title": titles.get(status, "Something went wrong"), "message": message}
    if request.headers.get("hx-request"):
        return page(
            request, "_message.html", {**context, "level": "error"}, user=user, status=status
        )
    return page(request, "error.html", context, user=user, status=status)
