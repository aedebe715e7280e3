"""Note store throughput: full lifecycles per second and validate-with-history latency.

A lifecycle is one session from dictation -> offline draft (validated with the store's
history) -> sign (re-validated with the history in the signing transaction), each for a new
patient so no cloned-text warning stands in the way. It is timed twice: in this one process,
and in one process per core (at least two, see lifecycle_procs.py) on the same database,
started together from a barrier, whose total rate is what a server with a worker per core
offers. Then, for one patient with 200 signed notes, validating a new note with the history
read from the store is timed against validating it with a context the caller typed in (plan
and payer, no history).
Goals: >= 200 lifecycles/s on SQLite in total over one process per core (the one-process
rate is printed beside it); validate-with-history p99 < 3x validate without.

Runs on SQLite in a temporary folder, and on PostgreSQL when DATABASE_URL is set or the
local server (postgresql+psycopg://postgres@127.0.0.1:5432/test) answers, in a throwaway
schema.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from lifecycle_procs import add_patients, lifecycle, multi_process, processes, timers

from assistant.domain.billing import Role
from assistant.domain.context import PayerSettings, VisitContext
from assistant.errors import SignBlockedError
from assistant.rules.validation import review
from assistant.services import notes, people, signing
from assistant.services.icd import icd_code_set
from assistant.settings import Settings
from assistant.store import migrate
from assistant.store.db import Database, StoreError, scratch_schema

ROOT = Path(__file__).resolve().parents[1]
LIFECYCLES = int(sys.argv[1]) if len(sys.argv) > 1 else 300
HISTORY = 200
SAMPLES = 300
LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEXT = (ROOT / "bench" / "data" / "clean_dictation.txt").read_text(encoding="utf-8")


def _seed(db: Database) -> None:
    people.add_clinician(db, name="Pat Lee", credentials="PT, DPT", role=Role.PT, email="pt@b")
    # A commercial payer: 200 daily notes in a row need no Medicare progress reports.
    people.add_patient(
        db,
        name="Hist Patient",
        date_of_birth=date(1950, 1, 1),
        mrn="H-0",
        carried_in_year=2025,
        payer=PayerSettings(name="Aetna", medicare_rules=False),
    )
    people.add_plan(
        db,
        mrn="H-0",
        first_treatment=date(2025, 1, 2),
        certified_through=date(2025, 12, 31),
        goals=["Stairs"],
    )


def _signable(db: Database, mrn: str, day: date) -> int:
    view = notes.new_session(db, TEXT, mrn=mrn, clinician_email="pt@b", day=day, timers=timers(day))
    try:
        signing.sign(db, view.note_id, revision=1, clinician_email="pt@b")
    except SignBlockedError as exc:  # setup only: acknowledge what a reviewer would
        for f in exc.findings:
            notes.acknowledge(db, view.note_id, revision=1, rule=f["rule"], path=f["path"])
        signing.sign(db, view.note_id, revision=1, clinician_email="pt@b")
    return view.note_id


def lifecycles(db: Database) -> tuple[float, float]:
    """(per wall-clock second, CPU milliseconds of this process per lifecycle)."""
    mrns = add_patients(db, "L", LIFECYCLES)
    blocked = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for mrn in mrns:
        findings = lifecycle(db, TEXT, mrn)
        if findings:
            blocked += 1
            if blocked == 1:
                print(f"blocked: {findings}")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if blocked:
        raise SystemExit(f"{blocked} lifecycles were blocked: the bench dictation needs review")
    return LIFECYCLES / elapsed, cpu / LIFECYCLES * 1000


Timings = tuple[list[float], list[float], list[float], list[float]]


def latency(db: Database) -> Timings:
    """Wall and CPU milliseconds per call, with history and without."""
    day = date(2025, 1, 2)
    for i in range(HISTORY):
        _signable(db, "H-0", day + timedelta(days=i))
    last = day + timedelta(days=HISTORY)
    note_id = notes.new_session(
        db, TEXT, mrn="H-0", clinician_email="pt@b", day=last, timers=timers(last)
    ).note_id
    with db.transaction() as tx:
        doc = tx.notes.revision(note_id, 1).note
        patient = tx.people.patient_by_mrn(tx.people.clinic_id(), "H-0")
        plan = tx.people.plan_for(patient.id, doc.date_of_service)
    typed_in = VisitContext(
        schema_version="1", plan_of_care=plan.plan if plan else None, payer=patient.payer
    )
    hist, plain, hist_cpu, plain_cpu = [], [], [], []
    icd = icd_code_set()
    clock, cpu = time.perf_counter, time.process_time
    for _ in range(SAMPLES):
        t0, c0 = clock(), cpu()
        report = notes.check(db, note_id)
        t1, c1 = clock(), cpu()
        review(doc, typed_in, icd=icd)
        t2, c2 = clock(), cpu()
        hist.append((t1 - t0) * 1000)
        plain.append((t2 - t1) * 1000)
        hist_cpu.append((c1 - c0) * 1000)
        plain_cpu.append((c2 - c1) * 1000)
    assert any(f.rule == "AU001" for f in report.findings), "the history was not used"
    return hist, plain, hist_cpu, plain_cpu


def _p(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1] if q < 100 else max(values)
    )


def run(name: str, settings: Settings) -> None:
    db = Database.from_settings(settings)
    migrate.upgrade(db)
    _seed(db)
    rate, cpu_ms = lifecycles(db)
    total, procs_cpu_ms = multi_process(db, settings, TEXT, LIFECYCLES)
    hist, plain, hist_cpu, plain_cpu = latency(db)
    db.dispose()
    print(
        f"{name}: {total:.1f} lifecycles/s in total over {processes()} processes "
        f"({procs_cpu_ms:.2f} ms CPU each; goal >= 200/s on SQLite); one process: "
        f"{rate:.1f}/s ({cpu_ms:.2f} ms CPU each)"
    )
    for label, a, b in (("wall", hist, plain), ("cpu", hist_cpu, plain_cpu)):
        print(
            f"  validate with history ({HISTORY} signed notes), {label}: p50 {_p(a, 50):.2f} ms "
            f"p99 {_p(a, 99):.2f} ms; without history p50 {_p(b, 50):.2f} ms "
            f"p99 {_p(b, 99):.2f} ms; p99 ratio {_p(a, 99) / _p(b, 99):.2f}x (goal < 3x)"
        )
    # On PostgreSQL the server's own CPU is not in this process's figures.


def _postgres() -> Settings | None:
    settings = Settings(database_url=os.environ.get("DATABASE_URL") or LOCAL_PG)
    try:
        migrate.current(Database.from_settings(settings))
    except StoreError as exc:  # no server: the SQLite figures still stand
        print(f"postgresql skipped: {exc}")
        return None
    return settings


def main() -> None:
    icd_code_set()  # load the ICD-10-CM code set outside the clock
    with tempfile.TemporaryDirectory() as home:
        run("sqlite", Settings(home=Path(home)))
    settings = _postgres()
    if settings is None:
        return
    with scratch_schema(settings, "ptscribe_bench") as url, tempfile.TemporaryDirectory() as home:
        run("postgresql", Settings(home=Path(home), database_url=url))


if __name__ == "__main__":
    main()
