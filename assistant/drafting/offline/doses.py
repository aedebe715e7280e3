"""Parameters into exercise slots: "3x10" fills sets and reps, "2#" load, "red TB" the band.

Minutes that are not one exercise's: an assistant's share of a service and the visit's totals.

A filled slot changes only after a self-correction or a progression (Sentence.override); a
bare number after a correction ("two sets, actually make that three") replaces the slot the
writer filled last.
"""

from assistant.domain.note import DistanceUnit, LoadUnit
from assistant.drafting.offline.builders import ExerciseB, InterventionB, Range
from assistant.drafting.offline.mentions import Mention
from assistant.drafting.offline.scope import NUMERIC_SLOTS, Sentence


def fill(ex: ExerciseB, m: Mention, where: Range, s: Sentence) -> bool:
    nums = [int(n) if n == int(n) else n for n in m.nums]
    over = s.override
    done = True
    slots: list[tuple[str, object]] = []
    if m.kind in ("sets_reps", "sets_reps_hold"):
        slots = [("sets", nums[0]), ("reps", nums[1])]
        if m.kind == "sets_reps_hold":
            slots.append(("hold_seconds", nums[2]))
    elif m.kind == "sets_hold":
        # "3x30s" counts holds: three repetitions of a 30-second hold.
        slots = [("reps", nums[0]), ("hold_seconds", nums[1])]
    elif m.kind == "sets_minutes":
        slots = [("sets", nums[0]), ("duration_minutes", float(nums[1]))]
    elif m.kind in ("sets", "reps"):
        slots = [(m.kind, nums[0])]
    elif m.kind == "hold":
        slots = [("hold_seconds", nums[0])]
    elif m.kind == "load":
        slots = [("load", float(nums[0])), ("load_unit", LoadUnit(m.word))]
    elif m.kind == "band" and m.word == "bodyweight":
        slots = [("load_unit", LoadUnit.BODYWEIGHT)]
    elif m.kind == "band":
        slots = [("band_colour", m.word), ("load_unit", LoadUnit.BAND)]
    elif m.kind == "level":
        slots = [("level", nums[0])]
    elif m.kind == "sets_distance":
        slots = [("sets", nums[0]), ("distance", float(nums[1]))]
        slots.append(("distance_unit", DistanceUnit(m.word)))
    elif m.kind == "height":
        ex.ranges.append(where)  # evidence only: a step's height is no count
    elif m.kind == "distance":
        slots = [("distance", float(nums[0])), ("distance_unit", DistanceUnit(m.word))]
    for slot, value in slots:
        done = ex.set(slot, value, where, over) and done
        if slot in NUMERIC_SLOTS:
            s.last_slot = (ex, slot)
    if m.kind == "band" and m.word != "bodyweight" and ex.load is not None:
        ex.load, ex.load_unit = None, LoadUnit.BAND
    s.override = s.progressing
    return True


def bare_number(m: Mention, s: Sentence) -> bool:
    """'two sets, actually make that three': a bare number right after a correction."""
    if not s.override or s.last_slot is None:
        return False
    target, slot = s.last_slot
    value = int(m.nums[0]) if m.nums[0] == int(m.nums[0]) else m.nums[0]
    if isinstance(target, ExerciseB) and slot in NUMERIC_SLOTS:
        if slot in ("load", "duration_minutes", "distance"):
            value = float(value)
        elif not isinstance(value, int) or value < 0:
            return False
        target.set(slot, value, (m.start, m.end), True)
        s.corrected = (m.end, target)
    elif isinstance(target, InterventionB) and isinstance(value, int):
        target.minutes = value
        target.ranges.append((m.start, m.end))
    s.override = False
    return True


def share(m: Mention, s: Sentence, block: InterventionB | None) -> bool:
    """'6 of those by the PTA': the assistant's part of the service just timed."""
    last = s.last_slot[0] if s.last_slot else None
    iv = last if isinstance(last, InterventionB) else s.heading or block
    if iv is None:
        return False
    iv.assistant_minutes = int(m.nums[0])
    iv.ranges.append((m.start, m.end))
    # "four, scratch that, five of those by the PTA": the share was the figure put right, so
    # the correction is spent; the next bare number ("home management was eleven") is no
    # restatement of the service's minutes.
    s.override = False
    return True


def total(m: Mention, s: Sentence, totals: dict[str, tuple[int, Range]]) -> bool:
    """'Total timed 45 min' and 'total treatment time 28': the visit's, never a service's.

    A bare 'total 20 min' in a sentence that names a service is that service's minutes.
    """
    value = int(m.nums[0])
    if s.heading is not None and not m.word and s.performed:
        if s.heading.minutes is None:
            s.heading.minutes = value
            s.heading.ranges.append((m.start, m.end))
        return True
    key = "timed" if m.word == "timed" else "treatment"
    totals.setdefault(key, (value, (m.start, m.end)))
    return True
