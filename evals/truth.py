"""Ground truth of one synthetic visit, before it is rendered into words.

The generator fills these plain dataclasses; `evals.case` turns them, together with one
rendered text, into the schema's `Note` (with evidence spans) and the drafter's input.
"""

from dataclasses import dataclass, field
from datetime import date

from assistant.domain.note import ExerciseKind, GoalTerm, LoadUnit, MeasureKind, Side
from evals.vocab import Condition, ExerciseSpec

STYLES = ("shorthand", "dictation", "conversation")

# Seeded documentation defects and the validator rules each one should raise.
DEFECT_RULES: dict[str, frozenset[str]] = {
    "missing_parameters": frozenset({"TE010", "TE003"}),
    "no_goal_link": frozenset({"TE007"}),
    "no_minutes": frozenset({"MIN001"}),
    "units_mismatch": frozenset({"MIN006"}),
    "cloned": frozenset({"AU001", "AU002"}),
    "missing_skilled": frozenset({"TE008", "CS006"}),
}
DEFECTS = tuple(DEFECT_RULES)


@dataclass(slots=True)
class TExercise:
    spec: ExerciseSpec
    side: Side | None
    sets: int | None = None
    reps: int | None = None
    load: float | None = None
    load_unit: LoadUnit | None = None
    band_colour: str = ""
    hold_seconds: int | None = None
    duration_minutes: float | None = None
    level: int | None = None  # machine resistance level: noise, not a load
    previous_load: float | None = None  # "up from 3 lb": a progression note

    @property
    def kind(self) -> ExerciseKind:
        return self.spec.kind

    @property
    def progression(self) -> str:
        if self.previous_load is None:
            return ""
        return f"load increased from {self.previous_load:g} {self.load_unit}"


@dataclass(slots=True)
class TService:
    code: str
    minutes: int | None
    description: str = ""
    pta_minutes: int = 0  # minutes the PTA furnished alone (a second intervention line)
    purpose: str = ""
    goal_ids: list[str] = field(default_factory=list)
    skilled: str = ""
    response: str = ""
    exercises: list[TExercise] = field(default_factory=list)


@dataclass(slots=True)
class TMeasure:
    name: str
    kind: MeasureKind
    value: float | str
    side: Side | None = None
    unit: str = ""
    spoken: str = ""  # how it is named aloud, e.g. "bend" for knee flexion


@dataclass(slots=True)
class TGoal:
    id: str
    text: str
    term: GoalTerm


@dataclass(slots=True)
class Truth:
    case_id: str
    seed: int
    condition: Condition
    side: Side | None
    diagnoses: list[tuple[str, str]]
    date_of_service: date
    first_treatment: date
    progress_days: int
    clinician: tuple[str, str]  # name, credentials
    pta: str
    patient: str
    feeling: str
    goals: list[TGoal]
    measures: list[TMeasure]
    services: list[TService]
    necessity: str = ""
    ytd_allowed: float = 0.0
    claimed: bool = False  # the text states the claim lines
    claim_units_delta: dict[str, int] = field(default_factory=dict)
    defects: list[str] = field(default_factory=list)
    has_previous: bool = False
    # The totals as the therapist states them (set before any defect removes minutes).
    total_timed: int = 0
    total_treatment: int = 0

    @property
    def exercises(self) -> list[TExercise]:
        return [ex for svc in self.services for ex in svc.exercises]


UNTIMED = frozenset({"97010", "G0283"})
