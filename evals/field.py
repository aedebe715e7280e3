"""The field set: hand-written notes in clinicians' own voices, labelled by hand.

The synthetic generator can only test the phrasings its authors thought of; these notes are
written one by one, in many voices (terse shorthand, dictation with fillers and corrections,
therapist-patient transcripts, EMR paragraphs), good and deliberately weak, and each carries
its ground truth and a documentation label: `good` or `insufficient`. They live in
`evals/fieldset/*.toml`, apart from the generator and written without the parser's lexicon,
so a drafter change cannot quietly fit them.

The truth is what the note states, nothing more: an exercise's parameters are the ones the
clinician said, and a figure the clinician did not give stays empty. Diagnoses are scored only
when the note writes the code; diagnoses stated in words are kept in `diagnoses_in_words` for
the coding suggestions to be scored against later.
"""

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from assistant.domain.billing import Discipline, Role
from assistant.domain.context import PlanOfCare
from assistant.domain.note import (
    SCHEMA_VERSION,
    Clinician,
    Diagnosis,
    DistanceUnit,
    Exercise,
    ExerciseKind,
    Goal,
    GoalTerm,
    Intervention,
    InterventionCategory,
    LoadUnit,
    Measure,
    MeasureKind,
    Note,
    NoteType,
    Side,
    Span,
    Statement,
)
from assistant.domain.session import DraftContext, Patient, SessionInput
from assistant.rules import tables

FIELD_DIR = Path(__file__).with_name("fieldset")
LABELS = ("good", "insufficient")
VOICES = ("shorthand", "dictation", "transcript", "emr")
# What each note tests: the failure classes of issue 12 on real text, plus a few of our own
# (kg loads, cloned boilerplate). A note names the classes it exercises.
CLASSES = frozenset(
    {
        "dose_after_list", "dose_before_list", "lead_in_dose", "spelled_dose",
        "self_correction", "distance_height", "minute_range", "hour_minutes", "cpt_minutes",
        "band_apart", "slash_pair", "plan_not_exercise", "hep_not_exercise",
        "gait_not_exercise", "modality_not_exercise", "no_increase_pain", "percent_limit",
        "transcript_chatter", "cane_stairs", "dry_needling", "ot_fine_motor", "pnf", "vague",
        "see_flow_sheet", "kg_load", "cloned_boilerplate",
    }
)  # fmt: skip
DEFAULT_DATE = date(2026, 3, 2)
# A certified plan of care three weeks old and a progress report not yet due: the field set
# judges documentation, so the episode's paperwork is kept in order.
EPISODE_AGE = timedelta(days=21)
TREATMENT_DAYS = 4

_NOTE_KEYS = frozenset(
    {
        "id", "label", "discipline", "note_type", "clinician", "role", "voice", "classes",
        "date", "text", "total_timed", "total_treatment", "necessity", "diagnoses",
        "diagnoses_in_words", "goals", "measures", "interventions", "exercises", "why",
    }
)  # fmt: skip
_IV_KEYS = frozenset({"code", "category", "minutes", "provider", "goals", "skilled", "response"})
_EX_KEYS = frozenset(
    {
        "name", "also", "code", "sets", "reps", "load", "unit", "band", "hold", "duration",
        "distance", "distance_unit", "side", "kind", "region",
    }
)  # fmt: skip
_MEASURE_KEYS = frozenset({"name", "kind", "value", "side", "unit"})
_GOAL_KEYS = frozenset({"id", "text", "term"})
_ROLES = {Discipline.PT: Role.PT, Discipline.OT: Role.OT, Discipline.SLP: Role.SLP}


class FieldSetError(ValueError):
    """A field-set file that does not follow the format; names the file and the note."""


@dataclass(frozen=True)
class FieldCase:
    id: str
    file: str
    label: str
    voice: str
    classes: tuple[str, ...]
    text: str
    note: Note  # the ground-truth note
    context: DraftContext
    aliases: dict[str, tuple[str, ...]]  # exercise name -> the other names it goes by
    words_only_diagnoses: tuple[str, ...]

    @property
    def style(self) -> str:
        return self.voice

    @property
    def defects(self) -> list[str]:
        return []

    def session(self, previous: list[Note] | None = None) -> SessionInput:
        note = self.note
        return SessionInput(
            text=self.text,
            date_of_service=note.date_of_service,
            discipline=note.discipline,
            note_type=note.note_type,
            clinician=note.clinician,
            context=self.context,
        )


