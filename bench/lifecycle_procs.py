"""Note lifecycles from one process per core on one database: the store bench's total figure.

Each worker process drafts and signs its own patients' notes (seeded by the parent, outside
the clock), warms up on a few of them, then waits at a barrier with the others; the total
rate is all their lifecycles over the span from the first start to the last finish (the
monotonic clock is shared by the processes of one machine). Workers are spawned, not
forked, so none inherits the parent's connections or caches.
"""

import multiprocessing as mp
import os
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from multiprocessing.synchronize import Barrier
from pathlib import Path
from queue import Queue

from assistant.domain.billing import TimerSegment
from assistant.errors import SignBlockedError
from assistant.services import notes, people, signing
from assistant.services.icd import icd_code_set
from assistant.settings import Settings
from assistant.store.db import Database

WARM_UP = 5
DAY = date(2025, 6, 2)


def timers(day: date) -> list[TimerSegment]:
    """The clinic's timers for the dictated services: 25 min of 97110, 10 of 97140."""
    start = datetime.combine(day, dt_time(9, 0))
    return [
        TimerSegment(code="97110", start=start, end=start + timedelta(minutes=25)),
        TimerSegment(
            code="97140", start=start + timedelta(minutes=25), end=start + timedelta(minutes=35)
        ),
    ]


def add_patients(db: Database, prefix: str, count: int) -> list[str]:
    """New patients with a plan of care each, so no note copies another's."""
    mrns = [f"{prefix}-{i}" for i in range(count)]
    for i, mrn in enumerate(mrns):
        people.add_patient(
            db, name=f"P {prefix}{i}", date_of_birth=date(1960, 1, 1), mrn=mrn, carried_in_year=2025
        )
        people.add_plan(db, mrn=mrn, first_treatment=date(2025, 6, 1), goals=["Stairs"])
    return mrns


def lifecycle(db: Database, text: str, mrn: str) -> list[dict[str, str]]:
    """Draft a session and sign it; what blocked the signature, if anything."""
    view = notes.new_session(db, text, mrn=mrn, clinician_email="pt@b", day=DAY, timers=timers(DAY))
    try:
        signing.sign(db, view.note_id, revision=1, clinician_email="pt@b")
    except SignBlockedError as exc:
        return exc.findings
    return []


@dataclass(frozen=True)
class _Run:
    start: float
    end: float
    cpu: float
    blocked: int


def _worker(
    home: str, url: str | None, text: str, mrns: list[str], barrier: Barrier, out: "Queue[_Run]"
) -> None:
    icd_code_set()  # the code set loads outside the clock, as in the one-process run
    db = Database.from_settings(Settings(home=Path(home), database_url=url))
    for mrn in mrns[:WARM_UP]:
        lifecycle(db, text, mrn)
    barrier.wait()
    start, cpu = time.perf_counter(), time.process_time()
    blocked = sum(1 for mrn in mrns[WARM_UP:] if lifecycle(db, text, mrn))
    end = time.perf_counter()
    out.put(_Run(start, end, time.process_time() - cpu, blocked))
    db.dispose()


def processes() -> int:
    return max(2, os.cpu_count() or 2)


def multi_process(db: Database, settings: Settings, text: str, each: int) -> tuple[float, float]:
    """(total lifecycles per wall-clock second, mean CPU ms per lifecycle) of `processes()`
    workers doing `each` lifecycles apiece on the database of `settings`."""
    count = processes()
    work = [add_patients(db, f"M{k}", WARM_UP + each) for k in range(count)]
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(count), ctx.Queue()
    home, url = str(settings.home), settings.database_url
    procs = [
        ctx.Process(target=_worker, args=(home, url, text, mrns, barrier, out)) for mrns in work
    ]
    for p in procs:
        p.start()
    runs = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    blocked = sum(r.blocked for r in runs)
    if blocked:
        raise SystemExit(f"{blocked} lifecycles were blocked: the bench dictation needs review")
    span = max(r.end for r in runs) - min(r.start for r in runs)
    total = count * each
    return total / span, sum(r.cpu for r in runs) / total * 1000
