"""Mutable fact builders the parser fills clause by clause, then freezes into note facts.

Offsets here are view offsets (see numbers.View); `freeze` turns them into evidence spans of
the input text.
"""

from dataclasses import dataclass, field

from pydantic import ValidationError

from assistant.domain.billing import Role
from assistant.domain.note import (
    DistanceUnit,
    Exercise,
    ExerciseKind,
    Intervention,
    InterventionCategory,
    LoadUnit,
    MeasureKind,
    Side,
    Span,
)
from assistant.drafting.offline.numbers import View

MAX_EVIDENCE = 20
Range = tuple[int, int]

# Categories a list of exercises can sit under: an exercise named in the same sentence as one
# of these headings belongs to it even when the lexicon files it elsewhere.
EXERCISE_BEARING = {
    InterventionCategory.THERAPEUTIC_EXERCISE,
    InterventionCategory.NEUROMUSCULAR_REEDUCATION,
    InterventionCategory.THERAPEUTIC_ACTIVITIES,
    InterventionCategory.AQUATIC,
    InterventionCategory.GROUP,
    InterventionCategory.SELF_CARE,
}


def spans(view: View, ranges: list[Range]) -> list[Span]:
    """The first MAX_EVIDENCE distinct, non-empty input spans behind `ranges`, in order.

    Linear in the ranges (after the sort): a fact read 2,000 times in one long dictation
    ("SLR 3x10" repeated) must not compare every span with every other.
    """
    out: list[Span] = []
    seen: set[Range] = set()
    for a, b in sorted(set(ranges)):
        if len(out) == MAX_EVIDENCE:
            break
        if b <= a:
            continue  # an empty view range maps to an empty span, which is never evidence
        start, end = view.starts[a], view.ends[b - 1]
        if end > start and (start, end) not in seen:
            seen.add((start, end))
            out.append(Span(start=start, end=end, text=view.source[start:end]))
    return out


@dataclass(slots=True)
class ExerciseB:
    name: str
    region: str = ""
    side: Side | None = None
    kind: ExerciseKind | None = None
    sets: int | None = None
    reps: int | None = None
    load: float | None = None
    load_unit: LoadUnit | None = None
    band_colour: str = ""
    hold_seconds: int | None = None
    duration_minutes: float | None = None
    distance: float | None = None
    distance_unit: DistanceUnit | None = None
    level: int | None = None
    progression: str = ""
    known: bool = True  # False: the name is the writer's words, not a lexicon entry
    # A shared abbreviation's two readings, each (name, region, kind): held or uncounted,
    # and moved through repetitions without a hold ("HS 3x30s" and "HS 2x10").
    shared: (
        tuple[tuple[str, str, ExerciseKind | None], tuple[str, str, ExerciseKind | None]] | None
    ) = None
    ranges: list[Range] = field(default_factory=list)

    def set(self, slot: str, value: object, where: Range, override: bool) -> bool:
        """Fill one parameter; a filled one changes only on a correction or progression."""
        if getattr(self, slot) not in (None, "") and not override:
            return False
        setattr(self, slot, value)
        self.ranges.append(where)
        return True

    @property
    def endurance(self) -> bool:
        return self.kind is ExerciseKind.ENDURANCE

    @property
    def dosed(self) -> bool:
        return any(v is not None for v in (self.sets, self.reps, self.hold_seconds, self.load))

    def freeze(self, view: View) -> Exercise:
        if self.load is not None and self.load_unit in (None, LoadUnit.BAND):
            # "red TB 2#": a band and a weight together; the band is the load unit here.
            self.load = None
        try:
            return self._freeze(view)
        except ValidationError:
            # Parameters that cannot stand together are dropped; the words stay in the text.
            return Exercise(
                name=self.name[:200] or "exercise",
                body_region=self.region[:200],
                side=self.side,
                kind=self.kind,
                evidence=spans(view, self.ranges),
            )

    def _freeze(self, view: View) -> Exercise:
        if self.shared is not None:
            held, moved = self.shared
            reading = moved if self.reps is not None and self.hold_seconds is None else held
            self.name, self.region, self.kind = reading
        name = self.name if self.level is None else f"{self.name} (level {self.level})"
        kind = self.kind
        if kind is None and (self.load is not None or self.band_colour):
            kind = ExerciseKind.ISOTONIC
        return Exercise(
            name=name[:200],
            body_region=self.region,
            side=self.side,
            kind=kind,
            sets=_clip(self.sets, 1, 100),
            reps=_clip(self.reps, 1, 1000),
            load=self.load if self.load is not None and self.load <= 2000 else None,
            load_unit=self.load_unit if self.load is None or self.load <= 2000 else None,
            band_colour=self.band_colour,
            hold_seconds=_clip(self.hold_seconds, 1, 3600),
            duration_minutes=self.duration_minutes
            if self.duration_minutes and 0 < self.duration_minutes <= 480
            else None,
            distance=self.distance if self.distance and self.distance <= 100_000 else None,
            distance_unit=self.distance_unit
            if self.distance and self.distance <= 100_000
            else None,
            progression=self.progression[:2000],
            evidence=spans(view, self.ranges),
        )


