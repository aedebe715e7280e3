"""A deployment with two clinics: each clinic's people work in their own clinic through the
web pages and the API, with the same MRN in both, and each admin reads only their clinic's
audit trail."""

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.domain.accounts import AccountRole
from assistant.domain.billing import Role
from assistant.services import accounts, demo, notes, people
from tests.web.conftest import Seeded
from tests.web.test_pages import login

B_PT = demo.Login("PT", "kai.moreno@clinic-b.test", "clinic-b-pt-password")
B_ADMIN = demo.Login("admin", "admin@clinic-b.test", "clinic-b-admin-password")
SHARED_MRN = "DEMO-1001"  # the demo clinic's first patient has it too
DICTATION = "Straight leg raises 3x10 with a 2 lb weight.\nTherapeutic exercise 97110: 23 minutes."


@pytest.fixture(scope="module")
def clinic_b(seeded: Seeded) -> int:
    pt = people.add_clinician(
        seeded.db, name="Kai Moreno", credentials="PT", role=Role.PT, email=B_PT.email, clinic="b"
    )
    accounts.set_password(seeded.db, B_PT.email, B_PT.password)
    accounts.add_account(
        seeded.db, email=B_ADMIN.email, name="B Admin", role=AccountRole.ADMIN, clinic="b"
    )
    accounts.set_password(seeded.db, B_ADMIN.email, B_ADMIN.password)
    people.add_patient(
        seeded.db,
        name="Robin Clinic-B Patient",
        date_of_birth=date(1970, 3, 3),
        mrn=SHARED_MRN,
        clinic_id=pt.clinic_id,
    )
    people.add_plan(
        seeded.db, mrn=SHARED_MRN, first_treatment=date(2025, 5, 1), clinic_id=pt.clinic_id
    )
    return pt.clinic_id


@pytest.fixture
def client(seeded: Seeded) -> Iterator[TestClient]:
    with TestClient(create_app(seeded.settings), follow_redirects=False) as c:
        yield c


def test_second_clinic_works_in_its_own_clinic(
    seeded: Seeded, clinic_b: int, client: TestClient
) -> None:
    view = notes.new_session(
        seeded.db, DICTATION, mrn=SHARED_MRN, clinician_email=B_PT.email, day=date(2025, 6, 2)
    )
    with seeded.db.transaction() as tx:
        patient = tx.people.patient(
            tx.notes.summaries(clinic_b, note_id=view.note_id)[0].patient_id
        )
    assert patient.clinic_id == clinic_b  # the MRN was looked up in the clinician's clinic
    login(client, B_PT)
    for path in ("/", "/patients", "/cosign", "/sessions/new", f"/notes/{view.note_id}"):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:300])
    patients = client.get("/patients").text
    assert "Robin Clinic-B Patient" in patients
    assert "DEMO" not in patients.replace(SHARED_MRN, "")  # no demo-clinic patient listed


def test_each_admin_reads_only_their_clinics_audit_trail(
    seeded: Seeded, clinic_b: int, client: TestClient
) -> None:
    notes.new_session(
        seeded.db, DICTATION, mrn=SHARED_MRN, clinician_email=B_PT.email, day=date(2025, 6, 3)
    )
    notes.new_session(
        seeded.db, DICTATION, mrn=SHARED_MRN, clinician_email=demo.PT.email, day=date(2025, 6, 3)
    )
    login(client, B_ADMIN)
    page = client.get("/admin/audit")
    assert page.status_code == 200
    assert B_PT.email in page.text
    assert demo.PT.email not in page.text
    client.cookies.clear()
    login(client, demo.ADMIN)
    page = client.get("/admin/audit")
    assert demo.PT.email in page.text
    assert B_PT.email not in page.text
    # The API's pages of the trail have the same scope.
    for admin, mine, theirs in ((B_ADMIN, B_PT, demo.PT), (demo.ADMIN, demo.PT, B_PT)):
        token, _ = accounts.create_token(seeded.db, admin.email, label="test")
        client.cookies.clear()
        events = client.get("/api/audit?limit=1000", headers={"Authorization": f"Bearer {token}"})
        assert events.status_code == 200
        actors = {e["actor"] for e in events.json()["events"]}
        assert mine.email in actors
        assert theirs.email not in actors
