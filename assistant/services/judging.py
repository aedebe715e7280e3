"""Judging a stored note with the store's history: the one review every lifecycle step
(revise, acknowledge, sign, amend) and every re-validation goes through.

Re-validating an unchanged revision is what a review screen and an EMR's polling do most;
`judged` keeps the last report per revision with the inputs it was judged from, and reuses
it only while all of them are unchanged: the revision's document (immutable once stored),
the patient's history fingerprint (their signatures, plans and record, see
history.fingerprint) and the imported reference tables (their import log's newest id). Any
signed note, plan or carried-in change for the patient, and any table import, judges afresh.
The inputs are read in the caller's transaction, so several processes on one database never
serve each other's stale reports.

A new draft's own report is kept the same way (`remember`), so signing a draft nothing has
touched since does not validate it a second time. It is kept only when it is provably the
report `judged` would compute: the stored document is the very values reviewed (same types
too, see `_identical`; the store hands back the object it was given, so this tells apart a
document changed after its review, such as the supervisor an assistant's note gains), its
history is looked up with the same arguments, and the fingerprint and tables it was judged
from are the ones read when its context was built.
"""

import threading
from collections import OrderedDict
from datetime import date
from typing import Any

from pydantic import BaseModel

from assistant.domain.billing import Discipline
from assistant.domain.context import VisitContext
from assistant.domain.lifecycle import SIGNED_STATUSES
from assistant.domain.note import Note
from assistant.domain.records import NoteState, PatientRecord
from assistant.domain.validation import ValidationReport
from assistant.rules.validation import review
from assistant.services.history import Fingerprint, fingerprint, visit_context
from assistant.services.icd import icd_code_set
from assistant.services.reference import tables
from assistant.store.current import CurrentNote
from assistant.store.history import patient_versions
from assistant.store.notes import StoredRevision
from assistant.store.repo import Tx

__all__ = [
    "ContextArgs",
    "JudgedFrom",
    "context_args",
    "fingerprint",
    "judged",
    "judged_from",
    "judged_in_context",
    "remember",
    "review_stored",
    "stored_context",
]

_MEMO_SIZE = 4096
# What a report was judged from besides the document: the patient's history fingerprint and
# the reference tables' version.
JudgedFrom = tuple[Fingerprint, int]
# How a note's history is looked up: clinic, patient, day, discipline, note excluded.
ContextArgs = tuple[int, int, date, Discipline, int | None]
# Each entry keeps the revision's stored JSON too: a hit needs the very text it was judged
# from, so a revision row changed behind the service's back (raw SQL, a repair) is judged
# afresh. Threads share the memo: its reads and writes hold the lock.
_memo: OrderedDict[tuple[str, int, int], tuple[JudgedFrom, str, ValidationReport]] = OrderedDict()
_lock = threading.Lock()


def context_args(state: NoteState, note: Note) -> ContextArgs:
    # The history is read from signatures, and a note gets one only as it leaves review:
    # before that, excluding it excludes nothing, and the context is the one its draft was
    # judged with (still checked against the patient's signatures in this transaction).
    signed = state.status in SIGNED_STATUSES
    exclude = state.id if signed else None
    return state.clinic_id, state.patient_id, note.date_of_service, note.discipline, exclude


def stored_context(
    tx: Tx,
    state: NoteState,
    note: Note,
    *,
    patient: PatientRecord | None = None,
    version: Fingerprint | None = None,
) -> VisitContext:
    """The history of this note's patient up to the document's date, the note excluded.
    `patient` and `version`: the note's patient and their fingerprint, when just read."""
    clinic, patient_id, day, discipline, exclude = context_args(state, note)
    return visit_context(
        tx,
        clinic,
        patient if patient is not None else tx.people.patient(patient_id),
        day=day,
        discipline=discipline,
        exclude_note=exclude,
        version=version,
    )


def judged_from(tx: Tx, patient: PatientRecord) -> JudgedFrom:
    """The inputs a report of this patient's note is reused by, as of this transaction:
    `fingerprint` and the tables' version, in one statement."""
    history, imported = tx.history.versions(patient.id)
    return (history, patient), imported


def review_stored(tx: Tx, state: NoteState, note: Note) -> ValidationReport:
    """Validate a document as this note with the store's history: revise, acknowledge, sign
    and amend all judge through here."""
    imported = tables(tx)
    context = stored_context(tx, state, note)
    return review(note, context, imported.ncci, imported.fees, icd=icd_code_set())


