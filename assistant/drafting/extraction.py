"""What the model is asked to return: a small extraction schema, not the full Note.

The Note carries evidence spans, claim lines, timers and validation limits that a model must
not and cannot supply. This schema keeps only what a dictation says, in the portable subset
of JSON Schema that both OpenAI's strict structured outputs and llama.cpp/vLLM grammars
accept: every field required (nullable instead of optional), no extra properties declared, no
length or range keywords. Ranges are enforced when the extraction becomes a Note.

Servers that enforce a function's schema with a grammar (llama.cpp) let a weak model ramble
inside one string until max_tokens; `bounded_schema()` adds length and item limits for them
(OpenAI's strict mode rejects those keywords, so it gets the plain schema).

The schema goes with the prompt version (`schema_for`): prompt v2 adds diagnoses.

Parsing ignores keys outside the schema (a server that does not enforce it may add
`claim_lines` or `units`): they are dropped and reported, never used.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.note import (
    ExerciseKind,
    GoalTerm,
    InterventionCategory,
    LoadUnit,
    MeasureKind,
    Side,
)

_QUOTE = "The exact words of the dictation this item comes from"


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore", json_schema_extra={"additionalProperties": False})


class ExtractedDiagnosis(_Out):
    code: str = Field(
        description="ICD-10-CM code as written in the dictation (e.g. M17.11); when only "
        "words are given, your best code for them, or empty"
    )
    description: str = Field(description="The diagnosis in the dictation's words")
    quote: str = Field(description=_QUOTE)


class ExtractedExercise(_Out):
    name: str = Field(description="Exercise name as the therapist said it")
    quote: str = Field(description=_QUOTE)
    body_region: str
    side: Side | None
    kind: ExerciseKind | None
    sets: int | None
    reps: int | None
    load: float | None = Field(description="Weight; null for a band (give band_colour)")
    load_unit: LoadUnit | None
    band_colour: str
    hold_seconds: int | None
    duration_minutes: float | None
    progression: str = Field(description="What changed since last visit, if said")


class ExtractedIntervention(_Out):
    category: InterventionCategory
    description: str
    quote: str = Field(description=_QUOTE)
    minutes: int | None = Field(description="Minutes only when the dictation states them")
    purpose: str
    skilled_rationale: str = Field(description="Why a therapist's skill was needed")
    response: str = Field(description="How the patient responded or tolerated it")
    goal_ids: list[str]
    exercises: list[ExtractedExercise]


class ExtractedMeasure(_Out):
    name: str
    quote: str = Field(description=_QUOTE)
    kind: MeasureKind
    side: Side | None
    value: float | str
    unit: str


class ExtractedGoal(_Out):
    text: str
    term: GoalTerm


class NoteExtractionV1(_Out):
    """A therapy note extracted from a dictation."""

    # Both versions are "NoteExtraction" to the model: the name is part of the request.
    model_config = ConfigDict(title="NoteExtraction")

    subjective: str
    objective: str
    assessment: str
    plan: str
    interventions: list[ExtractedIntervention]
    measures: list[ExtractedMeasure]
    goals: list[ExtractedGoal]
    medical_necessity: str
    total_timed_minutes: int | None
    total_treatment_minutes: int | None


class NoteExtraction(NoteExtractionV1):
    """A therapy note extracted from a dictation."""

    diagnoses: list[ExtractedDiagnosis]


def schema_for(prompt_version: int) -> type[NoteExtractionV1]:
    """The schema a prompt version asks for: a prompt and its output schema go together
    (prompt v1 asks for no diagnoses; a draft recorded with it replays byte for byte)."""
    return NoteExtractionV1 if prompt_version < 2 else NoteExtraction


# Limits for grammar-enforcing servers; generous for a daily note, tight enough that a
# rambling model stops. The Note model's own limits still apply afterwards.
_LONG_FIELDS = {"subjective", "objective", "assessment", "plan", "medical_necessity"}
LONG_TEXT = 400
SHORT_TEXT = 160
MAX_ITEMS = 6


def _bound(node: Any, key: str = "") -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and "enum" not in node:
            node["maxLength"] = LONG_TEXT if key in _LONG_FIELDS else SHORT_TEXT
        if node.get("type") == "array":
            node["maxItems"] = MAX_ITEMS
        for name, child in node.get("properties", {}).items():
            _bound(child, name)
        for name, child in node.items():
            if name != "properties":
                _bound(child, key)
    elif isinstance(node, list):
        for child in node:
            _bound(child, key)


def bounded_schema(model: type[NoteExtractionV1] = NoteExtraction) -> dict[str, Any]:
    """The extraction as an OpenAI function definition with length and item limits."""
    schema = model.model_json_schema()
    _bound(schema)
    return {
        "name": "NoteExtraction",
        "description": model.__doc__ or "",
        "parameters": schema,
    }
