"""Templates: one Jinja2 environment with autoescaping, and the few values every page needs
(who is logged in, their CSRF token, what their role may reach in the navigation)."""

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.security import csrf_token
from assistant.services import access
from assistant.services.access import Action
from assistant.services.accounts import Principal

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True
# The templates ship inside the package and change only with a release (a restart): no
# modification-time check of every template and include on every render.
templates.env.auto_reload = False

SEVERITY_ICON = {"error": "\u2716", "warning": "\u26a0", "info": "\u2139"}
SEVERITY_LABEL = {"error": "Error", "warning": "Warning", "info": "Note"}
STATUS_LABEL = {
    "draft": "Drafting",
    "in_review": "In review",
    "awaiting_cosign": "Awaiting co-signature",
    "signed": "Signed",
    "cosigned": "Co-signed",
}


def _when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def _label(value: object) -> str:
    return str(value).replace("_", " ")


templates.env.filters["when"] = _when
templates.env.filters["label"] = _label
templates.env.globals["SEVERITY_ICON"] = SEVERITY_ICON
templates.env.globals["SEVERITY_LABEL"] = SEVERITY_LABEL
templates.env.globals["STATUS_LABEL"] = STATUS_LABEL


# Links a page module adds for the roles that may use it: (href, label, action).
EXTRA_NAV: list[tuple[str, str, Action]] = []


def nav_for(user: Principal | None) -> list[tuple[str, str]]:
    """The links this role can use: a page it may not open is not offered."""
    if user is None:
        return []
    links: list[tuple[str, str]] = []
    if access.allowed(user, Action.WRITE_NOTE):
        links += [("/", "Worklist"), ("/sessions/new", "New session")]
    if access.allowed(user, Action.COSIGN):
        links.append(("/cosign", "Co-sign queue"))
    if access.allowed(user, Action.READ_PATIENT):
        links.append(("/patients", "Patients"))
    if access.allowed(user, Action.READ_CLAIM) and not access.allowed(user, Action.WRITE_NOTE):
        links.append(("/signed", "Signed notes"))
    if access.allowed(user, Action.MANAGE_ACCOUNTS):
        links.append(("/admin/accounts", "Accounts"))
    if access.allowed(user, Action.READ_AUDIT):
        links.append(("/admin/audit", "Audit trail"))
    links += [(href, label) for href, label, action in EXTRA_NAV if access.allowed(user, action)]
    return links


def page(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    user: Principal | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    values: dict[str, Any] = {
        "user": user,
        "nav": nav_for(user),
        "csrf": csrf_token(request) or "",
        "path": request.scope["path"],  # request.url builds the whole URL to give it
    }
    values.update(context or {})
    # Rendered here, not through Starlette's TemplateResponse: the templates use neither
    # its request nor its url_for, and its wrapping cost every page some 20 us.
    html = templates.env.get_template(name).render(values)
    return HTMLResponse(html, status_code=status, headers=headers)
