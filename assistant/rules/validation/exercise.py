"""TE0xx: what an auditor looks for on every 97110 (therapeutic exercise) line.

Sources: Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 sec. 220.3 (daily treatment
note content), LCD L33631 (Outpatient Physical and Occupational Therapy Services), and the
APTA defensible-documentation elements summarised in docs/domain.md.
"""

from collections.abc import Iterator

from assistant.domain.note import Exercise, ExerciseKind
from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.review import Review

rule = RuleSet()
CODE = "97110"

# The dose a reader needs to repeat or progress each kind of exercise. Each entry is a group
# of alternatives: at least one parameter of every group must be documented.
_EXPECTED: dict[ExerciseKind | None, tuple[tuple[str, ...], ...]] = {
    ExerciseKind.AROM: (("sets",), ("reps",)),
    ExerciseKind.AAROM: (("sets",), ("reps",)),
    ExerciseKind.PROM: (("sets",), ("reps",)),
    ExerciseKind.ISOMETRIC: (("reps",), ("hold_seconds",)),
    ExerciseKind.ISOTONIC: (("sets",), ("reps",), ("load",)),
    ExerciseKind.ISOKINETIC: (("sets",), ("reps",), ("load",)),
    ExerciseKind.STRETCH: (("reps",), ("hold_seconds",)),
    ExerciseKind.ENDURANCE: (("duration_minutes", "distance"),),
    None: (("sets", "duration_minutes", "distance"), ("reps", "duration_minutes", "distance")),
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


def missing_parameters(ex: Exercise) -> list[str]:
    missing = []
    for group in _EXPECTED[ex.kind]:
        if not any(_present(ex, name) for name in group):
            missing.append(" or ".join(_LABEL[name] for name in group))
    return missing


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
        yield Issue(f"interventions[{first}].exercises", "97110 is billed but no exercise is named")


@rule("TE002")
def parameters_documented(review: Review) -> Iterator[Issue]:
    for path, ex in _exercises(review):
        if not parameters_present(ex):
            yield Issue(path, f"'{ex.name}' has no sets, reps, load, hold, duration or distance")


@rule("TE003")
def parameters_complete(review: Review) -> Iterator[Issue]:
    for path, ex in _exercises(review):
        if not parameters_present(ex):
            continue  # TE002 already asks for the whole dose
        missing = missing_parameters(ex)
        if missing:
            kind = f"{ex.kind} exercise" if ex.kind else "exercise"
            yield Issue(
                path,
                f"{kind} '{ex.name}' is missing {'; '.join(missing)}",
                f"Add the {missing[0]} so the next clinician can repeat or progress it.",
            )


@rule("TE004")
def body_region(review: Review) -> Iterator[Issue]:
    for path, ex in _exercises(review):
        if not ex.body_region.strip():
            yield Issue(f"{path}.body_region", f"'{ex.name}' does not say which body region")


@rule("TE005")
def exercise_kind(review: Review) -> Iterator[Issue]:
    for path, ex in _exercises(review):
        if ex.kind is None:
            yield Issue(f"{path}.kind", f"'{ex.name}' does not say what type of exercise it is")


@rule("TE006")
def purpose(review: Review) -> Iterator[Issue]:
    for i, iv in review.coded(CODE):
        if not iv.purpose.strip():
            yield Issue(f"interventions[{i}].purpose", "97110 does not state its purpose")


@rule("TE007")
def goal_link(review: Review) -> Iterator[Issue]:
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
