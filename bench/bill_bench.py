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
time next to wall time: on a shared machine wall time also counts waiting for the core.
"""

import argparse
import json
import os
import random
import resource
import time
from typing import Any

from assistant.domain.billing import Visit
from assistant.rules.billing import bill

TIMED = ["97110", "97112", "97116", "97140", "97530", "97535", "97035", "97032"]
UNTIMED = ["97010", "97014", "97150", "97161", "97164"]


def generate(rnd: random.Random) -> dict[str, Any]:
    services = []
    for code in rnd.sample(TIMED, rnd.randint(1, 4)):
        minutes = rnd.randint(5, 40)
        services.append(
            {
                "code": code,
                "minutes": minutes,
                "assistant_minutes": rnd.choice([0, 0, minutes // 2]),
            }
        )
    if rnd.random() < 0.3:
        services.append({"code": rnd.choice(UNTIMED), "minutes": rnd.randint(10, 30)})
    return {
        "date_of_service": rnd.choice(["2024-05-01", "2025-06-02", "2026-02-10"]),
        "discipline": rnd.choice(["PT", "PT", "OT"]),
        "payer": {"name": "Medicare", "unit_rule": rnd.choice(["cms", "cms", "ama"])},
        "ytd_allowed": rnd.choice([0.0, 1500.0, 2450.0, 3100.0]),
        "services": services,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rnd = random.Random(args.seed)
    texts = [json.dumps(generate(rnd)) for _ in range(args.n)]

    visits = [Visit.model_validate_json(t) for t in texts]
    start, start_cpu = time.perf_counter(), time.process_time()
    lines = 0
    for v in visits:
        lines += len(bill(v).lines)
    done, done_cpu = time.perf_counter(), time.process_time()
    del visits
    engine = args.n / (done - start)
    engine_cpu = args.n / (done_cpu - start_cpu)

    start, start_cpu = time.perf_counter(), time.process_time()
    size = 0
    for t in texts:
        size += len(bill(Visit.model_validate_json(t)).model_dump_json())
    done, done_cpu = time.perf_counter(), time.process_time()
    full = args.n / (done - start)
    full_cpu = args.n / (done_cpu - start_cpu)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"billed {args.n:,} visits ({lines:,} claim lines, {size / 1e6:,.0f} MB of JSON out)")
    print(
        f"engine: {engine:,.0f} visits/s wall ({1e6 / engine:.1f} us/visit), "
        f"{engine_cpu:,.0f} visits/s CPU ({1e6 / engine_cpu:.1f} us/visit)"
    )
    print(
        f"with JSON validation (parse, validate, bill, serialize): {full:,.0f} visits/s wall, "
        f"{full_cpu:,.0f} visits/s CPU ({1e6 / full_cpu:.1f} us/visit)"
    )
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB")
    verdict = "met" if full_cpu >= 25_000 else "NOT met"
    print(f"goal 25,000 visits/s with JSON validation (CPU): {verdict}")


if __name__ == "__main__":
    main()
