"""The billing engine's answers to two fixed-seed visit mixes, pinned by their digest.

Speed work on the engine must not change a single answer: a unit, a modifier, a cent, a
word of a rationale or finding, the year-to-date total, or an error a caller is shown. The
digests below were computed by unmodified main (fa9b36a) with `bench/bill_guard.py --n 2000`;
bench/bill_guard.py checks the same mixes at 100,000 visits. If an output is meant to change
(the wide mix moved twice: when 64550 became "absent" in the catalog, and when a JSON -0.0
became 0.0, so "$-0.00" and "-0%" no longer print), recompute them
with the code before the change and after, and say in the commit which answers moved and why.
"""

import json
from collections import Counter

from bench.visit_mix import bench_answers, bench_texts, digest, wide_answers, wide_cases

N = 2_000
BENCH_DIGEST = "bc6a48dd74ad01158302d5e8ad1730aaf4b43c5b9cdef41c0fb01038f4510797"
WIDE_DIGEST = "6c7fe5fd13ab404c10b7643d09cc3df2d7d7b98084a9cf65319800ef575507e8"


def test_the_bench_mix_is_billed_as_main_billed_it() -> None:
    assert digest(bench_answers(bench_texts(N, 7))) == BENCH_DIGEST


def test_the_wide_mix_is_billed_and_refused_as_main_did() -> None:
    assert digest(wide_answers(wide_cases(N, 11))) == WIDE_DIGEST


def test_the_wide_mix_reaches_the_corners_it_guards() -> None:
    # A digest guards only what the mix exercises: this fails if the mix stops reaching the
    # findings, modifiers and refusals that made it worth pinning.
    seen: Counter[str] = Counter()
    for line in wide_answers(wide_cases(N, 11)):
        answer = json.loads(line)
        if "error" in answer:
            seen["unknown code" if "unknown code" in answer["error"] else "refused"] += 1
            continue
        result = answer["result"]
        seen.update(f["rule"] for f in result["findings"])
        seen.update({m for line in result["lines"] for m in line["modifiers"]})
        seen.update({result["basis"]["tables"]["ncci"], result["basis"]["tables"]["fees"]})
    wanted = {
        *("BIL001", "BIL002", "BIL003", "BIL004", "BIL005", "BIL006", "BIL010", "BIL011"),
        *("BIL012", "BIL013", "BIL014", "BIL015", "BIL021", "BIL030", "BIL031", "BIL032"),
        *("BIL033", "BIL040", "BIL041", "BIL042", "BIL050"),
        *("GP", "GO", "GN", "CQ", "CO", "KX", "59", "XU"),
        *("imported test", "imported empty", "test 2025", "unknown code", "refused"),
    }
    assert wanted <= seen.keys(), sorted(wanted - seen.keys())
