"""Property: the validator never crashes on a schema-valid note, with or without context."""

from datetime import date, datetime, time, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.domain.context import VisitContext
from assistant.domain.findings import Severity
from assistant.domain.note import (
    ExerciseKind,
    GoalTerm,
    InterventionCategory,
    MeasureKind,
    Note,
    NoteType,
    Side,
)
from assistant.rules import tables
from assistant.rules.registry import REGISTRY
from assistant.rules.validation import review
from assistant.services.icd import icd_code_set

CODES = [*sorted(tables.catalog()), "99999"]
ROLES = ["PT", "PTA", "OT", "OTA", "SLP"]
WORDS = st.sampled_from(
    ["", "transfers", "bridges", "gait with walker", "STM", "balance on foam", "ADL", "x"]
)
TEXT = WORDS | st.text(max_size=30)
GOALS = st.sampled_from(["G1", "G2", "LTG1", "STG9"])
DAYS = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31))
ICD = st.sampled_from(["M17.11", "M17.12", "M17.1", "M17", "Z99.9", "S83.511A", "m1711", "R26.89"])


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def spans(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.integers(0, 300))
    end = start + draw(st.integers(0, 30))
    return {"start": start, "end": end, "text": draw(TEXT)}


EVIDENCE = st.lists(spans(), max_size=2)


@st.composite
def exercises(draw: st.DrawFn) -> dict[str, Any]:
    load = draw(maybe(st.floats(0, 200, allow_nan=False)))
    distance = draw(maybe(st.floats(1, 5000, allow_nan=False)))
    return {
        "name": draw(st.sampled_from(["bridges", "quad sets", "sit to stand", "bike"])),
        "body_region": draw(st.sampled_from(["", "right knee", "hip"])),
        "side": draw(maybe(st.sampled_from(list(Side)))),
        "kind": draw(maybe(st.sampled_from(list(ExerciseKind)))),
        "sets": draw(maybe(st.integers(1, 5))),
        "reps": draw(maybe(st.integers(1, 20))),
        "load": load,
        "load_unit": draw(st.sampled_from(["lb", "kg", "bodyweight"]))
        if load is not None
        else draw(maybe(st.sampled_from(["band", "bodyweight"]))),
        "band_colour": draw(st.sampled_from(["", "red"])),
        "hold_seconds": draw(maybe(st.integers(1, 60))),
        "duration_minutes": draw(maybe(st.floats(0.5, 30, allow_nan=False))),
        "distance": distance,
        "distance_unit": "ft" if distance is not None else None,
        "progression": draw(st.sampled_from(["", "added 1 lb"])),
        "evidence": draw(EVIDENCE),
    }


@st.composite
def measures(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(MeasureKind)))
    value: Any = {
        MeasureKind.PAIN: st.integers(0, 10),
        MeasureKind.ROM: st.integers(-90, 360),
        MeasureKind.MMT: st.sampled_from(["4-", "3+/5", "5"]),
        MeasureKind.OUTCOME: st.floats(-100, 100, allow_nan=False),
        MeasureKind.OTHER: TEXT,
    }[kind]
    return {
        "name": "m",
        "kind": kind,
        "side": draw(maybe(st.sampled_from(list(Side)))),
        "value": draw(value),
        "evidence": draw(EVIDENCE),
    }


@st.composite
def interventions(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "category": draw(st.sampled_from(list(InterventionCategory))),
        "code": draw(maybe(st.sampled_from(CODES))),
        "description": draw(TEXT),
        "minutes": draw(maybe(st.integers(0, 480))),
        "provider": draw(st.sampled_from(ROLES)),
        "purpose": draw(TEXT),
        "goal_ids": draw(st.lists(GOALS, max_size=2)),
        "skilled_rationale": draw(TEXT),
        "response": draw(TEXT),
        "exercises": draw(st.lists(exercises(), max_size=3)),
        "evidence": draw(EVIDENCE),
    }


