"""One note: the review page while it is in review, the signed view once signed; saving,
acknowledging, signing, co-signing and addenda.

Saves come from htmx (autosave and the Save button) and answer with out-of-band fragments
for the panels the server recomputed (findings, claim, sign panel, facts, the revision
field), never with the text areas: whatever the therapist typed stays in the browser
whether the save worked, failed or met a newer revision. A browser without script posts
the same form and gets the whole page back.
"""

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import DatabaseDep
from api.errors import status_of
from api.onehop import router as one_hop_router
from assistant.domain.lifecycle import SIGNED_STATUSES
from assistant.errors import ConflictError, InputError, PtscribeError, SignBlockedError
from assistant.services import access, notes, signing, worklist
from assistant.services.access import Action, Target
from assistant.services.accounts import Principal
from assistant.services.views import NoteView
from assistant.store.db import Database
from web.deps import PageUser
from web.editing import apply_form, edited_sections
from web.pages.common import failure, see_other
from web.render import page
from web.review import conflict_rows, review_context

router = one_hop_router()
MAX_FORM_FIELD = 100_000


def _is_htmx(request: Request) -> bool:
    return bool(request.headers.get("hx-request"))


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    out: dict[str, str] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            if len(value) > MAX_FORM_FIELD:
                raise InputError(f"{key} is longer than {MAX_FORM_FIELD:,} characters")
            out[key] = value
    return out


def _revision(form: dict[str, str]) -> int:
    raw = form.get("revision", "")
    if not raw.isdigit():
        raise InputError("the form lost its revision number: reload the page")
    return int(raw)


async def _show(db: Database, user: Principal, note_id: int) -> NoteView:
    return await run_in_threadpool(lambda: notes.show(db, note_id, actor=user.email))


def _rights(user: Principal, target: Target) -> dict[str, bool]:
    return {
        "can_edit": access.allowed(user, Action.WRITE_NOTE, target) and not target.signed,
        "can_sign": access.allowed(user, Action.SIGN, target) and not target.signed,
        "can_cosign": access.allowed(user, Action.COSIGN, target),
        "can_amend": access.allowed(user, Action.AMEND, target) and target.signed,
        "can_export": access.allowed(user, Action.EXPORT, target) and target.signed,
    }


