"""Export throughput over 10,000 signed notes: billing-feed lines per second, PDF pages per
second.

Seeding: one note goes through the real lifecycle (offline draft, acknowledgements, sign);
its signed revision and claim, as the store holds them, are then written again for 10,000
notes spread over 2025 and 200 patients through the store's own repositories (session, note,
revision, signature, status), each with its own date and hash. That takes seconds, where
10,000 real lifecycles would take many minutes, and the rows are the shape signing writes.

Measured: `claims_feed` over the whole year (one export of every line, the range query,
the claim parsing and the people lookups) plus its CSV; then `note_pdf` (the service call a
user makes, audit event included) for a sample of the notes, since rendering all 10,000 would
take far longer than this bench should. Page counts come from poppler's pdfinfo.

Usage: python bench/export_bench.py [NOTES] [PDF_SAMPLE]
"""

import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from assistant.domain.billing import Role
from assistant.domain.lifecycle import NoteStatus
from assistant.domain.note import Note
from assistant.domain.records import SessionStatus, SignatureKind
from assistant.errors import SignBlockedError
from assistant.services import exports, notes, people, signing
from assistant.services.audit import now_utc
from assistant.services.history import allowed_of, kx_bucket
from assistant.settings import Settings
from assistant.store import migrate
from assistant.store.db import Database

ROOT = Path(__file__).resolve().parents[1]
NOTES = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
PDF_SAMPLE = int(sys.argv[2]) if len(sys.argv) > 2 else 40
PATIENTS = 200
BATCH = 500
TEXT = (ROOT / "examples" / "dictation.txt").read_text(encoding="utf-8")
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _template(db: Database) -> int:
    people.add_clinician(
        db, name="Pat Lee", credentials="PT, DPT", role=Role.PT, email="pt@b", npi="1234567893"
    )
    for i in range(PATIENTS):
        people.add_patient(
            db,
            name=f"Patient {i}",
            date_of_birth=date(1950, 1, 1) + timedelta(days=i),
            mrn=f"B-{i}",
        )
    people.add_plan(
        db, mrn="B-0", first_treatment=date(2025, 5, 1), certified_through=date(2025, 7, 29)
    )
    view = notes.new_session(db, TEXT, mrn="B-0", clinician_email="pt@b", day=date(2025, 6, 2))
    try:
        signing.sign(db, view.note_id, revision=1, clinician_email="pt@b")
    except SignBlockedError as exc:  # setup only: acknowledge what a reviewer would
        for f in exc.findings:
            notes.acknowledge(db, view.note_id, revision=1, rule=f["rule"], path=f["path"])
        signing.sign(db, view.note_id, revision=1, clinician_email="pt@b")
    return view.note_id


def seed(db: Database, template_id: int) -> None:
    with db.transaction() as tx:
        stored = tx.notes.revision(template_id, 1)
        claim = tx.notes.signed(template_id).claim  # type: ignore[union-attr]
        clinic = tx.people.clinic_id()
        clinician = tx.people.clinician_by_email("pt@b")
        patients = [tx.people.patient_by_mrn(clinic, f"B-{i}").id for i in range(PATIENTS)]
    base = stored.note
    days = (YEAR[1] - YEAR[0]).days + 1
    for start in range(0, NOTES, BATCH):
        with db.transaction() as tx:
            for i in range(start, min(start + BATCH, NOTES)):
                day = YEAR[0] + timedelta(days=i % days)
                note: Note = base.model_copy(update={"date_of_service": day})
                patient_id = patients[i % PATIENTS]
                session = tx.people.add_session(
                    clinic,
                    patient_id=patient_id,
                    clinician_id=clinician.id,
                    raw_input=TEXT,
                    timers=[],
                    note_type=note.note_type,
                    date_of_service=day,
                    backend="offline",
                    status=SessionStatus.DRAFTED,
                    failure="",
                    now=now_utc(),
                )
                state = tx.notes.create(
                    clinic,
                    session_id=session.id,
                    patient_id=patient_id,
                    clinician_id=clinician.id,
                    requires_cosign=False,
                    now=now_utc(),
                )
                revision = tx.notes.add_revision(
                    state.id,
                    number=1,
                    base_revision=None,
                    note=note,
                    claim=claim,
                    findings=[],
                    author_id=clinician.id,
                    now=now_utc(),
                )
                tx.notes.add_signature(
                    state,
                    kind=SignatureKind.SIGN,
                    revision_id=revision.id,
                    signer=clinician,
                    sha256=signing.revision_hash(revision.note_json),
                    note=note,
                    claim=claim,
                    allowed=allowed_of(claim)
                    if claim and claim.allowed_amount is not None
                    else 0.0,
                    kx_bucket=kx_bucket(note.discipline),
                    now=now_utc(),
                )
                tx.notes.advance(
                    state.id,
                    from_revision=0,
                    from_status=NoteStatus.DRAFT,
                    to_revision=1,
                    to_status=NoteStatus.SIGNED,
                )


def _pages(pdf: bytes) -> int | None:
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)$", info.stdout.decode(), re.MULTILINE)
    return int(found.group(1)) if found else None


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        db = Database.from_settings(Settings(home=Path(home)))
        migrate.upgrade(db)
        t0 = time.perf_counter()
        template = _template(db)
        seed(db, template)
        print(
            f"seeded {NOTES} signed notes (+1 real lifecycle) in {time.perf_counter() - t0:.1f} s"
        )

        t0, c0 = time.perf_counter(), time.process_time()
        feed = exports.claims_feed(db, *YEAR, actor="bench")
        text = exports.feed_csv(feed)
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
        lines = len(feed.lines)
        assert feed.notes == NOTES + 1, feed.notes
        print(
            f"billing feed (build + CSV): {lines} lines from {feed.notes} notes in {total:.2f} s: "
            f"{lines / total:,.0f} lines/s wall, {lines / cpu:,.0f} per CPU-second "
            f"(CSV {len(text) / 1e6:.1f} MB)"
        )

        exports.note_pdf(db, template, actor="bench")  # fonts and templates load once
        step = max(1, NOTES // PDF_SAMPLE)
        ids = list(range(template + 1, template + 1 + NOTES, step))[:PDF_SAMPLE]
        pages, elapsed, cpu = 0, 0.0, 0.0
        for note_id in ids:
            t0, c0 = time.perf_counter(), time.process_time()
            pdf = exports.note_pdf(db, note_id, actor="bench")
            elapsed += time.perf_counter() - t0
            cpu += time.process_time() - c0
            pages += _pages(pdf) or 0
        per_note = elapsed / len(ids)
        if pages:
            rate = f"{pages / elapsed:.2f} pages/s wall, {pages / cpu:.2f} per CPU-second"
        else:
            rate = "pages not counted (no pdfinfo)"
        print(
            f"pdf: {len(ids)} of the notes, {pages} pages in {elapsed:.1f} s: {rate}; "
            f"{per_note * 1000:.0f} ms per note wall"
        )
        db.dispose()


if __name__ == "__main__":
    main()
