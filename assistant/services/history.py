"""The visit context built from the store: the server, not the caller, owns a note's history.

- previous notes: the patient's newest signed notes up to the date of service (at most
  PREVIOUS_NOTES; copy-forward and unchanged-dose checks look at recent visits);
- treatment days since the last progress report: distinct dates of signed notes after the
  last signed progress report, re-evaluation or discharge, or from the last signed evaluation
  (which counts as day 1), else from the plan's first treatment day; this visit counts;
- year-to-date allowed: the spend carried in from before ptscribe plus this clinic's signed
  claims in the calendar year, in the note's KX bucket (PT and SLP share one, OT has its own).

Signed revisions never change, so their parsed notes are cached by content hash: validating
a note for a patient with hundreds of signed notes parses only the ones it has not seen.
"""

from collections import OrderedDict
from datetime import date

from assistant.domain.billing import MAX_YTD_ALLOWED, BillResult, Discipline
from assistant.domain.context import VisitContext
from assistant.domain.note import Note, NoteType
from assistant.domain.records import PatientRecord, PlanRecord
from assistant.store.repo import Tx

PREVIOUS_NOTES = 10
REPORTS = (NoteType.PROGRESS_REPORT, NoteType.RE_EVALUATION, NoteType.DISCHARGE)
EVALUATIONS = (NoteType.EVALUATION,)
_CACHE_SIZE = 4096
_parsed: OrderedDict[str, Note] = OrderedDict()


def kx_bucket(discipline: Discipline) -> str:
    """The KX threshold is shared by PT and SLP; OT has its own."""
    return "OT" if discipline is Discipline.OT else "PT_SLP"


def allowed_of(claim: BillResult | None) -> float:
    """The claim's allowed amount: what the year-to-date total adds up."""
    if claim is None:
        return 0.0
    return round(sum(line.expected_payment or 0.0 for line in claim.lines), 2)


def _note(sha256: str, text: str) -> Note:
    found = _parsed.get(sha256)
    if found is None:
        found = Note.model_validate_json(text)
        _parsed[sha256] = found
        if len(_parsed) > _CACHE_SIZE:
            _parsed.popitem(last=False)
    return found


def previous_notes(tx: Tx, patient_id: int, day: date, exclude_note: int | None) -> list[Note]:
    rows = tx.history.signed_notes(
        patient_id, through=day, exclude_note=exclude_note, limit=PREVIOUS_NOTES
    )
    return [_note(r.sha256, r.note_json) for r in rows]


def treatment_days(
    tx: Tx, patient_id: int, day: date, plan: PlanRecord | None, exclude_note: int | None
) -> int | None:
    since = plan.plan.first_treatment if plan else None
    types = [t.value for t in (*REPORTS, *EVALUATIONS)]
    last = tx.history.last_report(patient_id, before=day, since=since, report_types=types)
    if last is not None:
        report_day, kind = last
        # An evaluation is treatment day 1; a progress report closes the interval it covers.
        start = report_day if kind in EVALUATIONS else date.fromordinal(report_day.toordinal() + 1)
        extra: set[date] = set()
    elif since is not None:
        # The evaluation happened before ptscribe: the plan's first day stands for it.
        start, extra = since, {since}
    else:
        return None
    dates = tx.history.treatment_dates(
        patient_id, start=start, through=day, exclude_note=exclude_note
    )
    return min(len(dates | extra | {day}), 1000)


def ytd_allowed(
    tx: Tx,
    clinic_id: int,
    patient: PatientRecord,
    day: date,
    discipline: Discipline,
    exclude_note: int | None,
) -> float:
    bucket = kx_bucket(discipline)
    carried = 0.0
    if patient.carried_in_year == day.year:
        carried = patient.carried_in_ot if bucket == "OT" else patient.carried_in_pt_slp
    signed = tx.history.signed_allowed(
        clinic_id,
        patient.id,
        bucket=bucket,
        start=date(day.year, 1, 1),
        through=day,
        exclude_note=exclude_note,
    )
    return min(round(carried + signed, 2), MAX_YTD_ALLOWED)


def visit_context(
    tx: Tx,
    clinic_id: int,
    patient: PatientRecord,
    *,
    day: date,
    discipline: Discipline,
    exclude_note: int | None = None,
) -> VisitContext:
    """Everything the validator may know about this visit, read from the store."""
    plan = tx.people.plan_for(patient.id, day)
    payer = patient.payer
    if plan is not None and plan.requires_cosign and not payer.requires_assistant_cosign:
        payer = payer.model_copy(update={"requires_assistant_cosign": True})
    return VisitContext(
        schema_version="1",
        plan_of_care=plan.plan if plan else None,
        treatment_days_since_progress_report=treatment_days(
            tx, patient.id, day, plan, exclude_note
        ),
        previous_notes=previous_notes(tx, patient.id, day, exclude_note),
        ytd_allowed=ytd_allowed(tx, clinic_id, patient, day, discipline, exclude_note),
        payer=payer,
    )
