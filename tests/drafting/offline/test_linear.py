"""The offline drafter's time grows in proportion to its input, whatever the input's shape.

Each shape once took time quadratic in its length (99 KB on one line took 21.7 s). The
guard is a ratio, so a loaded machine slows both sizes alike: four times the text must take
well under sixteen times as long (quadratic), and the full 99 KB case must stay far inside a
generous bound. CPU time of this thread, best of three, so waiting for a core does not
count, and with the garbage collector paused: its full passes walk every object the earlier
tests left on the heap, a cost that grows with the allocations of the run, not the drafter.
"""

import gc
import time
from collections.abc import Callable

import pytest

from assistant.domain.session import MAX_INPUT_CHARS

from .helpers import draft

# Each repeats to the size asked; all on one line unless the unit holds its own line break.
SHAPES = {
    "shorthand on one line": "DOS 06/02/25 S: pt c/o knee pain 4/10 TherEx x 25': SLR 3x10 2# "
    "LAQ 2x15 red TB; MT 10' patellar mobs; R knee flex AROM 0-110 deg, quad 4-/5. ",
    "one run-on clause": "SLR 3x10 2# wibble wobble 2x15 quad 4/5 hams 4+/5 knee flexion 110 ",
    "spoken, no punctuation": "then straight leg raises three sets of ten with a two pound "
    "weight and verbal cues for form, pain five out of ten actually six out of ten ",
    "goal list": "Goals: STG1 stairs with rail, LTG2 walk 1000 ft, ",
}


def _text(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _cpu(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.thread_time()
            run()
            best = min(best, time.thread_time() - start)
        finally:
            gc.enable()
    return best


@pytest.mark.parametrize("unit", list(SHAPES.values()), ids=list(SHAPES))
def test_four_times_the_text_takes_about_four_times_as_long(unit: str) -> None:
    small, large = _text(unit, 16_000), _text(unit, 64_000)
    draft(small)  # warm the lexicon and the pattern caches
    ratio = _cpu(lambda: draft(large)) / _cpu(lambda: draft(small))
    assert ratio < 7, f"4x the input took {ratio:.1f}x the time: super-linear again"


def test_a_99_kb_one_line_dictation_drafts_in_well_under_five_seconds() -> None:
    text = _text(SHAPES["shorthand on one line"], MAX_INPUT_CHARS - 1_000)
    draft(text[:1000])
    assert _cpu(lambda: draft(text)) < 5
