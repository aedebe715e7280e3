"""Validate 10,000 notes with a visit context; print notes per second and peak memory.

Notes are the shipped examples with varied minutes, dates and exercise doses so the billing
engine and every rule do real work; parsing happens before the clock starts.
Goal: at least 2,000 notes/s on one core.
"""

import copy
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from assistant.domain.context import VisitContext
from assistant.domain.note import Note
from assistant.rules.validation import review
from assistant.rules.validation.icd import lookup

ROOT = Path(__file__).resolve().parents[1]
COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def build() -> list[tuple[Note, VisitContext]]:
    bases = [_load(p) for p in sorted((ROOT / "examples" / "notes").glob("*.json"))]
    context = _load(ROOT / "examples" / "contexts" / "pt_daily_knee.json")
    out = []
    for i in range(COUNT):
        data = copy.deepcopy(bases[i % len(bases)])
        for iv in data["interventions"]:
            if iv.get("minutes") is not None:
                iv["minutes"] = max(0, iv["minutes"] + (i % 7) - 3)
            for ex in iv.get("exercises", []):
                if ex.get("reps"):
                    ex["reps"] += i % 3
        data["date_of_service"] = f"2025-{6 + i % 3:02d}-{10 + i % 15:02d}"
        ctx = copy.deepcopy(context)
        ctx["ytd_allowed"] = float((i * 37) % 3000)
        ctx["treatment_days_since_progress_report"] = i % 12
        out.append((Note.model_validate(data), VisitContext.model_validate(ctx)))
    return out


def main() -> None:
    lookup("M17.11")  # load the ICD-10-CM package (about 2 s) outside the clock
    tables_rss = _rss_mib()
    cases = build()
    review(*cases[0])  # and the rule tables
    # CPU time as well as wall time: on a shared machine the wall clock counts other jobs.
    start, cpu_start = time.perf_counter(), time.process_time()
    findings = 0
    for note, context in cases:
        findings += len(review(note, context).findings)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        f"validated {len(cases):,} notes in {elapsed:.2f} s wall, {cpu:.2f} s CPU: "
        f"{len(cases) / elapsed:,.0f} notes/s wall, {len(cases) / cpu:,.0f} notes/s per CPU second"
    )
    print(f"findings: {findings:,} ({findings / len(cases):.1f} per note)")

    # Peak memory: process high-water mark (includes the ICD-10-CM tables), and the
    # allocation peak of validating 1,000 notes measured with tracemalloc.
    rss = _rss_mib()
    tracemalloc.start()
    for note, context in cases[:1000]:
        review(note, context)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak RSS {rss:,.0f} MiB ({tables_rss:,.0f} MiB after loading ICD-10-CM, the rest is "
        f"the {len(cases):,} parsed notes and contexts); peak traced allocation while "
        f"validating {peak / 1024:,.0f} KiB"
    )


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
