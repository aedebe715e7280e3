"""What the reader keeps while it reads: items of a clause, per-sentence scope, the results.

Offsets are view offsets (see numbers.View).
"""

from collections import Counter
from dataclasses import dataclass, field

from assistant.domain.note import InterventionCategory, Side
from assistant.drafting.offline.builders import ExerciseB, InterventionB, MeasureB, Range
from assistant.drafting.offline.lexicon import Entry
from assistant.drafting.offline.mentions import Mention

NUMERIC_SLOTS = {"sets", "reps", "hold_seconds", "load", "duration_minutes", "distance", "level"}
DOSE = {
    "sets_reps", "sets_hold", "sets_reps_hold", "sets_minutes", "sets_distance", "sets", "reps",
    "hold",
}  # fmt: skip
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
    # How many pain measures hold each (name, value): a repeated rating is said only once.
    pain_ratings: Counter[tuple[str, float | str]] = field(default_factory=Counter)
    totals: dict[str, tuple[int, Range]] = field(default_factory=dict)
    unknown_exercises: list[str] = field(default_factory=list)
    minute_conflicts: list[str] = field(default_factory=list)
    minute_ranges: list[str] = field(default_factory=list)  # "97110: 20-25"
    # The same figure stated again (service, first and second position, minutes): a second
    # block if exercises follow both statements ("TherEx 300 min: ..." twice).
    minute_repeats: list[tuple[InterventionB, int, int, int]] = field(default_factory=list)
    minutes_from: dict[int, int] = field(default_factory=dict)  # id(service) -> position
    unsure_evaluation: bool = False
    unsure_muscles: bool = False  # dry needling without the number of muscles
    block: InterventionB | None = None
    last: InterventionB | None = None  # the service named most recently, in any sentence

    ghosts: list[InterventionB] = field(default_factory=list)  # named, not (yet) performed

    def named(self, entry: Entry) -> InterventionB:
        """The service a mention outside the work means ("for gait training, cues for ...").

        When the service is not read yet, a stand-in collects the statements; `settle` hands
        them to the service once its minutes or exercises have been read.
        """
        for iv in self.interventions:
            if iv.category is entry.category and entry.code in (None, iv.code):
                # Balance work read from its exercises alone, then "for neuro re-ed, cues
                # for ...": the writer named the service, so it is not folded into 97110.
                iv.implicit = False
                return iv
        for iv in self.ghosts:
            if iv.category is entry.category and entry.code in (None, iv.code):
                return iv
        ghost = InterventionB(entry.category or InterventionCategory.OTHER, entry.code, entry.name)
        self.ghosts.append(ghost)
        return ghost

    def settle(self) -> None:
        for ghost in self.ghosts:
            real = [iv for iv in self.interventions if iv.category is ghost.category]
            real = [iv for iv in real if ghost.code in (None, iv.code)][:1]
            for iv in real:
                iv.take_statements(ghost)


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
    # The exercise a self-correction restates and where its restated words end: a dose right
    # after them is still that exercise's ("2 sets of eleven, sorry, twelve with one pound and
    # leg press 3x8": the pound is the curl's, not a dose opening a list before leg press).
    corrected: tuple[int, ExerciseB] | None = None
    assistant: bool = False
    progressing: bool = False  # "progressed from 1# to 2#": every value in the clause counts
    used: set[int] = field(default_factory=set)  # clause indexes that gave a fact
    touched: list[InterventionB] = field(default_factory=list)  # in this clause
    # Exercises named in the sentence, in text order: (clause index, name start, exercise);
    # lists.share hands a dose written once to every item of a list.
    members: list[tuple[int, Range, ExerciseB]] = field(default_factory=list)
    # Per clause index, the ranges of the lexicon words in it (names, regions, sides, kinds).
    named: dict[int, list[Range]] = field(default_factory=dict)
    dose_clauses: set[int] = field(default_factory=set)  # clauses holding a dose of their own
    sides: dict[int, Side] = field(default_factory=dict)  # the side a clause names, if one
    clauses: list[Range] = field(default_factory=list)  # the sentence's clauses
    # A dose written before the names it applies to ("2 x 15 knee flexion and extension",
    # "3x10 w/ 10 kg: leg press, RDL"): its mentions, read once the sentence is read.
    pending: list[Mention] = field(default_factory=list)
    # A putty's or band's colour before an exercise the lexicon lacks ("yellow putty gross
    # grasp 3 min"): the next exercise named takes it; one that opens a list with a colon
    # ("green putty: gross grasp 3 min, pinch rolls 2 min") goes to each item after it.
    loose: list[tuple[Mention, bool]] = field(default_factory=list)


def named_items(items: list[Item]) -> list[Item]:
    return [i for i in items if i.hit and i.hit.table in ("exercise", "motion")]


def own_side(items: list[Item], pos: int) -> Entry | None:
    """The side written next to the exercise at `pos`: just before it, back to the previous
    exercise of the clause, else just after it ("SLS R 3x20s"), up to the next one."""
    for step in (-1, 1):
        at = pos + step
        while 0 <= at < len(items):
            hit = items[at].hit
            if hit and hit.table in ("exercise", "motion", "intervention"):
                break
            if hit and hit.table == "side":
                return hit
            at += step
    return None


def _beside(items: list[Item], pos: int, table: str) -> int | None:
    """The index of a `table` word right before or after items[pos], with only sides and
    regions between."""
    for step in (-1, 1):
        at = pos + step
        while 0 <= at < len(items):
            hit = items[at].hit
            if hit is not None and hit.table == table:
                return at
            if hit is None or hit.table not in ("side", "region"):
                break
            at += step
    return None


def free_kind(items: list[Item]) -> Entry | None:
    """The clause's first kind word that stands beside no exercise ("AAROM: ...")."""
    for k, item in enumerate(items):
        kind = item.hit is not None and item.hit.table == "kind"
        if kind and all(_beside(items, k, table) is None for table in ("exercise", "motion")):
            return item.hit
    return None


def own_kind(items: list[Item], pos: int, clause_kind: Entry | None) -> Entry | None:
    """The exercise type that goes with the exercise at `pos`: the kind word written beside
    it, else `clause_kind`. A kind word beside another exercise is that one's ("knee to chest
    stretch 3x30s and step ups 2x12": the step ups are no stretch)."""
    beside = _beside(items, pos, "kind")
    return items[beside].hit if beside is not None else clause_kind