def _clip(value: int | None, low: int, high: int) -> int | None:
    return value if value is not None and low <= value <= high else None


@dataclass(slots=True)
class InterventionB:
    category: InterventionCategory
    code: str | None
    label: str
    minutes: int | None = None
    assistant_minutes: int | None = None
    provider: Role = Role.PT
    timer_minutes: int | None = None
    exercises: list[ExerciseB] = field(default_factory=list)
    clauses: list[Range] = field(default_factory=list)
    purpose: list[Range] = field(default_factory=list)
    skilled: list[Range] = field(default_factory=list)
    response: list[Range] = field(default_factory=list)
    goal_ids: list[str] = field(default_factory=list)
    ranges: list[Range] = field(default_factory=list)
    implicit: bool = False  # opened by an exercise's own category, never named
    # The exercises by name, so finding one does not walk a list thousands long.
    by_name: dict[str, ExerciseB] = field(default_factory=dict, compare=False, repr=False)

    def description(self, view: View) -> str:
        text = _join(view, self.clauses)
        # Lead with the service's own name so an abbreviation ("GT 8'") still reads as it.
        if self.label.lower() not in text.lower():
            text = f"{self.label}: {text}" if text else self.label
        return text[:20_000]

    def exercise(self, name: str) -> ExerciseB | None:
        """The first exercise of this name (names are unique while the parser reads)."""
        return self.by_name.get(name)

    def add_exercise(self, ex: ExerciseB) -> ExerciseB:
        self.exercises.append(ex)
        self.by_name.setdefault(ex.name, ex)
        return ex

    def take_statements(self, other: "InterventionB") -> None:
        """Take what `other` was said to be for, how it went and why it was skilled (the
        service it was read as is folded into this one, so its statements come along)."""
        for key in ("purpose", "skilled", "response", "goal_ids"):
            mine = getattr(self, key)
            have = set(mine)
            for x in getattr(other, key):
                if x not in have:
                    have.add(x)
                    mine.append(x)

    def has_exercise(self, ex: ExerciseB) -> bool:
        """`ex in self.exercises` (by value, as a dataclass compares) through the name index."""
        found = self.by_name.get(ex.name)
        return found is not None and (found is ex or found == ex)

    def freeze(self, view: View, assistant_role: Role) -> list[Intervention]:
        """One intervention, or two when an assistant furnished part of it on their own."""
        # Outside therapeutic exercise, an activity named without a dose describes the
        # service ("gait training with a cane on stairs", "balance on foam"); it is no exercise.
        kept = [
            ex
            for ex in self.exercises
            if self.category is InterventionCategory.THERAPEUTIC_EXERCISE
            or ex.dosed
            or ex.duration_minutes is not None
            or ex.distance is not None
        ]
        evidence = self.ranges + self.clauses[:3]
        if self.category is InterventionCategory.GAIT:
            # Walking and stairs are the gait service itself ("amb 200' with FWW"): its
            # description quotes them and their words are its evidence, not exercises.
            evidence += [r for ex in kept for r in ex.ranges]
            kept = []
        exercises = [ex.freeze(view) for ex in kept[:50]]

        def make(minutes: int | None, provider: Role, exs: list[Exercise]) -> Intervention:
            return Intervention(
                category=self.category,
                code=self.code,
                description=self.description(view),
                purpose=_join(view, self.purpose),
                goal_ids=self.goal_ids[:20],
                skilled_rationale=_join(view, self.skilled),
                response=_join(view, self.response),
                evidence=spans(view, evidence),
                minutes=_minutes(minutes),
                provider=provider,
                exercises=exs,
            )

        minutes = self.timer_minutes if self.timer_minutes is not None else self.minutes
        assisted = self.assistant_minutes
        if assisted is None or self.timer_minutes is not None:
            return [make(minutes, self.provider, exercises)]
        if minutes is None or minutes <= assisted:
            return [make(assisted, assistant_role, exercises)]
        # The therapist's share keeps the exercises; the assistant's line repeats the evidence.
        return [
            make(minutes - assisted, self.provider, exercises),
            make(assisted, assistant_role, []),
        ]


def _minutes(value: int | None) -> int | None:
    return value if value is not None and 0 <= value <= 480 else None


def _join(view: View, ranges: list[Range]) -> str:
    seen: dict[str, None] = {}  # insertion-ordered set: first occurrence wins, lookups O(1)
    for a, b in ranges:
        text = view.span(a, b).text.strip()
        if text:
            seen.setdefault(text)
    return "; ".join(seen)[:20_000]


@dataclass(slots=True)
class MeasureB:
    name: str
    kind: MeasureKind
    value: float | str
    unit: str = ""
    side: Side | None = None
    ranges: list[Range] = field(default_factory=list)