@st.composite
def timers(draw: st.DrawFn, day: date) -> dict[str, Any]:
    start = datetime.combine(day + timedelta(days=draw(st.integers(-3, 3))), time(9)) + timedelta(
        minutes=draw(st.integers(0, 120))
    )
    return {
        "code": draw(st.sampled_from(CODES)),
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=draw(st.integers(0, 60)))).isoformat(),
        "provider": draw(st.sampled_from(ROLES)),
        "one_on_one": draw(st.booleans()),
    }


@st.composite
def notes(draw: st.DrawFn, max_items: int = 3) -> dict[str, Any]:
    day = draw(DAYS)
    words = " ".join(draw(st.lists(WORDS, max_size=40)))
    return {
        "schema_version": "1",
        "note_type": draw(st.sampled_from(list(NoteType))),
        "date_of_service": day.isoformat(),
        "discipline": draw(st.sampled_from(["PT", "OT", "SLP"])),
        "clinician": {
            "name": draw(st.sampled_from(["", "Dana"])),
            "credentials": draw(st.sampled_from(["", "PT"])),
            "role": draw(st.sampled_from(ROLES)),
        },
        "supervisor": draw(
            maybe(st.fixed_dictionaries({"name": TEXT, "role": st.sampled_from(ROLES)}))
        ),
        "payer": {
            "name": draw(st.sampled_from(["Medicare", "Acme"])),
            "unit_rule": draw(st.sampled_from(["cms", "ama"])),
            "medicare_rules": draw(maybe(st.booleans())),
        },
        "source_text": words,
        "subjective": words,
        "assessment": draw(TEXT),
        "diagnoses": draw(
            st.lists(st.fixed_dictionaries({"code": ICD, "evidence": EVIDENCE}), max_size=2)
        ),
        "goals": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"id": GOALS, "text": st.just("goal"), "term": st.sampled_from(list(GoalTerm))}
                ),
                max_size=2,
            )
        ),
        "measures": draw(st.lists(measures(), max_size=max_items)),
        "interventions": draw(st.lists(interventions(), max_size=max_items)),
        "medical_necessity": draw(maybe(st.fixed_dictionaries({"text": TEXT}))),
        "total_timed_minutes": draw(maybe(st.integers(0, 200))),
        "total_treatment_minutes": draw(maybe(st.integers(0, 200))),
        "timer_segments": draw(st.lists(timers(day), max_size=max_items)),
        "claim_lines": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "code": st.sampled_from(CODES),
                        "units": st.integers(1, 6),
                        "modifiers": st.lists(
                            st.sampled_from(["GP", "GO", "CQ", "KX"]), max_size=2
                        ),
                    }
                ),
                max_size=max_items,
            )
        ),
    }


@st.composite
def contexts(draw: st.DrawFn) -> dict[str, Any]:
    first = draw(DAYS)
    return {
        "schema_version": "1",
        "plan_of_care": draw(
            maybe(
                st.fixed_dictionaries(
                    {
                        "first_treatment": st.just(first.isoformat()),
                        "certified": st.booleans(),
                        "certified_through": maybe(DAYS.map(date.isoformat)),
                        "signed_order": st.booleans(),
                        "sent_on": maybe(DAYS.map(date.isoformat)),
                    }
                )
            )
        ),
        "treatment_days_since_progress_report": draw(maybe(st.integers(0, 30))),
        "previous_notes": draw(st.lists(notes(max_items=1), max_size=2)),
        "ytd_allowed": draw(st.floats(0, 5000, allow_nan=False)),
        "payer": draw(
            maybe(
                st.fixed_dictionaries(
                    {
                        "name": st.sampled_from(["Medicare", "Acme"]),
                        "requires_assistant_cosign": st.booleans(),
                    }
                )
            )
        ),
    }


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=notes(), context=maybe(contexts()))
def test_validator_never_crashes(note, context):
    parsed_context = VisitContext.model_validate(context) if context is not None else None
    report = review(Note.model_validate(note), parsed_context, icd=icd_code_set())
    assert all(f.rule in REGISTRY for f in report.findings)
    assert all(f.severity is REGISTRY.spec(f.rule).severity for f in report.findings)
    assert report.signable == (not any(f.severity is Severity.ERROR for f in report.findings))
