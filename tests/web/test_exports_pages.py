"""The export buttons on the signed view and the billing page, over HTTP against the real
app and the demo clinic."""

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.errors import SignBlockedError
from assistant.services import demo, notes, signing
from assistant.services.exports.feed import read_csv
from tests.exports.support import page_count
from tests.store_support import DICTATION
from tests.web.conftest import Seeded, new_patient
from tests.web.test_pages import login


@pytest.fixture
def client(seeded: Seeded) -> Iterator[TestClient]:
    with TestClient(create_app(seeded.settings), follow_redirects=False) as c:
        yield c


def _signed(seeded: Seeded) -> int:
    _, mrn = new_patient(seeded)
    view = notes.new_session(
        seeded.db, DICTATION, mrn=mrn, clinician_email=demo.PT.email, day=date.today()
    )
    try:
        signing.sign(seeded.db, view.note_id, revision=1, clinician_email=demo.PT.email)
    except SignBlockedError as exc:
        for f in exc.findings:
            assert f["severity"] == "warning", f
            notes.acknowledge(seeded.db, view.note_id, revision=1, rule=f["rule"], path=f["path"])
        signing.sign(seeded.db, view.note_id, revision=1, clinician_email=demo.PT.email)
    return view.note_id


def test_signed_view_offers_the_exports_that_work(client: TestClient, seeded: Seeded) -> None:
    note_id = _signed(seeded)
    login(client, demo.BILLER)
    page = client.get(f"/notes/{note_id}")
    assert page.status_code == 200
    links = dict(re.findall(r'id="(export-[a-z]+)" href="([^"]+)"', page.text))
    assert set(links) == {"export-pdf", "export-fhir", "export-claims"}
    pdf = client.get(links["export-pdf"])
    assert pdf.status_code == 200
    assert page_count(pdf.content) >= 1
    assert client.get(links["export-fhir"]).status_code == 200
    claims = client.get(links["export-claims"].replace("&amp;", "&"))
    assert {ln.note_id for ln in read_csv(claims.text)} == {note_id}


def test_billing_page_lists_the_range_and_links_its_downloads(
    client: TestClient, seeded: Seeded
) -> None:
    note_id = _signed(seeded)
    today = date.today().isoformat()
    login(client, demo.BILLER)
    nav = client.get("/signed")
    assert 'href="/billing"' in nav.text
    page = client.get("/billing", params={"from": today, "to": today})
    assert page.status_code == 200
    assert f'href="/notes/{note_id}"' in page.text
    csv_link = re.search(r'id="feed-csv" href="([^"]+)"', page.text)
    assert csv_link is not None
    download = client.get(csv_link[1].replace("&amp;", "&"))
    assert download.status_code == 200
    assert note_id in {ln.note_id for ln in read_csv(download.text)}
    bad = client.get("/billing", params={"from": today, "to": "2000-01-01"})
    assert bad.status_code == 422
    assert "before it starts" in bad.text


def test_an_admin_gets_no_billing_page(client: TestClient, seeded: Seeded) -> None:
    login(client, demo.ADMIN)
    assert client.get("/billing").status_code == 403
    assert 'href="/billing"' not in client.get("/admin/audit").text
