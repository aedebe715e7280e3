"""An unsigned note as its readers are shown it, in ONE statement: the joined read of
store/current.py with its revision's findings and acknowledgements folded in as JSON arrays.

GET note and the review page read this on every view. As three statements in a transaction
it cost a BEGIN and a COMMIT round trip on PostgreSQL besides the two extra SELECTs; as one
statement it is consistent by itself, so it runs on the bare lookup connection
(`Database.lookup`). A signed note's view needs its signatures and addenda too, and is read
in a transaction as before (views.view_of).
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, select
from sqlalchemy.engine import Connection

from assistant.domain.findings import Finding
from assistant.domain.records import AckKind, Acknowledgement, PatientRecord
from assistant.errors import NotFoundError
from assistant.store.current import WITH_REVISION, CurrentNote, target_row
from assistant.store.direct import Direct
from assistant.store.ids import existing_id
from assistant.store.notes import revision_of
from assistant.store.people import patient_record
from assistant.store.tables import table

_NOTE, _REV, _FINDING, _ACK, _PATIENT = (
    table(n) for n in ("note", "revision", "finding", "acknowledgement", "patient")
)
# The review page shows the note's patient too: joined in, each column labelled pat_<name>.
_PATIENT_COLUMNS = tuple(c.label(f"pat_{c.name}") for c in _PATIENT.c)
_FINDING_FIELDS = ("id", "rule", "severity", "message", "path", "element", "hint")
_ACK_FIELDS = ("id", "rule", "path", "kind", "reason", "clinician_id", "created_at")


def _array(postgres: bool, source: Any, fields: tuple[str, ...]) -> ColumnElement[Any]:
    """The rows of `source` for the current revision as one JSON array of objects (order
    unspecified: the reader sorts them by id). Empty: '[]' on SQLite, NULL on PostgreSQL."""
    pairs: list[Any] = []
    for name in fields:
        # The keys are this module's constants, written into the SQL: as bound parameters
        # they were fourteen values for the driver to send with every read.
        pairs += [literal_column(f"'{name}'"), source.c[name]]
    obj = func.json_build_object(*pairs) if postgres else func.json_object(*pairs)
    agg = func.json_agg(obj) if postgres else func.json_group_array(obj)
    return select(agg).where(source.c.revision_id == _REV.c.id).scalar_subquery()


def _statement(postgres: bool, patient: bool) -> Select[Any]:
    statement = WITH_REVISION.add_columns(
        _array(postgres, _FINDING, _FINDING_FIELDS).label("findings_json"),
        _array(postgres, _ACK, _ACK_FIELDS).label("acks_json"),
    )
    if patient:
        statement = statement.add_columns(*_PATIENT_COLUMNS).join(
            _PATIENT, _PATIENT.c.id == _NOTE.c.patient_id
        )
    return statement


# By (PostgreSQL?, with the patient?); every view reads one, on the driver's cursor.
_SHOWN = {(pg, pat): Direct(_statement(pg, pat)) for pg in (False, True) for pat in (False, True)}


@dataclass(frozen=True, slots=True)
class ShownNote:
    current: CurrentNote
    findings: list[Finding]
    acknowledgements: list[Acknowledgement]
    patient: PatientRecord | None = None


def _rows(value: Any) -> list[dict[str, Any]]:
    # psycopg decodes json itself; SQLite hands back the text.
    rows: list[dict[str, Any]] = json.loads(value) if isinstance(value, str) else list(value or [])
    return sorted(rows, key=lambda r: int(r["id"]))


def _ack(revision: int, row: dict[str, Any]) -> Acknowledgement:
    return Acknowledgement(
        revision=revision,
        rule=row["rule"],
        path=row["path"],
        kind=AckKind(row["kind"]),
        reason=row["reason"],
        clinician_id=row["clinician_id"],
        at=_utc(row["created_at"]),
    )


def _utc(value: str) -> datetime:
    # What the column's type (sqlmodel's UTCDateTime) returns, from the text JSON holds:
    # SQLite's stored text, or PostgreSQL's timestamptz in the session's time zone.
    at = datetime.fromisoformat(value)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def shown_note(conn: Connection, note_id: int, *, patient: bool = False) -> ShownNote:
    """The note, its current revision, that revision's findings (in the order they were
    written) and its acknowledgements (in the order they were given); with `patient`, the
    note's patient too."""
    postgres = conn.dialect.name == "postgresql"
    statement = _SHOWN[postgres, patient]
    row = statement.first(conn, {"id": existing_id(note_id, "note")})
    if row is None:
        raise NotFoundError(f"no note {note_id}")
    current = CurrentNote(target_row(row), revision_of(row))
    findings = [
        Finding.model_validate({k: r[k] for k in _FINDING_FIELDS[1:]})
        for r in _rows(row.findings_json)
    ]
    number = current.revision.number
    acks = [_ack(number, r) for r in _rows(row.acks_json)]
    whose = None
    if patient:
        whose = patient_record(
            SimpleNamespace(**{c.name: getattr(row, f"pat_{c.name}") for c in _PATIENT.c})
        )
    return ShownNote(current, findings, acks, whose)
