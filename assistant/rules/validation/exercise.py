"""TE0xx: what an auditor looks for on every 97110 (therapeutic exercise) line.

Sources: Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 sec. 220.3 (daily treatment
note content), LCD L33631 (Outpatient Physical and Occupational Therapy Services), and the
APTA defensible-documentation elements summarised in docs/domain.md.
"""

from collections.abc import Iterator

from assistant.domain.note import Exercise, ExerciseKind, Intervention
from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.keywords import exercise_terms, normalise
from assistant.rules.validation.review import Review
from assistant.rules.validation.vague import unnamed_hint

rule = RuleSet()
CODE = "97110"

# The dose a reader needs to repeat or progress each kind of exercise. Each entry is a group
# of alternatives: at least one parameter of every group must be documented.
# Range of motion is dosed by repetitions or by time ("pulleys 5 min", "press-ups x10").
_ROM = (("reps", "duration_minutes"),)
_EXPECTED: dict[ExerciseKind | None, tuple[tuple[str, ...], ...]] = {
    ExerciseKind.AROM: _ROM,
    ExerciseKind.AAROM: _ROM,
    ExerciseKind.PROM: _ROM,
    ExerciseKind.ISOMETRIC: (("reps",), ("hold_seconds",)),
    ExerciseKind.ISOTONIC: (("sets",), ("reps",), ("load",)),
    ExerciseKind.ISOKINETIC: (("sets",), ("reps",), ("load",)),
    ExerciseKind.STRETCH: (("reps",), ("hold_seconds",)),
    ExerciseKind.ENDURANCE: (("duration_minutes", "distance"),),
    # Type unknown: some count or time is the least a reader needs.
    None: (("reps", "hold_seconds", "duration_minutes", "distance"),),
}
_LABEL = {
    "sets": "sets",
    "reps": "repetitions",
    "load": "load (weight or band colour)",
    "hold_seconds": "hold time",
    "duration_minutes": "duration",
    "distance": "distance",
}


def _present(ex: Exercise, name: str) -> bool:
    return ex.has_load if name == "load" else getattr(ex, name) is not None


def parameters_present(ex: Exercise) -> bool:
    return any(_present(ex, name) for name in _LABEL)


def bodyweight(ex: Exercise) -> bool:
    """An exercise done against the patient's own weight: no load needs writing."""
    return exercise_terms().bodyweight.search(normalise(ex.name)) is not None


def implied_kind(ex: Exercise) -> ExerciseKind | None:
    """The type written, else the one the name says ("calf stretch", "bike", "quad sets")."""
    if ex.kind is not None:
        return ex.kind
    named = exercise_terms().kind(normalise(ex.name))
    return ExerciseKind(named) if named else None


def _held_repetitions(ex: Exercise) -> bool:
    """ "Bird dogs x10 5 s hold": a count of holds, the whole dose of a held exercise."""
    return ex.reps is not None and ex.hold_seconds is not None


def missing_parameters(ex: Exercise) -> list[str]:
    missing = []
    for group in _EXPECTED[implied_kind(ex)]:
        if group == ("load",) and bodyweight(ex):
            continue
        # Whether a named exercise is moved through or held is the writer's to show, and a
        # hold shows it (as kind_evident reads it): its repetitions need no set count.
        if group == ("sets",) and _held_repetitions(ex):
            continue
        if not any(_present(ex, name) for name in group):
            missing.append(" or ".join(_LABEL[name] for name in group))
    return missing


def region_evident(ex: Exercise) -> bool:
    """The region is written, or the exercise's name says it ("hamstring curl", "bridges")."""
    return bool(ex.body_region.strip()) or bool(exercise_terms().region.search(normalise(ex.name)))


def kind_evident(ex: Exercise) -> bool:
    """The type is written, its name says it ("calf stretch", "bike"), or its dose does: a
    weight or band makes it resisted, a bout of minutes endurance, a hold a held position."""
    if ex.has_load or ex.hold_seconds is not None or ex.duration_minutes is not None:
        return True
    return implied_kind(ex) is not None


