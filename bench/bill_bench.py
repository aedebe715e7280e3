"""Bill N generated visits on one core; print visits per second and peak memory.

The visits are generated from a fixed seed and written as JSON text before timing starts,
so the figures measure ptscribe and not the generator. Two figures:

- engine: `bill` over visits validated beforehand (units, modifiers, NCCI, payment,
  rationale);
- with JSON validation: what a caller pays per visit, one visit at a time as a server or a
  batch would: parse and validate the JSON text, bill, serialize the result to JSON.

Inputs are kept as JSON text, as a caller receives them, not as 100,000 live dicts: those
would make Python's cyclic garbage collector walk them again and again, which measures the
bench's own data rather than ptscribe. The process pins itself to one core and reports CPU
time next to wall time: on a shared machine wall time also counts waiting for the core;
each figure is the best of --repeat runs by CPU time. After timing, the answers' digest (see
bench/visit_mix.py) is printed and compared with unmodified main's, so a faster engine that
bills one visit differently shows at once.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.domain.billing import Visit
from assistant.rules.billing import bill
from bench.visit_mix import MAIN_DIGESTS, bench_answers, bench_texts, digest

GOAL = 25_000  # visits per CPU-second with JSON validation (issue 8)


def _engine(visits: list[Visit]) -> tuple[float, float, int]:
    """Wall and CPU seconds to bill `visits`, and the claim lines they made."""
    start, start_cpu = time.perf_counter(), time.process_time()
    lines = 0
    for v in visits:
        lines += len(bill(v).lines)
    return time.perf_counter() - start, time.process_time() - start_cpu, lines


def _with_json(texts: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds to parse, validate, bill and serialize `texts`, and the bytes out."""
    start, start_cpu = time.perf_counter(), time.process_time()
    size = 0
    for t in texts:
        size += len(bill(Visit.model_validate_json(t)).model_dump_json())
    return time.perf_counter() - start, time.process_time() - start_cpu, size


def _cpu(run: tuple[float, float, int]) -> float:
    return run[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is shown")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = bench_texts(args.n, args.seed)

    # Best of N by CPU time: on a shared core the slower runs measure the neighbours.
    visits = [Visit.model_validate_json(t) for t in texts]
    wall, cpu, lines = min((_engine(visits) for _ in range(args.repeat)), key=_cpu)
    del visits
    engine, engine_cpu = args.n / wall, args.n / cpu
    wall, cpu, size = min((_with_json(texts) for _ in range(args.repeat)), key=_cpu)
    full, full_cpu = args.n / wall, args.n / cpu

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"billed {args.n:,} visits ({lines:,} claim lines, {size / 1e6:,.0f} MB of JSON out)")
    print(f"best of {args.repeat} runs by CPU time:")
    print(
        f"engine: {engine:,.0f} visits/s wall ({1e6 / engine:.1f} us/visit), "
        f"{engine_cpu:,.0f} visits/s CPU ({1e6 / engine_cpu:.1f} us/visit)"
    )
    print(
        f"with JSON validation (parse, validate, bill, serialize): {full:,.0f} visits/s wall, "
        f"{full_cpu:,.0f} visits/s CPU ({1e6 / full_cpu:.1f} us/visit)"
    )
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB")
    verdict = "met" if full_cpu >= GOAL else "NOT met"
    print(
        f"goal {GOAL:,} visits/s with JSON validation (CPU): {verdict}, "
        f"{full_cpu / GOAL:.2f} x the goal"
    )
    # Untimed: the answers' digest proves a faster engine still bills exactly as main did.
    found = digest(bench_answers(texts))
    expected = MAIN_DIGESTS.get(("bench", args.seed, args.n))
    if expected is None:
        same = "no digest of main recorded for this --n/--seed"
    else:
        same = "same as main" if found == expected else "DIFFERS from main"
    print(f"output digest: {found} ({same})")


if __name__ == "__main__":
    main()
