"""Bill N generated visits on one core; print visits per second and peak memory.

The visits are generated from a fixed seed before timing starts, so the figure measures the
engine (units, modifiers, NCCI, payment, rationale) and not the generator. The process pins
itself to one core and reports CPU time next to wall time: on a shared machine wall time
also counts time spent waiting for the core.
"""

import argparse
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
    raw = [generate(rnd) for _ in range(args.n)]
    start = time.perf_counter()
    visits = [Visit.model_validate(v) for v in raw]
    parsed, parsed_cpu = time.perf_counter(), time.process_time()
    lines = 0
    for v in visits:
        lines += len(bill(v).lines)
    done, done_cpu = time.perf_counter(), time.process_time()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    engine = args.n / (done - parsed)
    engine_cpu = args.n / (done_cpu - parsed_cpu)
    end_to_end = args.n / (done - start)
    print(f"billed {args.n:,} visits ({lines:,} claim lines)")
    print(
        f"engine: {engine:,.0f} visits/s wall ({1e6 / engine:.1f} us/visit), "
        f"{engine_cpu:,.0f} visits/s CPU ({1e6 / engine_cpu:.1f} us/visit)"
    )
    print(f"with JSON validation: {end_to_end:,.0f} visits/s wall")
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB")
    print(f"goal 20,000 visits/s: {'met' if engine >= 20_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
