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
"""

from collections import OrderedDict

from assistant.domain.context import VisitContext
from assistant.domain.lifecycle import SIGNED_STATUSES
from assistant.domain.note import Note
from assistant.domain.records import NoteState
from assistant.domain.validation import ValidationReport
from assistant.rules.validation import review
from assistant.services.history import Fingerprint, fingerprint, visit_context
from assistant.services.icd import icd_code_set
from assistant.services.reference import tables
from assistant.store.notes import StoredRevision
from assistant.store.repo import Tx

__all__ = ["fingerprint", "judged", "review_stored", "stored_context"]

_MEMO_SIZE = 4096
_Inputs = tuple[Fingerprint, int]
_memo: OrderedDict[tuple[str, int, int], tuple[_Inputs, ValidationReport]] = OrderedDict()


def stored_context(tx: Tx, state: NoteState, note: Note) -> VisitContext:
    """The history of this note's patient up to the document's date, the note excluded."""
    # The history is read from signatures, and a note gets one only as it leaves review:
    # before that, excluding it excludes nothing, and the context is the one its draft was
    # judged with (still checked against the patient's signatures in this transaction).
    signed = state.status in SIGNED_STATUSES
    return visit_context(
        tx,
        state.clinic_id,
        tx.people.patient(state.patient_id),
        day=note.date_of_service,
        discipline=note.discipline,
        exclude_note=state.id if signed else None,
    )


def review_stored(tx: Tx, state: NoteState, note: Note) -> ValidationReport:
    """Validate a document as this note with the store's history: revise, acknowledge, sign
    and amend all judge through here."""
    imported = tables(tx)
    context = stored_context(tx, state, note)
    return review(note, context, imported.ncci, imported.fees, icd=icd_code_set())


def judged(tx: Tx, state: NoteState, stored: StoredRevision) -> ValidationReport:
    """`review_stored` of a stored revision, reused while its inputs are unchanged."""
    key = (tx.token, state.id, stored.id)
    inputs = (fingerprint(tx, tx.people.patient(state.patient_id)), tx.reference.version())
    hit = _memo.get(key)
    if hit is not None and hit[0] == inputs:
        _memo.move_to_end(key)
        return hit[1]
    report = review_stored(tx, state, stored.note)
    _memo[key] = (inputs, report)
    if len(_memo) > _MEMO_SIZE:
        _memo.popitem(last=False)
    return report