def _check_keys(where: str, row: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(row) - allowed)
    if unknown:
        raise FieldSetError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _side(value: Any) -> Side | None:
    return Side(value) if value else None


def _clinician(text: str, role: Role) -> Clinician:
    name, _, credentials = text.partition(",")
    return Clinician(name=name.strip(), credentials=credentials.strip(), role=role)


def _spans(text: str, *needles: str) -> list[Span]:
    """Evidence for the report: the first place one of the names occurs, when it does."""
    lower = text.lower()
    for needle in needles:
        at = lower.find(needle.lower()) if needle else -1
        if at >= 0:
            return [Span(start=at, end=at + len(needle), text=text[at : at + len(needle)])]
    return []


def _exercise(where: str, row: dict[str, Any], text: str) -> Exercise:
    _check_keys(where, row, _EX_KEYS)
    load, unit = row.get("load"), row.get("unit")
    if load is not None and unit is None:
        raise FieldSetError(f"{where}: a load needs its unit (lb or kg)")
    if row.get("band") and unit is None:
        unit = "band"
    if unit == "bodyweight" and load is None:
        load = None
    return Exercise(
        evidence=_spans(text, row["name"], *row.get("also", ())),
        name=row["name"],
        body_region=row.get("region", ""),
        side=_side(row.get("side")),
        kind=ExerciseKind(row["kind"]) if row.get("kind") else None,
        sets=row.get("sets"),
        reps=row.get("reps"),
        load=float(load) if load is not None else None,
        load_unit=LoadUnit(unit) if unit else None,
        band_colour=row.get("band", ""),
        hold_seconds=row.get("hold"),
        duration_minutes=row.get("duration"),
        distance=row.get("distance"),
        distance_unit=DistanceUnit(row["distance_unit"]) if row.get("distance_unit") else None,
    )


def _interventions(where: str, raw: dict[str, Any], text: str) -> list[Intervention]:
    catalog = tables.catalog()
    rows = raw.get("interventions", [])
    for k, row in enumerate(rows):
        here = f"{where}.interventions[{k}]"
        _check_keys(here, row, _IV_KEYS)
        # A service ptscribe has no code for (dry needling) is written with its category.
        if "code" not in row and "category" not in row:
            raise FieldSetError(f"{here}: needs a code or a category")
        if "code" in row and str(row["code"]) not in catalog:
            raise FieldSetError(f"{here}: unknown code {row['code']}")
    by_code: dict[str, list[Exercise]] = {str(r["code"]): [] for r in rows if "code" in r}
    for k, ex in enumerate(raw.get("exercises", [])):
        ex_code = str(ex.get("code", "97110"))
        if ex_code not in by_code:
            raise FieldSetError(f"{where}.exercises[{k}]: no intervention with code {ex_code}")
        by_code[ex_code].append(_exercise(f"{where}.exercises[{k}]", ex, text))
    out = []
    for row in rows:
        code = str(row["code"]) if "code" in row else None
        category = catalog[code].category if code else row["category"]
        out.append(
            Intervention(
                evidence=_spans(text, code or row["category"]),
                category=InterventionCategory(category),
                code=code,
                minutes=row.get("minutes"),
                provider=Role(row.get("provider", "PT")),
                goal_ids=list(row.get("goals", [])),
                # The scorer asks only whether each is documented; the truth says so.
                skilled_rationale="documented" if row.get("skilled") else "",
                response="documented" if row.get("response") else "",
                exercises=by_code.pop(code) if code and code in by_code else [],
            )
        )
    return out


def _measure(where: str, row: dict[str, Any]) -> Measure:
    _check_keys(where, row, _MEASURE_KEYS)
    value = row["value"]
    return Measure(
        name=row["name"],
        kind=MeasureKind(row["kind"]),
        side=_side(row.get("side")),
        value=float(value) if isinstance(value, int | float) else str(value),
        unit=row.get("unit", ""),
    )


