"""The note format: SOAP text plus typed facts, each fact tied to the words that support it.

This is the `ptscribe validate` input contract and is published as JSON Schema
(`ptscribe schema note`). Bump SCHEMA_VERSION on any change that makes an old note invalid.

Strings are not stripped: evidence spans are character offsets into `source_text`, and
trimming would move them.
"""

import re
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.json_schema import SkipJsonSchema

from assistant.domain.billing import (
    CODE_PATTERN,
    Discipline,
    Payer,
    Role,
    TimerList,
)
from assistant.domain.limits import MAX_SERVICE_MINUTES, CalendarDate

SCHEMA_VERSION = "1"
MAX_TEXT = 100_000  # source text; a long evaluation dictation is ~20k characters
MAX_FIELD = 20_000
# A SOAP section may quote all of a dictation as long as the input limit allows.
MAX_SECTION = MAX_TEXT
MAX_SHORT = 200
MAX_ITEMS = 100

# Letter, digit, alphanumeric, then up to four more after an optional dot (M17.11, S83.511A).
ICD10_PATTERN = r"^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$"
GOAL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$"
MODIFIER_PATTERN = r"^[0-9A-Z]{2}$"
MMT_PATTERN = r"^[0-5][+-]?(/5)?$"
_MMT = re.compile(MMT_PATTERN)

GoalId = Annotated[str, StringConstraints(pattern=GOAL_ID_PATTERN)]
Modifier = Annotated[str, StringConstraints(pattern=MODIFIER_PATTERN)]


