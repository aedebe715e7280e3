"""The lists: a clinician's worklist with its tabs, the co-sign queue, the signed notes a
biller works from, the patients and a patient's chart. Sync routes: each reads and renders
on the one worker thread its session lookup runs on (api.onehop)."""

from fastapi import Request
from fastapi.responses import Response

from api.deps import DatabaseDep
from api.onehop import router as one_hop_router
from assistant.errors import PtscribeError
from assistant.services import access, worklist
from assistant.services.access import Action
from web.charts import chart_views
from web.deps import PageUser
from web.pages.common import failure, home_of, see_other
from web.render import page

router = one_hop_router()
TABS = (
    ("review", "My notes in review"),
    ("cosign", "Awaiting my co-signature"),
    ("signed", "Signed today"),
    ("undrafted", "Sessions not drafted"),
)


@router.get("/", response_model=None)
def worklist_page(
    request: Request, db: DatabaseDep, user: PageUser, tab: str = "review"
) -> Response:
    if not access.allowed(user, Action.WRITE_NOTE) or user.clinician_id is None:
        return see_other(home_of(user))
    lists = worklist.worklist(db, clinic_id=user.clinic_id, clinician_id=user.clinician_id)
    counts = {
        "review": len(lists.in_review),
        "cosign": len(lists.to_cosign),
        "signed": len(lists.signed_today),
        "undrafted": len(lists.undrafted),
    }
    tab = tab if tab in counts else "review"
    context = {"tabs": TABS, "tab": tab, "counts": counts, "lists": lists}
    name = "_worklist_panel.html" if request.headers.get("hx-request") else "worklist.html"
    return page(request, name, context, user=user)


@router.get("/cosign", response_model=None)
def cosign_page(request: Request, db: DatabaseDep, user: PageUser) -> Response:
    try:
        access.require_in_clinic(user, Action.COSIGN)
    except PtscribeError as exc:
        return failure(request, user, exc)
    items = worklist.cosign_queue(
        db, clinic_id=user.clinic_id, supervisor_id=user.clinician_id or 0
    )
    return page(request, "cosign.html", {"items": items}, user=user)


@router.get("/signed", response_model=None)
def signed_page(request: Request, db: DatabaseDep, user: PageUser) -> Response:
    try:
        access.require(user, Action.READ_CLAIM)
    except PtscribeError as exc:
        return failure(request, user, exc)
    items = worklist.signed_notes(db, clinic_id=user.clinic_id)
    return page(request, "signed_list.html", {"items": items}, user=user)


@router.get("/patients", response_model=None)
def patients_page(request: Request, db: DatabaseDep, user: PageUser) -> Response:
    try:
        access.require_in_clinic(user, Action.READ_PATIENT)
    except PtscribeError as exc:
        return failure(request, user, exc)
    found = worklist.patients(db, clinic_id=user.clinic_id)
    return page(request, "patients.html", {"patients": found}, user=user)


@router.get("/patients/{patient_id}", response_model=None)
def chart_page(request: Request, db: DatabaseDep, user: PageUser, patient_id: int) -> Response:
    try:
        access.require(user, Action.READ_NOTE)
        chart = worklist.chart(
            db, clinic_id=user.clinic_id, patient_id=patient_id, actor=user.email
        )
    except PtscribeError as exc:
        return failure(request, user, exc)
    context = {"chart": chart, "charts": chart_views(chart.progressions)}
    return page(request, "chart.html", context, user=user)