def _exercises(review: Review) -> Iterator[tuple[str, Exercise]]:
    for i, iv in review.coded(CODE):
        for j, ex in enumerate(iv.exercises):
            yield f"interventions[{i}].exercises[{j}]", ex


@rule("TE001")
def exercises_named(review: Review) -> Iterator[Issue]:
    # Judged per code, not per intervention: an assistant's share of 97110 is often recorded
    # as its own intervention while the exercises are listed once, on the therapist's.
    coded = list(review.coded(CODE))
    if coded and not any(iv.exercises for _, iv in coded):
        first = coded[0][0]
        yield Issue(
            f"interventions[{first}].exercises",
            "97110 is billed but no exercise is named",
            unnamed_hint(review),
        )


def _undosed(iv: Intervention) -> bool:
    return bool(iv.exercises) and not any(parameters_present(ex) for ex in iv.exercises)


def _names(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


@rule("TE010")
def dose_documented(review: Review) -> Iterator[Issue]:
    # The service's dose is undocumented only when no exercise of it has one; a single
    # exercise without a dose beside dosed ones is an incomplete entry (TE003).
    for i, iv in review.coded(CODE):
        if _undosed(iv):
            names = _names([ex.name for ex in iv.exercises])
            yield Issue(
                f"interventions[{i}].exercises",
                f"97110 names {names} but no sets, reps, load, hold, duration or distance",
            )


@rule("TE003")
def parameters_complete(review: Review) -> Iterator[Issue]:
    for i, iv in review.coded(CODE):
        if _undosed(iv):
            continue  # TE010 already asks for the whole dose, once
        for j, ex in enumerate(iv.exercises):
            path = f"interventions[{i}].exercises[{j}]"
            if not parameters_present(ex):
                yield Issue(
                    path,
                    f"'{ex.name}' has no sets, reps, load, hold, duration or distance",
                    "Record its dose as for the other exercises, e.g. 2 x 10 or 30 s holds.",
                )
                continue
            missing = missing_parameters(ex)
            if missing:
                implied = implied_kind(ex)
                kind = f"{implied} exercise" if implied else "exercise"
                yield Issue(
                    path,
                    f"{kind} '{ex.name}' is missing {'; '.join(missing)}",
                    f"Add the {missing[0]} so the next clinician can repeat or progress it.",
                )


@rule("TE004")
def body_region(review: Review) -> Iterator[Issue]:
    for path, ex in _exercises(review):
        if not region_evident(ex):
            yield Issue(f"{path}.body_region", f"'{ex.name}' does not say which body region")


@rule("TE005")
def exercise_kind(review: Review) -> Iterator[Issue]:
    for path, ex in _exercises(review):
        if not kind_evident(ex):
            yield Issue(f"{path}.kind", f"'{ex.name}' does not say what type of exercise it is")


@rule("TE006")
def purpose(review: Review) -> Iterator[Issue]:
    for i, iv in review.coded(CODE):
        if not iv.purpose.strip():
            yield Issue(f"interventions[{i}].purpose", "97110 does not state its purpose")


@rule("TE007")
def goal_link(review: Review) -> Iterator[Issue]:
    if not review.goal_ids:
        return  # no goal exists to link to: POC007 asks for the goals, once
    for i, iv in review.coded(CODE):
        if not iv.goal_ids:
            yield Issue(f"interventions[{i}].goal_ids", "97110 is not linked to any goal")


@rule("TE008")
def skilled_need(review: Review) -> Iterator[Issue]:
    for i, iv in review.coded(CODE):
        if not iv.skilled_rationale.strip():
            yield Issue(
                f"interventions[{i}].skilled_rationale",
                "97110 does not say why a therapist's skill was needed",
            )


@rule("TE009")
def response(review: Review) -> Iterator[Issue]:
    for i, iv in review.coded(CODE):
        if not iv.response.strip():
            yield Issue(f"interventions[{i}].response", "97110 does not record the response")


RULES = rule.rules
