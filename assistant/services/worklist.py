"""The lists a clinician works from and a patient's chart: read-only views over the store.

Who may see which list is decided by services.access before these are called; these only
scope by the clinic and clinician they are given. Nothing here writes an audit event except
the chart, which shows clinical content (earlier notes' exercises) and so records a view.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from assistant.domain.lifecycle import SIGNED_STATUSES, NoteStatus
from assistant.domain.note import Exercise, Note
from assistant.domain.records import AuditEvent, PatientRecord, PlanRecord
from assistant.errors import NotFoundError
from assistant.services.audit import Action, now_utc, record
from assistant.services.views import NoteView, note_view
from assistant.store.db import Database
from assistant.store.listing import AuditFilter, ListingRepo, NoteItem, SessionItem

__all__ = [
    "AuditFilter",
    "Chart",
    "NoteItem",
    "Point",
    "Progression",
    "SessionItem",
    "Worklist",
    "audit_trail",
    "chart",
    "cosign_queue",
    "current",
    "patient_plan",
    "patients",
    "signed_notes",
    "worklist",
]


@dataclass(frozen=True)
class Worklist:
    in_review: list[NoteItem]
    to_cosign: list[NoteItem]
    signed_today: list[NoteItem]
    undrafted: list[SessionItem]


@dataclass(frozen=True)
class Point:
    """One visit's dose of one exercise."""

    day: date
    sets: int | None
    reps: int | None
    load: float | None
    load_label: str  # "2 lb", "red band", "bodyweight" or ""


@dataclass(frozen=True)
class Progression:
    name: str
    points: list[Point] = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    patient: PatientRecord
    plan: PlanRecord | None
    notes: list[NoteItem]
    progressions: list[Progression]


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0, tzinfo=UTC))
    return start, start + timedelta(days=1)


def worklist(
    db: Database, *, clinic_id: int, clinician_id: int, today: date | None = None
) -> Worklist:
    today = today or now_utc().date()
    with db.reading() as tx:
        repo = ListingRepo(tx.session)
        start, end = _day_bounds(today)
        return Worklist(
            in_review=repo.notes_of(clinic_id, clinician_id, [NoteStatus.IN_REVIEW]),
            to_cosign=repo.awaiting_cosign(clinic_id, clinician_id),
            signed_today=repo.signed_between(clinic_id, clinician_id, start, end),
            undrafted=repo.undrafted_sessions(clinic_id, clinician_id),
        )


def current(db: Database, note_id: int) -> NoteView:
    """The note as it stands, read without a view event: for a save, which applies the form
    to it (the page that showed the note recorded the view when it was opened)."""
    with db.reading() as tx:
        return note_view(tx, note_id)


def cosign_queue(db: Database, *, clinic_id: int, supervisor_id: int) -> list[NoteItem]:
    with db.reading() as tx:
        return ListingRepo(tx.session).awaiting_cosign(clinic_id, supervisor_id)


def signed_notes(db: Database, *, clinic_id: int) -> list[NoteItem]:
    """Every signed note of the clinic, newest visit first (what a biller works from)."""
    with db.reading() as tx:
        return ListingRepo(tx.session).notes_in(clinic_id, sorted(SIGNED_STATUSES))


def patients(db: Database, *, clinic_id: int) -> list[PatientRecord]:
    with db.reading() as tx:
        return ListingRepo(tx.session).patients(clinic_id)


def patient_plan(
    db: Database, *, clinic_id: int, patient_id: int, day: date | None = None
) -> tuple[PatientRecord, PlanRecord | None]:
    """The patient (404 outside the clinic) and the plan of care in force on the day."""
    with db.reading() as tx:
        patient = _patient_in(tx.people.patient(patient_id), clinic_id)
        return patient, tx.people.plan_for(patient.id, day or now_utc().date())


def _patient_in(patient: PatientRecord, clinic_id: int) -> PatientRecord:
    if patient.clinic_id != clinic_id:
        raise NotFoundError(f"no patient {patient.id}")
    return patient


def _load_label(ex: Exercise) -> str:
    if ex.load is not None:
        unit = ex.load_unit.value if ex.load_unit else ""
        return f"{ex.load:g} {unit}".strip()
    if ex.band_colour.strip():
        return f"{ex.band_colour.strip()} band"
    return ex.load_unit.value if ex.load_unit else ""


def progressions(notes: list[tuple[date, Note]]) -> list[Progression]:
    """Each exercise's dose across signed visits, in date order, by its canonical name and
    side (a left and a right straight leg raise are two series)."""
    series: dict[str, list[Point]] = {}
    for day, note in sorted(notes, key=lambda pair: pair[0]):
        for intervention in note.interventions:
            for ex in intervention.exercises:
                name = f"{ex.side.value} {ex.name}" if ex.side else ex.name
                series.setdefault(name, []).append(
                    Point(day, ex.sets, ex.reps, ex.load, _load_label(ex))
                )
    return [Progression(name, points) for name, points in sorted(series.items())]


def chart(db: Database, *, clinic_id: int, patient_id: int, actor: str) -> Chart:
    with db.transaction() as tx:
        repo = ListingRepo(tx.session)
        patient = _patient_in(tx.people.patient(patient_id), clinic_id)
        signed = [
            (day, Note.model_validate_json(text))
            for day, text in repo.signed_notes_json(patient.id)
        ]
        record(tx, actor, Action.VIEW, detail=f"chart of patient {patient.id}")
        return Chart(
            patient=patient,
            plan=tx.people.plan_for(patient.id, now_utc().date()),
            notes=repo.notes_of_patient(clinic_id, patient.id),
            progressions=progressions(signed),
        )


def audit_trail(db: Database, which: AuditFilter, *, clinic_id: int) -> list[AuditEvent]:
    """One clinic's trail, newest first (the same scope as the API's audit pages)."""
    with db.reading() as tx:
        return ListingRepo(tx.session).audit_events(which, clinic_id)
