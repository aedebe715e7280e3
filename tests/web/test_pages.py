"""The page routes over HTTP (TestClient against the real app and the demo clinic): login and
its CSRF, redirects, role limits, CSRF on page forms, saving with a stale revision, and the
security headers and asset weight of every page."""

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.services import demo, notes
from tests.api.support import statements, writes
from tests.web.conftest import ARTIFACTS, Seeded, new_patient, record_figure

DICTATION = (
    "Patient reports knee pain four out of ten. Diagnosis M17.11 primary osteoarthritis right "
    "knee. Straight leg raises on the right, three sets of ten with a two pound ankle weight. "
    "Mini squats at the counter. Tolerated well.\nTherapeutic exercise 97110: 25 minutes."
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def client(seeded: Seeded) -> Iterator[TestClient]:
    with TestClient(create_app(seeded.settings), follow_redirects=False) as c:
        yield c


def login(client: TestClient, who: demo.Login) -> str:
    """Log in through the form; the page's CSRF token for later posts."""
    form = client.get("/login")
    token = CSRF.search(form.text)
    assert token is not None
    answer = client.post(
        "/signin", data={"email": who.email, "password": who.password, "csrf_token": token[1]}
    )
    assert answer.status_code == 303, answer.text
    page = client.get(answer.headers["location"], follow_redirects=True)
    found = CSRF.search(page.text)
    assert found is not None
    return found[1]


def _note(seeded: Seeded, text: str = DICTATION) -> int:
    _, mrn = new_patient(seeded)
    view = notes.new_session(
        seeded.db, text, mrn=mrn, clinician_email=demo.PT.email, day=date.today()
    )
    return view.note_id


def test_pages_need_a_login_and_come_back_after_it(client: TestClient) -> None:
    for path in ("/", "/sessions/new", "/patients", "/cosign", "/admin/audit", "/notes/1"):
        answer = client.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/login")
    assert client.get("/patients").headers["location"] == "/login?next=%2Fpatients"
    hx = client.get("/patients", headers={"HX-Request": "true"})
    assert hx.headers.get("hx-redirect", "").startswith("/login")


def test_login_form_refuses_without_its_token_and_on_a_wrong_password(
    client: TestClient,
) -> None:
    client.get("/login")
    no_token = client.post("/signin", data={"email": demo.PT.email, "password": demo.PT.password})
    assert no_token.status_code == 403
    assert "session" not in no_token.cookies
    form = client.get("/login")
    token = CSRF.search(form.text)
    assert token is not None
    wrong = client.post(
        "/signin",
        data={"email": demo.PT.email, "password": "not it at all", "csrf_token": token[1]},
    )
    assert wrong.status_code == 401
    assert "not accepted" in wrong.text
    assert demo.PT.email in wrong.text
    assert "ptscribe_session" not in client.cookies


def test_login_sets_a_fresh_session_and_next_is_kept_on_site(client: TestClient) -> None:
    client.cookies.set("ptscribe_session", "planted-by-someone-else")
    form = client.get("/login?next=//evil.example/x")
    token = CSRF.search(form.text)
    assert token is not None
    assert 'value="/"' in form.text
    answer = client.post(
        "/signin",
        data={"email": demo.PT.email, "password": demo.PT.password, "csrf_token": token[1]},
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"].lower()
    assert cookie.startswith("ptscribe_session=")
    assert "planted" not in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


def test_every_page_renders_with_security_headers_and_light_assets(
    client: TestClient, seeded: Seeded
) -> None:
    note_id = _note(seeded)
    login(client, demo.PT)
    static = Path(__file__).resolve().parents[2] / "web" / "static"
    weights = {}
    for path in (
        "/",
        "/?tab=undrafted",
        "/sessions/new",
        f"/notes/{note_id}",
        "/patients",
        "/cosign",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert answer.headers["cache-control"] == "no-store"
        # No inline script, style attribute or event handler: the CSP would refuse them.
        assert "<script>" not in answer.text
        assert not re.search(r"<[^>]*\s(style|on[a-z]+)=", answer.text), path
        assets = re.findall(r'(?:src|href)="/static/([^"]+)"', answer.text)
        weights[path] = sum((static / a).stat().st_size for a in assets)
    heaviest = max(weights.values())
    record_figure("js_css_bytes_per_page_max", heaviest, "bytes", "< 100 KB")
    assert heaviest < 100_000, weights
    for asset in ("htmx.min.js", "app.js", "app.css"):
        assert client.get(f"/static/{asset}").status_code == 200


def test_page_forms_need_the_csrf_token(client: TestClient, seeded: Seeded) -> None:
    note_id = _note(seeded)
    token = login(client, demo.PT)
    refused = client.post(f"/notes/{note_id}/save", data={"revision": "1", "plan": "x"})
    assert refused.status_code == 403
    assert "security token" in refused.text
    assert notes.show(seeded.db, note_id, actor="t").revision == 1
    saved = client.post(
        f"/notes/{note_id}/save", data={"revision": "1", "plan": "Plan B", "csrf_token": token}
    )
    assert saved.status_code == 303
    assert notes.show(seeded.db, note_id, actor="t").note.plan == "Plan B"


def test_a_stale_save_changes_nothing_and_returns_both_versions(
    client: TestClient, seeded: Seeded
) -> None:
    note_id = _note(seeded)
    token = login(client, demo.PT)
    data = {"revision": "1", "plan": "first", "csrf_token": token}
    assert client.post(f"/notes/{note_id}/save", data=data).status_code == 303
    stale = client.post(
        f"/notes/{note_id}/save",
        data={**data, "plan": "mine, typed on revision 1"},
        headers={"HX-Request": "true"},
    )
    assert stale.status_code == 409
    assert "mine, typed on revision 1" in stale.text
    assert "first" in stale.text
    assert 'data-keep-mine="2"' in stale.text
    assert notes.show(seeded.db, note_id, actor="t").revision == 2


def test_bad_input_is_a_message_and_the_text_stays(client: TestClient, seeded: Seeded) -> None:
    note_id = _note(seeded)
    token = login(client, demo.PT)
    bad = client.post(
        f"/notes/{note_id}/save",
        data={
            "revision": "1",
            "csrf_token": token,
            "plan": "keep this plan text",
            "interventions[0].minutes": "lots",
        },
    )
    assert bad.status_code == 422
    assert "not a number" in bad.text
    assert "keep this plan text" in bad.text
    assert notes.show(seeded.db, note_id, actor="t").revision == 1


def test_sign_is_refused_by_the_server_while_an_error_stands(
    client: TestClient, seeded: Seeded
) -> None:
    note_id = _note(
        seeded, DICTATION.replace(" Diagnosis M17.11 primary osteoarthritis right knee.", "")
    )
    token = login(client, demo.PT)
    page = client.get(f"/notes/{note_id}")
    assert re.search(r'id="sign-button"[^>]*disabled', page.text)
    answer = client.post(f"/notes/{note_id}/sign", data={"revision": "1", "csrf_token": token})
    assert answer.status_code == 423
    assert "Not signed" in answer.text
    assert "DX001" in answer.text
    assert notes.show(seeded.db, note_id, actor="t").signatures == []


def test_roles_reach_only_their_pages(client: TestClient, seeded: Seeded) -> None:
    note_id = _note(seeded)
    token = login(client, demo.BILLER)
    assert client.get("/").headers["location"] == "/signed"
    assert client.get(f"/notes/{note_id}").status_code == 403  # not signed: no biller access
    assert client.get("/sessions/new").status_code == 403
    assert client.get("/admin/audit").status_code == 403
    posted = client.post(
        "/sessions", data={"text": DICTATION, "patient_id": "1", "csrf_token": token}
    )
    assert posted.status_code == 403
    client.cookies.clear()
    login(client, demo.ADMIN)
    assert client.get("/admin/audit").status_code == 200
    assert client.get(f"/notes/{note_id}").status_code == 403  # no clinical content
    audit = client.get(f"/admin/audit?note={note_id}")
    assert f"<td>{note_id}</td>" in audit.text
    assert "draft" in audit.text


def test_pta_cannot_start_an_evaluation(client: TestClient, seeded: Seeded) -> None:
    patient_id, _ = new_patient(seeded)
    token = login(client, demo.PTA)
    answer = client.post(
        "/sessions",
        data={
            "text": DICTATION,
            "patient_id": str(patient_id),
            "note_type": "evaluation",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 403
    assert "evaluation" in answer.text
    assert DICTATION.splitlines()[0] in answer.text  # the dictation is kept in the form


def test_typed_minutes_and_timers_reach_the_claim(client: TestClient, seeded: Seeded) -> None:
    patient_id, _ = new_patient(seeded)
    token = login(client, demo.PT)
    timers = (
        '[{"code": "97140", "start": "2026-12-01T10:00:00Z", "end": "2026-12-01T10:12:00Z",'
        ' "provider": "PT"}]'
    )
    answer = client.post(
        "/sessions",
        data={
            "text": "Straight leg raises 3x10 with 2 lb. Soft tissue mobilization to the quad.",
            "patient_id": str(patient_id),
            "minutes_code": ["97110", ""],
            "minutes_value": ["20", ""],
            "timers": timers,
            "day": "2026-12-01",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 303, answer.text
    note_id = int(answer.headers["location"].rsplit("/", 1)[1])
    view = notes.show(seeded.db, note_id, actor="t")
    assert "Therapeutic exercise 97110: 20 minutes." in view.note.source_text
    assert [s.code for s in view.note.timer_segments] == ["97140"]
    assert view.claim is not None
    assert {ln.code: ln.minutes for ln in view.claim.lines}.get("97140") == 12
    bad = client.post(
        "/sessions",
        data={"text": "x", "patient_id": str(patient_id), "timers": "[{]", "csrf_token": token},
    )
    assert bad.status_code == 422
    assert "timers" in bad.text


def test_artifacts_folder_is_ignored_by_git() -> None:
    root = Path(__file__).resolve().parents[2]
    ignored = (root / ".gitignore").read_text().splitlines()
    assert "test-artifacts/" in ignored
    assert ARTIFACTS.is_relative_to(root / "test-artifacts")


def test_a_one_time_password_must_be_replaced_first(client: TestClient, seeded: Seeded) -> None:
    from assistant.domain.billing import Role
    from assistant.services import accounts, people

    email = "new.pt@demo.ptscribe.test"
    people.add_clinician(seeded.db, name="New PT", credentials="PT", role=Role.PT, email=email)
    accounts.set_password(seeded.db, email, "one-time-password-1", temporary=True)
    token = login(client, demo.Login("PT", email, "one-time-password-1"))
    assert client.get("/").headers["location"] == "/password"
    mismatch = client.post(
        "/password/form",
        data={
            "current": "one-time-password-1",
            "new": "my own phrase 1",
            "again": "other one",
            "csrf_token": token,
        },
    )
    assert mismatch.status_code == 422
    changed = client.post(
        "/password/form",
        data={
            "current": "one-time-password-1",
            "new": "my own phrase 1",
            "again": "my own phrase 1",
            "csrf_token": token,
        },
    )
    assert changed.status_code == 303
    assert client.get("/").status_code == 200  # the fresh session works


def test_admin_disables_and_enables_an_account(client: TestClient, seeded: Seeded) -> None:
    from assistant.domain.billing import Role
    from assistant.services import accounts, people

    email = "short.term@demo.ptscribe.test"
    people.add_clinician(seeded.db, name="Short Term", credentials="PT", role=Role.PT, email=email)
    accounts.set_password(seeded.db, email, "a long enough phrase")
    token = login(client, demo.ADMIN)
    listing = client.get("/admin/accounts")
    found = re.search(
        rf'action="/admin/accounts/(\d+)/disabled"[^<]*<input[^>]*>\s*'
        rf'<input type="hidden" name="disabled" value="yes">\s*<button[^>]*>Disable'
        rf'<span class="visually-hidden"> {re.escape(email)}',
        listing.text,
    )
    assert found is not None
    off = client.post(
        f"/admin/accounts/{found[1]}/disabled", data={"disabled": "yes", "csrf_token": token}
    )
    assert off.status_code == 303
    with TestClient(client.app, follow_redirects=False) as other:
        form = other.get("/login")
        csrf = CSRF.search(form.text)
        assert csrf is not None
        refused = other.post(
            "/signin",
            data={"email": email, "password": "a long enough phrase", "csrf_token": csrf[1]},
        )
        assert refused.status_code == 401
    on = client.post(
        f"/admin/accounts/{found[1]}/disabled", data={"disabled": "no", "csrf_token": token}
    )
    assert on.status_code == 303
    assert "Enable<span" not in client.get("/admin/accounts").text.split(email)[1][:400]


def test_a_failed_draft_keeps_the_text_and_can_be_drafted_again(
    client: TestClient, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient_id, _ = new_patient(seeded)
    token = login(client, demo.PT)

    class Broken:
        def draft(self, _session: object) -> object:
            raise RuntimeError("parser exploded")

    with monkeypatch.context() as patched:
        patched.setattr("assistant.services.drafting.OfflineDrafter", Broken)
        failed = client.post(
            "/sessions",
            data={"text": DICTATION, "patient_id": str(patient_id), "csrf_token": token},
        )
    assert failed.status_code == 503
    assert "parser exploded" in failed.text
    assert DICTATION.splitlines()[0] in failed.text  # the text is still in the form
    listed = client.get("/?tab=undrafted")
    found = re.search(r'action="/sessions/(\d+)/redraft"', listed.text)
    assert found is not None
    again = client.post(f"/sessions/{found[1]}/redraft", data={"csrf_token": token})
    assert again.status_code == 303
    note_id = int(again.headers["location"].rsplit("/", 1)[1])
    assert notes.show(seeded.db, note_id, actor="t").note.source_text.startswith("Patient reports")
    assert f"/sessions/{found[1]}/redraft" not in client.get("/?tab=undrafted").text


def test_the_review_page_reads_in_two_statements_and_writes_only_its_view(
    client: TestClient, seeded: Seeded
) -> None:
    note = _note(seeded)
    login(client, demo.PT)
    client.get(f"/notes/{note}")  # warm: first-use caches fill here
    with statements() as seen:
        assert client.get(f"/notes/{note}").status_code == 200
    begins = [s for s in seen if s.upper().startswith("BEGIN")]
    # The login session's account, then the note with its findings, acknowledgements and
    # patient: two SELECTs outside a transaction. Then the view's audit event.
    assert len(begins) == 1, seen
    assert len(seen) <= 5, seen
    written = writes(seen)
    assert [w.split()[0].upper() for w in written] == ["BEGIN", "UPDATE", "INSERT"], written