def judged(tx: Tx, state: NoteState, stored: StoredRevision) -> ValidationReport:
    """`review_stored` of a stored revision, reused while its inputs are unchanged."""
    return _judged(tx, state, stored, want_context=False)[1]


def judged_in_context(
    tx: Tx, state: NoteState, stored: StoredRevision
) -> tuple[VisitContext, ValidationReport]:
    """`judged`, with the context it stands for (signing decides the co-signature by it)."""
    context, report = _judged(tx, state, stored, want_context=True)
    assert context is not None
    return context, report


def _judged(
    tx: Tx, state: NoteState, stored: StoredRevision, *, want_context: bool
) -> tuple[VisitContext | None, ValidationReport]:
    key = (tx.token, state.id, stored.id)
    # The patient and what the memo is keyed on, in one statement (`judged_from`'s figures).
    patient, history, version = tx.history.patient_versions(state.patient_id)
    inputs: JudgedFrom = ((history, patient), version)
    note = stored.note
    found = _hit(key, inputs, stored.note_json)
    if found is not None:
        if not want_context:
            return None, found
        return stored_context(tx, state, note, patient=patient, version=inputs[0]), found
    context = stored_context(tx, state, note, patient=patient, version=inputs[0])
    imported = tables(tx, inputs[1])
    report = review(note, context, imported.ncci, imported.fees, icd=icd_code_set())
    _keep(key, inputs, stored.note_json, report)
    return context, report


def known_report(conn: Any, token: str, current: CurrentNote) -> ValidationReport | None:
    """The report this process already judged for `current`'s revision under the inputs that
    stand now, read in ONE statement on a bare lookup connection; None: judge it in a
    transaction (`judged`). The statement that read `current` came first: whatever commits
    between the two, a hit is that revision's report under the history as it then stood,
    what a transaction begun at the second statement finds for that revision."""
    state, stored = current.target.state, current.revision
    patient, history, version = patient_versions(conn, state.patient_id)
    return _hit((token, state.id, stored.id), ((history, patient), version), stored.note_json)


def _hit(key: tuple[str, int, int], inputs: JudgedFrom, text: str) -> ValidationReport | None:
    with _lock:
        hit = _memo.get(key)
        if hit is None or hit[0] != inputs or hit[1] != text:
            return None
        _memo.move_to_end(key)
        return hit[2]


def remember(
    token: str,
    state: NoteState,
    stored: StoredRevision,
    *,
    reviewed: Note,
    drafted_with: ContextArgs,
    inputs: JudgedFrom,
    report: ValidationReport,
) -> None:
    """Keep the report a document was judged with before it was stored as this revision
    (a new draft's), when it is provably the one `judged` would compute for the revision:
    `drafted_with` are the arguments its context was looked up with and `inputs` what that
    context and the tables were read at. Call it only after the revision is committed: a
    rolled-back id may be given to another revision."""
    note = stored.note
    if context_args(state, note) != drafted_with or not _identical(note, reviewed):
        return  # e.g. a supervisor added after the review, or a date the drafter moved
    _keep((token, state.id, stored.id), inputs, stored.note_json, report)


def _keep(
    key: tuple[str, int, int], inputs: JudgedFrom, text: str, report: ValidationReport
) -> None:
    with _lock:
        _memo[key] = (inputs, text, report)
        _memo.move_to_end(key)
        if len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)


def _identical(a: Any, b: Any) -> bool:
    """The same values of the same types all the way down, fields left out of dumps
    included: `==` alone would take 2 for 2.0, -0.0 for 0.0, a plain string for its enum
    member or one instant in two time zones, which a rule's message may tell apart."""
    pending = [(a, b)]
    while pending:
        x, y = pending.pop()
        kind = type(x)
        if kind is not type(y):
            return False
        if kind in _EXACT:
            if x != y:
                return False
        elif isinstance(x, BaseModel):
            pending.append((x.__dict__, y.__dict__))
            pending.append((x.__pydantic_extra__, y.__pydantic_extra__))
            pending.append((x.__pydantic_private__, y.__pydantic_private__))
        elif kind is dict:
            if x.keys() != y.keys():
                return False
            pending.extend((v, y[k]) for k, v in x.items())
        elif kind is list or kind is tuple:
            if len(x) != len(y):
                return False
            pending.extend(zip(x, y, strict=True))
        elif x != y or repr(x) != repr(y):
            return False
    return True


_EXACT = frozenset({str, int, bool, type(None)})  # equal values of these print the same
