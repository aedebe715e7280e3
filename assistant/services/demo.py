"""A demo clinic for `make run`: a PT and the PTA they supervise, a biller and an admin, three
patients with plans of care, a few signed earlier visits and one draft waiting for review.

Everything goes through the ordinary services (people, accounts, notes, signing), so the
demo's claims, findings, hashes and audit trail are exactly what real use would produce.
Seeding happens once: a database that already has the demo PT is left alone. The names are
invented; the passwords are printed by `make run` and meant for a laptop demo only.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from assistant.domain.accounts import AccountRole
from assistant.domain.billing import Role
from assistant.domain.findings import Severity
from assistant.errors import NotFoundError
from assistant.services import accounts, notes, people, signing
from assistant.store.db import Database


@dataclass(frozen=True)
class Login:
    role: str
    email: str
    password: str


PT = Login("PT", "jordan.rivera@demo.ptscribe.test", "demo-pt-password")
PTA = Login("PTA", "sam.ortiz@demo.ptscribe.test", "demo-pta-password")
BILLER = Login("biller", "billing@demo.ptscribe.test", "demo-biller-password")
ADMIN = Login("admin", "admin@demo.ptscribe.test", "demo-admin-password")
LOGINS = (PT, PTA, BILLER, ADMIN)

_KNEE = (
    "Daily note. Patient reports knee pain {pain} out of ten today. Diagnosis M17.11 primary "
    "osteoarthritis right knee. Straight leg raises on the right, three sets of ten with a "
    "{slr} pound ankle weight. Long arc quads three sets of ten with {laq} pounds. Heel slides "
    "two sets of fifteen with a five second hold. Needed verbal and tactile cues for quad "
    "activation; I progressed the load today. Exercises performed to improve quad strength "
    "for stair climbing, toward goal G1. Therapeutic exercise 97110: 25 minutes. Manual "
    "therapy 97140: 10 minutes, tibiofemoral mobilization to improve knee flexion, skilled "
    "joint mobilization needed to restore motion. Tolerated well, pain {after} out of ten "
    "after. Continue plan of care."
)
_SHOULDER = (
    "Daily note. Patient reports shoulder pain {pain} out of ten. Diagnosis M75.111 rotator "
    "cuff tear of the right shoulder. Sidelying external rotation on the right, three sets "
    "of twelve with {er} pounds. Rows with a red theraband, three sets of fifteen. Cues for "
    "scapular setting; progressed the weight today. Exercises performed to improve rotator "
    "cuff strength for reaching overhead, toward goal G1. Therapeutic exercise 97110: 30 "
    "minutes. Tolerated well. Continue plan of care."
)
# The draft waiting for review: no diagnosis stated (an error to fix in the review page's
# diagnosis field), mini squats without a dose and other warnings.
WAITING = (
    "Daily note. Patient reports knee pain three out of ten today. "
    "Straight leg raises on the right, three sets of ten with a "
    "three pound ankle weight. Mini squats at the counter. Needed cues for quad activation. "
    "Exercises performed to improve quad strength for stair climbing. Therapeutic exercise "
    "97110: 23 minutes. Manual therapy 97140: 8 minutes, patellar mobilization. Tolerated "
    "well. Continue plan of care."
)


def is_seeded(db: Database) -> bool:
    with db.transaction() as tx:
        try:
            tx.people.clinician_by_email(PT.email)
        except NotFoundError:
            return False
    return True


def _sign_clean(db: Database, note_id: int, revision: int, email: str) -> None:
    """Acknowledge the draft's warnings and sign (the demo's visits are complete notes)."""
    view = notes.show(db, note_id, actor=email)
    if any(f.severity is Severity.ERROR for f in view.findings):
        raise RuntimeError(f"demo visit {note_id} has an error finding; fix the demo text")
    for f in view.findings:
        if f.severity is Severity.WARNING:
            notes.acknowledge(
                db, note_id, revision=revision, rule=f.rule, path=f.path, clinician_email=email
            )
    signing.sign(db, note_id, revision=revision, clinician_email=email)


def seed(db: Database, *, today: date | None = None) -> bool:
    """Create the demo clinic unless it exists; True when it was created now."""
    if is_seeded(db):
        return False
    today = today or date.today()
    people.add_clinician(
        db, name="Jordan Rivera", credentials="PT, DPT", role=Role.PT, email=PT.email
    )
    people.add_clinician(
        db,
        name="Sam Ortiz",
        credentials="PTA",
        role=Role.PTA,
        email=PTA.email,
        supervisor_email=PT.email,
    )
    for login in (PT, PTA):
        accounts.set_password(db, login.email, login.password)
    accounts.add_account(db, email=BILLER.email, name="Casey Billing", role=AccountRole.BILLER)
    accounts.add_account(db, email=ADMIN.email, name="Alex Admin", role=AccountRole.ADMIN)
    for login in (BILLER, ADMIN):
        accounts.set_password(db, login.email, login.password)
    start = today - timedelta(days=28)
    patients = (
        ("Maria Lopez", date(1957, 4, 2), "DEMO-1001", "Climb 12 stairs with one rail", True),
        ("Henry Baker", date(1962, 9, 17), "DEMO-1002", "Reach overhead shelf pain-free", False),
        ("Ava Chen", date(1971, 1, 30), "DEMO-1003", "Walk 1,000 ft without a device", False),
    )
    for name, born, mrn, goal, cosign in patients:
        people.add_patient(db, name=name, date_of_birth=born, mrn=mrn)
        people.add_plan(
            db,
            mrn=mrn,
            first_treatment=start,
            certified_through=start + timedelta(days=89),
            goals=[goal, "Home exercise program independently"],
            frequency="2x/week for 8 weeks",
            requires_cosign=cosign,
        )
    knee = [(21, 5, 1, 1, 4), (14, 4, 2, 2, 3), (7, 4, 2, 3, 2)]
    for days_ago, pain, slr, laq, after in knee:
        text = _KNEE.format(pain=pain, slr=slr, laq=laq, after=after)
        view = notes.new_session(
            db, text, mrn="DEMO-1001", clinician_email=PT.email, day=today - timedelta(days_ago)
        )
        _sign_clean(db, view.note_id, view.revision, PT.email)
    for days_ago, pain, er in [(12, 5, 1), (5, 4, 2)]:
        view = notes.new_session(
            db,
            _SHOULDER.format(pain=pain, er=er),
            mrn="DEMO-1002",
            clinician_email=PT.email,
            day=today - timedelta(days_ago),
        )
        _sign_clean(db, view.note_id, view.revision, PT.email)
    notes.new_session(db, WAITING, mrn="DEMO-1001", clinician_email=PT.email, day=today)
    return True


__all__ = ["ADMIN", "BILLER", "LOGINS", "PT", "PTA", "WAITING", "Login", "is_seeded", "seed"]
