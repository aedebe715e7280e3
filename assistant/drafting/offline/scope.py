"""What the reader keeps while it reads: items of a clause, per-sentence scope, the results.

Offsets are view offsets (see numbers.View).
"""

from dataclasses import dataclass, field

from assistant.domain.note import Side
from assistant.drafting.offline.builders import ExerciseB, InterventionB, MeasureB, Range
from assistant.drafting.offline.lexicon import Entry
from assistant.drafting.offline.params import Mention

NUMERIC_SLOTS = {"sets", "reps", "hold_seconds", "load", "duration_minutes", "distance", "level"}
DOSE = {"sets_reps", "sets_hold", "sets_reps_hold", "sets_minutes", "sets", "reps", "hold"}
LOADS = {"load", "band"}


@dataclass(slots=True)
class Item:
    """A lexicon hit or a parameter mention, in one clause, in text order."""

    start: int
    end: int
    hit: Entry | None = None
    param: Mention | None = None
    marker: str = ""  # "correction" or "progression"


@dataclass(slots=True)
class State:
    interventions: list[InterventionB] = field(default_factory=list)
    measures: list[MeasureB] = field(default_factory=list)
    totals: dict[str, tuple[int, Range]] = field(default_factory=dict)
    unknown_exercises: list[str] = field(default_factory=list)
    minute_conflicts: list[str] = field(default_factory=list)
    unsure_evaluation: bool = False
    block: InterventionB | None = None


@dataclass(slots=True)
class Sentence:
    """Per-sentence scope: the heading and exercise in force, and a pending correction."""

    start: int
    end: int
    performed: bool
    side: Side | None
    region: str
    heading: InterventionB | None = None
    exercise: ExerciseB | None = None
    last_slot: tuple[object, str] | None = None
    override: bool = False
    assistant: bool = False
    progressing: bool = False  # "progressed from 1# to 2#": every value in the clause counts
    used: set[int] = field(default_factory=set)  # clause indexes that gave a fact
    touched: list[InterventionB] = field(default_factory=list)  # in this clause