def _goal(where: str, row: dict[str, Any], text: str) -> Goal:
    _check_keys(where, row, _GOAL_KEYS)
    return Goal(
        evidence=_spans(text, row["text"][:30]),
        id=row["id"],
        text=row["text"],
        term=GoalTerm(row.get("term", "short")),
    )


def parse_note(raw: dict[str, Any], file: str) -> FieldCase:
    where = f"{file}: note {raw.get('id', '?')}"
    _check_keys(where, raw, _NOTE_KEYS)
    for key in ("id", "label", "voice", "text", "clinician"):
        if key not in raw:
            raise FieldSetError(f"{where}: missing {key}")
    if raw["label"] not in LABELS:
        raise FieldSetError(f"{where}: label must be one of {', '.join(LABELS)}")
    if raw["voice"] not in VOICES:
        raise FieldSetError(f"{where}: voice must be one of {', '.join(VOICES)}")
    unknown = sorted(set(raw.get("classes", ())) - CLASSES)
    if unknown:
        raise FieldSetError(f"{where}: unknown class(es) {', '.join(unknown)}")
    text: str = raw["text"]
    discipline = Discipline(raw.get("discipline", "PT"))
    role = Role(raw.get("role", _ROLES[discipline]))
    clinician = _clinician(raw["clinician"], role)
    day = date.fromisoformat(raw["date"]) if "date" in raw else DEFAULT_DATE
    note_type = NoteType(raw.get("note_type", "daily"))
    goals = [_goal(f"{where}.goals[{k}]", g, text) for k, g in enumerate(raw.get("goals", []))]
    try:
        note = Note(
            schema_version=SCHEMA_VERSION,
            note_type=note_type,
            date_of_service=day,
            discipline=discipline,
            clinician=clinician,
            source_text=text,
            diagnoses=[
                Diagnosis(evidence=_spans(text, code), code=code)
                for code in raw.get("diagnoses", [])
            ],
            goals=goals,
            measures=[
                _measure(f"{where}.measures[{k}]", m) for k, m in enumerate(raw.get("measures", []))
            ],
            interventions=_interventions(where, raw, text),
            medical_necessity=Statement(text="documented") if raw.get("necessity") else None,
            total_timed_minutes=raw.get("total_timed"),
            total_treatment_minutes=raw.get("total_treatment"),
        )
    except ValueError as exc:
        raise FieldSetError(f"{where}: {exc}") from exc
    context = DraftContext(
        schema_version=SCHEMA_VERSION,
        plan_of_care=PlanOfCare(
            first_treatment=day - EPISODE_AGE,
            certified=True,
            certification_date=day - EPISODE_AGE + timedelta(days=2),
            certified_through=day - EPISODE_AGE + timedelta(days=89),
        ),
        treatment_days_since_progress_report=TREATMENT_DAYS,
        date_of_service=day,
        discipline=discipline,
        note_type=note_type,
        clinician=clinician,
        patient=Patient(name=""),
    )
    aliases = {
        ex["name"]: tuple(ex.get("also", ())) for ex in raw.get("exercises", []) if ex.get("also")
    }
    return FieldCase(
        id=raw["id"],
        file=file,
        label=raw["label"],
        voice=raw["voice"],
        classes=tuple(raw.get("classes", ())),
        text=text,
        note=note,
        context=context,
        aliases=aliases,
        words_only_diagnoses=tuple(raw.get("diagnoses_in_words", ())),
    )


def load_file(path: Path) -> list[FieldCase]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise FieldSetError(f"{path.name}: {exc}") from exc
    return [parse_note(raw, path.name) for raw in data.get("note", [])]


def load(directory: Path = FIELD_DIR) -> list[FieldCase]:
    """Every note of every file, in file then note order; ids must be unique."""
    out: list[FieldCase] = []
    for path in sorted(directory.glob("*.toml")):
        out.extend(load_file(path))
    seen: set[str] = set()
    for case in out:
        if case.id in seen:
            raise FieldSetError(f"{case.file}: note id {case.id} is used twice")
        seen.add(case.id)
    return out


def iter_cases(directory: Path = FIELD_DIR) -> Iterator[FieldCase]:
    yield from load(directory)
