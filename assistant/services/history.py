"""The visit context built from the store: the server, not the caller, owns a note's history.

- previous notes: the patient's newest signed notes up to the date of service (at most
  PREVIOUS_NOTES; copy-forward and unchanged-dose checks look at recent visits);
- treatment days since the last progress report: distinct dates of signed notes after the
  last signed progress report, re-evaluation or discharge, or from the last signed evaluation
  (which counts as day 1), else from the plan's first treatment day; this visit counts;
- year-to-date allowed: the spend carried in from before ptscribe plus this clinic's signed
  claims in the calendar year, in the note's KX bucket (PT and SLP share one, OT has its own).

Signed revisions never change, so their parsed notes are cached by content hash, and a
whole context is cached until the patient's history fingerprint changes (their signatures,
plans and the patient record itself, carried-in spend and payer included; checked with one
query in the caller's transaction): validating a note for a patient with hundreds of signed
notes costs one small query more than validating it with a context typed in.
"""

from collections import OrderedDict
from datetime import date

from assistant.domain.billing import MAX_YTD_ALLOWED, BillResult, Discipline, Role
from assistant.domain.context import VisitContext, requires_assistant_cosign
from assistant.domain.note import Note, NoteType
from assistant.domain.records import PatientRecord, PlanRecord
from assistant.store.history import SignedFact
from assistant.store.repo import Tx

PREVIOUS_NOTES = 10
_CACHE_SIZE = 4096
_parsed: OrderedDict[str, Note] = OrderedDict()
# Everything a context is built from besides the visit itself (see `fingerprint`).
Fingerprint = tuple[tuple[int, int, int], PatientRecord]
_contexts: OrderedDict[tuple[object, ...], tuple[Fingerprint, VisitContext]] = OrderedDict()


def fingerprint(tx: Tx, patient: PatientRecord) -> Fingerprint:
    """What the patient's visit contexts depend on, as of this transaction: signatures and
    plans are append-only, so their count and newest ids move exactly when the history
    does; the patient record (payer, carried-in spend) is compared whole."""
    return tx.history.version(patient.id), patient


def cosign_required(role: Role, context: VisitContext) -> bool:
    """The one co-signature decision: an assistant's note needs the supervising therapist's
    co-signature when the clinic's payer setting or the patient's plan asks for it.

    The store's context carries both (see `_build`: the plan's requirement is folded into
    the payer setting there), so the drafter, the validator's co-sign rules, note creation
    and signing all judge from the same context.
    """
    return role.is_assistant and requires_assistant_cosign(context)


def kx_bucket(discipline: Discipline) -> str:
    """The KX threshold is shared by PT and SLP; OT has its own."""
    return "OT" if discipline is Discipline.OT else "PT_SLP"


def allowed_of(claim: BillResult | None) -> float:
    """The claim's allowed amount: what the year-to-date total adds up.

    The engine's own figure at the Medicare rate, never a sum of the lines' expected
    payments (those follow the payer's fee-schedule percentage, which KX does not).
    """
    if claim is None:
        return 0.0
    if claim.allowed_amount is None:
        raise ValueError("the claim was not computed by the billing engine in this process")
    return claim.allowed_amount


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


def treatment_days(facts: list[SignedFact], day: date, plan: PlanRecord | None) -> int | None:
    since = plan.plan.first_treatment if plan else None
    # Every reassessment only a therapist writes counts as a progress report.
    kinds = {t.value for t in NoteType if t.therapist_only}
    reports = [
        f
        for f in facts
        if f.note_type in kinds
        and f.date_of_service < day
        and (since is None or f.date_of_service >= since)
    ]
    if reports:
        last = reports[-1]  # facts are oldest first
        # An evaluation is treatment day 1; a progress report closes the interval it covers.
        start = last.date_of_service
        if last.note_type != NoteType.EVALUATION:
            start = date.fromordinal(start.toordinal() + 1)
        extra: set[date] = set()
    elif since is not None:
        # The evaluation happened before ptscribe: the plan's first day stands for it.
        start, extra = since, {since}
    else:
        return None
    dates = {f.date_of_service for f in facts if start <= f.date_of_service <= day}
    return min(len(dates | extra | {day}), 1000)


def ytd_allowed(
    facts: list[SignedFact],
    clinic_id: int,
    patient: PatientRecord,
    day: date,
    discipline: Discipline,
) -> float:
    bucket = kx_bucket(discipline)
    carried = 0.0
    if patient.carried_in_year == day.year:
        carried = patient.carried_in_ot if bucket == "OT" else patient.carried_in_pt_slp
    signed = sum(
        f.allowed
        for f in facts
        if f.clinic_id == clinic_id and f.kx_bucket == bucket and f.date_of_service.year == day.year
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
    version: Fingerprint | None = None,
) -> VisitContext:
    """Everything the validator may know about this visit, read from the store.

    Cached per database, patient and visit; the cache entry is used only while the
    patient's fingerprint is exactly the one it was built from. `version`: the patient's
    fingerprint when the caller has just read it in this transaction.
    """
    key = (tx.token, clinic_id, patient.id, day, discipline, exclude_note)
    if version is None:
        version = fingerprint(tx, patient)
    hit = _contexts.get(key)
    if hit is not None and hit[0] == version:
        _contexts.move_to_end(key)
        return hit[1]
    context = _build(tx, clinic_id, patient, day, discipline, exclude_note, signed=version[0][0])
    _contexts[key] = (version, context)
    if len(_contexts) > _CACHE_SIZE:
        _contexts.popitem(last=False)
    return context


def _build(
    tx: Tx,
    clinic_id: int,
    patient: PatientRecord,
    day: date,
    discipline: Discipline,
    exclude_note: int | None,
    *,
    signed: int,
) -> VisitContext:
    """`signed`: how many signatures the patient has, as the fingerprint just read in this
    transaction counts them; with none, there are no signed notes or facts to read."""
    plan = tx.people.plan_for(patient.id, day)
    payer = patient.payer
    if plan is not None and plan.requires_cosign and not payer.requires_assistant_cosign:
        payer = payer.model_copy(update={"requires_assistant_cosign": True})
    facts = (
        tx.history.signed_facts(patient.id, through=day, exclude_note=exclude_note)
        if signed
        else []
    )
    return VisitContext(
        schema_version="1",
        plan_of_care=plan.plan if plan else None,
        treatment_days_since_progress_report=treatment_days(facts, day, plan),
        previous_notes=previous_notes(tx, patient.id, day, exclude_note) if signed else [],
        ytd_allowed=ytd_allowed(facts, clinic_id, patient, day, discipline),
        payer=payer,
    )
