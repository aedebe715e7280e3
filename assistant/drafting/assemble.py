"""Turn a model's extraction into a Note: restore identifiers, align evidence, enforce limits.

Every fact keeps the model's words but gets its evidence only from the source text (see
`align`); a fact that cannot be aligned is kept with empty evidence for the validator to flag.
A single item the Note model rejects (a pain score of 12, a load without a unit) loses the
offending fields, or the item if it cannot stand without them, and a finding says so: one bad
item must not cost the therapist the whole draft. Claim lines, units and codes are never taken
from the model; a code is filled in only where the catalog has exactly one code for the
category the model named.
"""

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.domain.billing import Discipline
from assistant.domain.findings import Finding
from assistant.domain.note import (
    Exercise,
    Goal,
    Intervention,
    Measure,
    Note,
    Statement,
)
from assistant.domain.session import SessionInput
from assistant.drafting.align import evidence
from assistant.drafting.diagnoses import build_diagnoses
from assistant.drafting.extraction import NoteExtractionV1
from assistant.rules.registry import finding
from assistant.rules.tables import catalog

# Drafter findings of the LLM path. DRF010-DRF019 are the model/offline cross-check.
DROPPED_ITEM = "DRF020"
CLEARED_FIELDS = "DRF021"
IGNORED_KEYS = "DRF022"

M = TypeVar("M", bound=BaseModel)


@cache
def _codes_by_category(discipline: Discipline) -> dict[str, str]:
    """The category -> code map restricted to categories with exactly one billable code."""
    seen: dict[str, list[str]] = {}
    for info in catalog().values():
        if discipline.value in info.disciplines and info.medicare_status not in ("B", "I"):
            seen.setdefault(info.category, []).append(info.code)
    return {category: codes[0] for category, codes in seen.items() if len(codes) == 1}


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.findings: list[Finding] = []

    def evidence(self, *phrases: str) -> list[dict[str, Any]]:
        return [s.model_dump() for s in evidence(self.source, [p for p in phrases if p])]

    def build(self, cls: type[M], data: dict[str, Any], path: str, label: str) -> M | None:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            if not bad and cls is Exercise:
                # Exercise's cross-field check (a load or distance needs its unit).
                bad = {"load", "load_unit", "distance", "distance_unit"}
            kept = {k: v for k, v in data.items() if k not in bad}
            try:
                item = cls.model_validate(kept)
            except ValidationError:
                self._note(DROPPED_ITEM, path, f"{label} dropped: {_why(exc)}")
                return None
            fields = ", ".join(sorted(bad & set(data)))
            self._note(CLEARED_FIELDS, path, f"{label}: cleared {fields}")
            return item

    def _note(self, rule: str, path: str, message: str) -> None:
        self.flag(rule, path, f"The model's {message}")

    def flag(self, rule: str, path: str, message: str) -> None:
        self.findings.append(finding(rule, message, path))


def _why(exc: ValidationError) -> str:
    # The message only, never the input value: values may hold patient text.
    first = exc.errors(include_input=False, include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "item"
    return f"{where}: {first['msg']}"


def _goal_id(index: int, known: set[str]) -> str:
    candidate = f"G{index + 1}"
    while candidate in known:
        candidate += "x"
    return candidate


def build_note(
    session: SessionInput, extraction: NoteExtractionV1, unmask: Callable[[Any], Any]
) -> tuple[Note, list[Finding]]:
    """The Note for `session` from a model's (masked) extraction, and the findings made."""
    data: dict[str, Any] = unmask(extraction.model_dump(mode="json"))
    b = _Builder(session.text)
    provider = session.resolved_clinician().role
    codes = _codes_by_category(session.discipline)
    poc = session.context.plan_of_care if session.context else None
    goal_ids = {g.id for g in poc.goals} if poc else set()

    interventions: list[Intervention] = []
    for i, iv in enumerate(data["interventions"]):
        path = f"interventions[{len(interventions)}]"
        exercises: list[Exercise] = []
        for j, ex in enumerate(iv["exercises"]):
            quote = ex.pop("quote")
            ex["evidence"] = b.evidence(quote, ex["name"])
            built = b.build(Exercise, ex, f"{path}.exercises[{len(exercises)}]", f"exercise {j}")
            if built is not None:
                exercises.append(built)
        fields = {k: v for k, v in iv.items() if k not in ("quote", "exercises")}
        fields["goal_ids"] = [g for g in fields["goal_ids"] if g in goal_ids]
        fields["code"] = codes.get(fields["category"])
        fields["provider"] = provider
        fields["exercises"] = exercises
        fields["evidence"] = b.evidence(iv["quote"], iv["description"])
        built_iv = b.build(Intervention, fields, path, f"intervention {i}")
        if built_iv is not None:
            interventions.append(built_iv)

    measures: list[Measure] = []
    for i, m in enumerate(data["measures"]):
        quote = m.pop("quote")
        m["evidence"] = b.evidence(quote, m["name"])
        built_m = b.build(Measure, m, f"measures[{len(measures)}]", f"measure {i}")
        if built_m is not None:
            measures.append(built_m)

    goals: list[Goal] = []
    for i, g in enumerate(data["goals"]):
        g["id"] = _goal_id(i, goal_ids)
        g["evidence"] = b.evidence(g["text"])
        built_g = b.build(Goal, g, f"goals[{len(goals)}]", f"goal {i}")
        if built_g is not None:
            goals.append(built_g)

    diagnoses = build_diagnoses(b, data.get("diagnoses", []))  # prompt v1 asks for none

    necessity = None
    if data["medical_necessity"].strip():
        text = data["medical_necessity"]
        necessity = b.build(
            Statement,
            {"text": text, "evidence": b.evidence(text)},
            "medical_necessity",
            "medical-necessity statement",
        )

    note = Note(
        schema_version="1",
        note_type=session.note_type,
        date_of_service=session.date_of_service,
        discipline=session.discipline,
        clinician=session.resolved_clinician(),
        payer=session.resolved_payer(),
        source_text=session.text,
        subjective=data["subjective"],
        objective=data["objective"],
        assessment=data["assessment"],
        plan=data["plan"],
        diagnoses=diagnoses,
        goals=goals,
        measures=measures,
        interventions=interventions,
        medical_necessity=necessity,
        total_timed_minutes=_minutes(data["total_timed_minutes"]),
        total_treatment_minutes=_minutes(data["total_treatment_minutes"]),
        timer_segments=session.timers,
        claim_lines=[],
    )
    return note, b.findings


def _minutes(value: int | None) -> int | None:
    return value if value is not None and 0 <= value <= 1440 else None


def ignored_keys(schema: type[BaseModel], data: Any, prefix: str = "") -> list[str]:
    """Paths of keys in a model's raw output that the schema does not have (e.g. units)."""
    if not isinstance(data, dict):
        return []
    found: list[str] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        info = schema.model_fields.get(key)
        if info is None:
            found.append(path)
            continue
        inner = _model_of(info.annotation)
        if inner is None:
            continue
        items = value if isinstance(value, list) else [value]
        for n, item in enumerate(items):
            where = f"{path}[{n}]." if isinstance(value, list) else f"{path}."
            found += ignored_keys(inner, item, where)
    return found


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def ignored_finding(paths: list[str]) -> Finding:
    shown = ", ".join(paths[:5]) + (" ..." if len(paths) > 5 else "")
    return finding(
        IGNORED_KEYS,
        f"The model returned fields ptscribe does not take from a model, ignored: {shown}",
    )
