"""Bill both fixed-seed visit mixes of bench/visit_mix.py and print their output digests.

Run it after any change to the billing engine or the models it reads and writes: a digest
that differs from unmodified main's means some visit is now billed, priced, explained or
refused differently. tests/rules/billing/test_output_digest.py checks a smaller run of the
same mixes on every test run.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.visit_mix import (
    MAIN_DIGESTS,
    bench_answers,
    bench_texts,
    digest,
    wide_answers,
    wide_cases,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    changed = False
    for mix, seed in (("bench", 7), ("wide", 11)):
        start = time.process_time()
        if mix == "bench":
            found = digest(bench_answers(bench_texts(args.n, seed)))
        else:
            found = digest(wide_answers(wide_cases(args.n, seed)))
        expected = MAIN_DIGESTS.get((mix, seed, args.n))
        if expected is None:
            verdict = "no digest of main recorded for this size"
        elif found == expected:
            verdict = "same as main"
        else:
            verdict, changed = "DIFFERS from main", True
        took = time.process_time() - start
        print(f"{mix} mix, seed {seed}, {args.n:,} visits: {found} ({verdict}; {took:.1f} s CPU)")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