class NoteModel(BaseModel):
    # NaN or infinity is never a dose, a measure or an amount (see billing._Strict).
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Span(NoteModel):
    """Characters [start:end] of the note's source_text, and the text found there."""

    start: int = Field(ge=0, le=MAX_TEXT)
    end: int = Field(ge=0, le=MAX_TEXT)
    text: str = Field(max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class Fact(NoteModel):
    # Empty when nothing in the source text supports the fact: the validator asks the
    # therapist to confirm or remove it.
    evidence: list[Span] = Field(default_factory=list, max_length=20)


class NoteType(StrEnum):
    DAILY = "daily"
    EVALUATION = "evaluation"
    RE_EVALUATION = "re_evaluation"
    PROGRESS_REPORT = "progress_report"
    DISCHARGE = "discharge"

    @property
    def therapist_only(self) -> bool:
        """Evaluations, re-evaluations, progress reports and discharge summaries: the
        therapist's own reassessments, which an assistant may not write and which each
        count as a progress report (Pub. 100-02 ch. 15 sec. 220.3)."""
        return self in _THERAPIST_ONLY


_THERAPIST_ONLY = frozenset(
    {NoteType.EVALUATION, NoteType.RE_EVALUATION, NoteType.PROGRESS_REPORT, NoteType.DISCHARGE}
)


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"
    MIDLINE = "midline"  # spine, trunk, neck: laterality does not apply


class Clinician(NoteModel):
    name: str = Field(default="", max_length=MAX_SHORT)
    credentials: str = Field(default="", max_length=100)
    role: Role


class Diagnosis(Fact):
    code: str = Field(pattern=ICD10_PATTERN, description="ICD-10-CM code, e.g. M17.11")
    description: str = Field(default="", max_length=MAX_SHORT)


class GoalTerm(StrEnum):
    SHORT = "short"
    LONG = "long"


class Goal(Fact):
    id: str = Field(pattern=GOAL_ID_PATTERN)
    text: str = Field(min_length=1, max_length=2000)
    term: GoalTerm


class MeasureKind(StrEnum):
    PAIN = "pain"  # 0-10 numeric rating
    ROM = "rom"  # degrees; negative for hyperextension or lag
    MMT = "mmt"  # manual muscle test grade 0-5 with optional +/-
    OUTCOME = "outcome"  # standardised score or test result (LEFS, TUG seconds, 6MWT metres)
    OTHER = "other"


class Measure(Fact):
    name: str = Field(min_length=1, max_length=MAX_SHORT)
    kind: MeasureKind
    side: Side | None = None
    value: float | str
    unit: str = Field(default="", max_length=30)

    @model_validator(mode="after")
    def _in_range(self) -> Self:
        value = self.value
        if self.kind is MeasureKind.MMT:
            if isinstance(value, str):
                if not _MMT.fullmatch(value):
                    raise ValueError(f"MMT grade {value!r} is not a 0-5 grade such as 4- or 3+/5")
            elif not 0 <= value <= 5:
                raise ValueError(f"MMT grade {value} is outside 0-5")
            return self
        if self.kind is MeasureKind.OTHER:
            if isinstance(value, str) and len(value) > 50:
                raise ValueError("value text longer than 50 characters")
            return self
        if isinstance(value, str):
            raise ValueError(f"a {self.kind} measure needs a number, not {value!r}")
        low, high = _RANGES[self.kind]
        if not low <= value <= high:
            raise ValueError(f"{self.kind} value {value} is outside {low:g} to {high:g}")
        return self


_RANGES = {
    MeasureKind.PAIN: (0.0, 10.0),
    MeasureKind.ROM: (-90.0, 360.0),
    MeasureKind.OUTCOME: (-100_000.0, 100_000.0),
}


class ExerciseKind(StrEnum):
    AROM = "arom"
    AAROM = "aarom"
    PROM = "prom"
    ISOMETRIC = "isometric"
    ISOTONIC = "isotonic"
    ISOKINETIC = "isokinetic"
    STRETCH = "stretch"
    ENDURANCE = "endurance"  # cardiopulmonary: treadmill, bike, upper-body ergometer


class LoadUnit(StrEnum):
    LB = "lb"
    KG = "kg"
    BAND = "band"  # elastic band: say the colour in band_colour
    BODYWEIGHT = "bodyweight"


class DistanceUnit(StrEnum):
    FT = "ft"
    YD = "yd"
    M = "m"
    KM = "km"
    MI = "mi"


class Exercise(Fact):
    name: str = Field(min_length=1, max_length=MAX_SHORT)
    body_region: str = Field(default="", max_length=MAX_SHORT)
    side: Side | None = None
    kind: ExerciseKind | None = None
    sets: int | None = Field(default=None, ge=1, le=100)
    reps: int | None = Field(default=None, ge=1, le=1000)
    load: float | None = Field(default=None, ge=0, le=2000)
    load_unit: LoadUnit | None = None
    band_colour: str = Field(default="", max_length=30)
    hold_seconds: int | None = Field(default=None, ge=1, le=3600)
    duration_minutes: float | None = Field(default=None, gt=0, le=MAX_SERVICE_MINUTES)
    distance: float | None = Field(default=None, gt=0, le=100_000)
    distance_unit: DistanceUnit | None = None
    # What changed since the last visit, or why the parameters were kept the same.
    progression: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _units_given(self) -> Self:
        if self.load is not None and self.load_unit in (None, LoadUnit.BAND):
            raise ValueError("a numeric load needs load_unit lb, kg or bodyweight")
        if self.distance is not None and self.distance_unit is None:
            raise ValueError("a distance needs distance_unit")
        return self

    @property
    def has_load(self) -> bool:
        return (
            self.load is not None
            or bool(self.band_colour.strip())
            or self.load_unit in (LoadUnit.BAND, LoadUnit.BODYWEIGHT)
        )


class InterventionCategory(StrEnum):
    """The same names as the `category` of each code in the billing code catalog."""

    THERAPEUTIC_EXERCISE = "therapeutic_exercise"
    NEUROMUSCULAR_REEDUCATION = "neuromuscular_reeducation"
    GAIT = "gait"
    MANUAL_THERAPY = "manual_therapy"
    THERAPEUTIC_ACTIVITIES = "therapeutic_activities"
    SELF_CARE = "self_care"
    MODALITY = "modality"
    AQUATIC = "aquatic"
    MASSAGE = "massage"
    WHEELCHAIR = "wheelchair"
    PERFORMANCE_TEST = "performance_test"
    ORTHOTIC = "orthotic"
    GROUP = "group"
    EVALUATION = "evaluation"
    RE_EVALUATION = "re_evaluation"
    SPEECH_TREATMENT = "speech_treatment"
    OTHER = "other"


class Intervention(Fact):
    category: InterventionCategory
    code: str | None = Field(default=None, pattern=CODE_PATTERN)
    description: str = Field(default="", max_length=MAX_FIELD)
    minutes: int | None = Field(default=None, ge=0, le=MAX_SERVICE_MINUTES)
    # Who furnished it; an assistant's minutes count as furnished by the assistant alone.
    provider: Role = Role.PT
    purpose: str = Field(default="", max_length=MAX_FIELD)
    goal_ids: list[GoalId] = Field(default_factory=list, max_length=20)
    skilled_rationale: str = Field(default="", max_length=MAX_FIELD)
    response: str = Field(default="", max_length=MAX_FIELD)
    exercises: list[Exercise] = Field(default_factory=list, max_length=50)


class Statement(Fact):
    text: str = Field(default="", max_length=MAX_FIELD)


class ProposedLine(NoteModel):
    """A claim line as the draft proposes it; the validator recomputes and compares."""

    code: str = Field(pattern=CODE_PATTERN)
    units: int = Field(ge=1, le=100)
    modifiers: list[Modifier] = Field(default_factory=list, max_length=5)


class Note(NoteModel):
    schema_version: Literal["1"]
    note_type: NoteType
    date_of_service: CalendarDate
    discipline: Discipline
    clinician: Clinician
    # The therapist who supervises an assistant's note and co-signs it where required.
    supervisor: Clinician | None = None
    # A note is the document, not its lifecycle: whether it was co-signed is the store's
    # record. Notes written before still say "cosigned"; the key is accepted and dropped
    # (never dumped, not in the schema).
    cosigned: SkipJsonSchema[bool | None] = Field(default=None, exclude=True)
    payer: Payer = Field(default_factory=Payer)
    source_text: str = Field(default="", max_length=MAX_TEXT)
    subjective: str = Field(default="", max_length=MAX_SECTION)
    objective: str = Field(default="", max_length=MAX_SECTION)
    assessment: str = Field(default="", max_length=MAX_SECTION)
    plan: str = Field(default="", max_length=MAX_SECTION)
    diagnoses: list[Diagnosis] = Field(default_factory=list, max_length=20)
    goals: list[Goal] = Field(default_factory=list, max_length=MAX_ITEMS)
    measures: list[Measure] = Field(default_factory=list, max_length=MAX_ITEMS)
    interventions: list[Intervention] = Field(default_factory=list, max_length=MAX_ITEMS)
    medical_necessity: Statement | None = None
    total_timed_minutes: int | None = Field(default=None, ge=0, le=1440)
    total_treatment_minutes: int | None = Field(default=None, ge=0, le=1440)
    timer_segments: TimerList = Field(default_factory=list)
    claim_lines: list[ProposedLine] = Field(default_factory=list, max_length=MAX_ITEMS)

    @property
    def soap_text(self) -> str:
        return "\n".join((self.subjective, self.objective, self.assessment, self.plan))