def _note_page(
    request: Request,
    user: Principal,
    view: NoteView,
    target: Target,
    *,
    edited: dict[str, str] | None = None,
    message: str = "",
    level: str = "info",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> Response:
    context: dict[str, Any] = {**_rights(user, target), "message": message, "level": level}
    context.update(extra or {})
    if view.status in SIGNED_STATUSES:
        context.update(view=view, note=view.note)
        return page(request, "signed.html", context, user=user, status=status)
    context.update(review_context(view, edited))
    return page(request, "review.html", context, user=user, status=status)


def _panels(
    request: Request,
    user: Principal,
    view: NoteView,
    target: Target,
    *,
    message: str,
    level: str = "info",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> Response:
    context: dict[str, Any] = {**_rights(user, target), "message": message, "level": level}
    context.update(review_context(view))
    context.update(extra or {})
    return page(request, "_panels.html", context, user=user, status=status)


@router.get("/notes/{note_id}", response_model=None)
def note_page(request: Request, db: DatabaseDep, user: PageUser, note_id: int) -> Response:
    # A sync page: the session lookup, the read and the rendering share one worker thread
    # (api.onehop), as each hand-off costs the event loop under load.
    try:
        target, view, patient = notes.open_for_review(db, user, note_id)
    except PtscribeError as exc:
        return failure(request, user, exc)
    return _note_page(request, user, view, target, extra={"patient": patient})


@router.post("/notes/{note_id}/save", response_model=None)
async def save(request: Request, db: DatabaseDep, user: PageUser, note_id: int) -> Response:
    try:
        target = await run_in_threadpool(access.require_note, db, user, Action.WRITE_NOTE, note_id)
        form = await _form(request)
        revision = _revision(form)
        current = await run_in_threadpool(worklist.current, db, note_id)
    except PtscribeError as exc:
        return failure(request, user, exc)
    mine = edited_sections(form)
    try:
        if current.status in SIGNED_STATUSES:
            raise ConflictError(f"note {note_id} was signed meanwhile: it cannot be edited")
        if revision != current.revision:
            raise ConflictError(f"revision {revision} is stale")
        edited = apply_form(current.note, form)
        view = await run_in_threadpool(
            lambda: notes.revise(
                db, note_id, revision=revision, note=edited, clinician_email=user.email
            )
        )
    except ConflictError as exc:
        saved = await _show(db, user, note_id)
        return _conflict(request, user, saved, target, mine, str(exc))
    except PtscribeError as exc:
        message = f"Not saved: {exc}. Your text is kept; correct it and save again."
        if _is_htmx(request):
            return page(
                request,
                "_message.html",
                {"message": message, "level": "error", "oob": True},
                user=user,
                status=status_of(exc),
            )
        return _note_page(
            request,
            user,
            current,
            target,
            edited=mine,
            message=message,
            level="error",
            status=status_of(exc),
        )
    message = f"Saved as revision {view.revision}; claim and findings recomputed."
    if _is_htmx(request):
        return _panels(request, user, view, target, message=message)
    return see_other(f"/notes/{note_id}")


def _conflict(
    request: Request,
    user: Principal,
    saved: NoteView,
    target: Target,
    mine: dict[str, str],
    reason: str,
) -> Response:
    rows = conflict_rows(mine, saved)
    message = (
        f"Not saved: the note changed meanwhile ({reason}). Your text is still in the form; "
        "compare the versions below and choose."
    )
    extra = {"conflict": rows, "saved_revision": saved.revision}
    if saved.status in SIGNED_STATUSES or not _is_htmx(request):
        return _note_page(
            request,
            user,
            saved,
            target,
            edited=mine,
            message=message,
            level="error",
            status=409,
            extra=extra,
        )
    context: dict[str, Any] = {
        "message": message,
        "level": "error",
        "oob": True,
        **extra,
    }
    return page(request, "_conflict.html", context, user=user, status=409)


@router.post("/notes/{note_id}/ack", response_model=None)
async def acknowledge(request: Request, db: DatabaseDep, user: PageUser, note_id: int) -> Response:
    try:
        target = await run_in_threadpool(access.require_note, db, user, Action.WRITE_NOTE, note_id)
        form = await _form(request)
        revision = _revision(form)
        override = form.get("mode") == "override"
        reason = form.get("reason", "").strip()
        if override and not reason:
            raise InputError("an override needs its reason: say why the warning does not apply")
        view = await run_in_threadpool(
            lambda: notes.acknowledge(
                db,
                note_id,
                revision=revision,
                rule=form.get("rule", ""),
                path=form.get("path", ""),
                reason=reason if override else "",
                clinician_email=user.email,
            )
        )
    except PtscribeError as exc:
        if _is_htmx(request):
            message = f"Not recorded: {exc}"
            return page(
                request,
                "_message.html",
                {"message": message, "level": "error", "oob": True},
                user=user,
                status=status_of(exc),
            )
        return failure(request, user, exc)
    done = "Override recorded" if override else "Acknowledged"
    if _is_htmx(request):
        return _panels(request, user, view, target, message=f"{done}: {form.get('rule', '')}.")
    return see_other(f"/notes/{note_id}")


@router.post("/notes/{note_id}/sign", response_model=None)
async def sign(request: Request, db: DatabaseDep, user: PageUser, note_id: int) -> Response:
    try:
        target = await run_in_threadpool(access.require_note, db, user, Action.SIGN, note_id)
        form = await _form(request)
        revision = _revision(form)
        await run_in_threadpool(
            lambda: signing.sign(db, note_id, revision=revision, clinician_email=user.email)
        )
    except (SignBlockedError, ConflictError) as exc:
        try:
            view = await _show(db, user, note_id)
            target = await run_in_threadpool(access.note_target, db, note_id)
        except PtscribeError as again:
            return failure(request, user, again)
        blocked = [
            f"{b['rule']} ({b['severity']}): {b['message']}" for b in getattr(exc, "findings", [])
        ]
        message = f"Not signed: {exc}"
        return _note_page(
            request,
            user,
            view,
            target,
            message=message,
            level="error",
            status=status_of(exc),
            extra={"blocked": blocked},
        )
    except PtscribeError as exc:
        return failure(request, user, exc)
    return see_other(f"/notes/{note_id}")


@router.post("/notes/{note_id}/cosign", response_model=None)
async def cosign(request: Request, db: DatabaseDep, user: PageUser, note_id: int) -> Response:
    try:
        await run_in_threadpool(access.require_note, db, user, Action.COSIGN, note_id)
        await run_in_threadpool(lambda: signing.cosign(db, note_id, clinician_email=user.email))
    except PtscribeError as exc:
        return failure(request, user, exc)
    return see_other(f"/notes/{note_id}")


@router.post("/notes/{note_id}/addenda", response_model=None)
async def add_addendum(request: Request, db: DatabaseDep, user: PageUser, note_id: int) -> Response:
    form: dict[str, str] = {}
    try:
        target = await run_in_threadpool(access.require_note, db, user, Action.AMEND, note_id)
        form = await _form(request)
        reason, text = form.get("reason", ""), form.get("text", "")
        await run_in_threadpool(
            lambda: signing.amend(db, note_id, clinician_email=user.email, reason=reason, text=text)
        )
    except PtscribeError as exc:
        try:
            view = await _show(db, user, note_id)
            target = await run_in_threadpool(access.note_target, db, note_id)
        except PtscribeError:
            return failure(request, user, exc)
        return _note_page(
            request,
            user,
            view,
            target,
            message=f"Addendum not added: {exc}",
            level="error",
            status=status_of(exc),
            extra={"addendum": form},
        )
    return see_other(f"/notes/{note_id}#addenda")
