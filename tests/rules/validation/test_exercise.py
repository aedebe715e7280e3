"""TE0xx: 97110 documentation elements. Exercises in the example: 0 bike (endurance, duration),
1 quad sets (isometric), 2 straight leg raise (isotonic, lb), 3 hip abduction (red band),
4 terminal knee extension (green band)."""

import pytest

from tests.rules.validation.helpers import ROW, case, run_case

EX = "interventions.0.exercises"
CASES = [
    case("TE001", id="exercises-named"),
    case(
        "TE001", {"interventions.0.code": "97112", "interventions.0.exercises": []}, id="not-97110"
    ),
    case("TE001", {EX: []}, path="interventions[0].exercises", id="none-named"),
    case("TE010", id="duration-alone-is-a-dose"),
    # One exercise without a dose among dosed ones is TE003's warning, not a blocking error.
    case(
        "TE010",
        {f"{EX}.1.sets": None, f"{EX}.1.reps": None, f"{EX}.1.hold_seconds": None},
        id="one-undosed-among-dosed",
    ),
    case(
        "TE010",
        {EX: [{"name": "bridges"}, {"name": "clamshells"}, {"name": "heel raises"}]},
        path="interventions[0].exercises",
        id="no-exercise-dosed",
    ),
    case("TE003", {f"{EX}.2.load": None, f"{EX}.2.load_unit": "bodyweight"}, id="bodyweight"),
    # Issue 12: TE003 asked a load for body-weight mini squats.
    case(
        "TE003",
        {f"{EX}.2.name": "mini squats", f"{EX}.2.load": None, f"{EX}.2.load_unit": None},
        id="bodyweight-by-name",
    ),
    case(
        "TE003",
        {f"{EX}.2.name": "bridges", f"{EX}.2.load": None, f"{EX}.2.load_unit": None},
        id="bridges-by-name",
    ),
    case("TE003", {f"{EX}.2.load": None}, path="interventions[0].exercises[2]", id="no-load"),
    case("TE003", {f"{EX}.1.hold_seconds": None}, path="interventions[0].exercises[1]", id="hold"),
    case(
        "TE003",
        {f"{EX}.1.sets": None, f"{EX}.1.reps": None, f"{EX}.1.hold_seconds": None},
        path="interventions[0].exercises[1]",
        id="undosed-among-dosed",
    ),
    # "Pulleys 5 min" and "press-ups x10" are a full dose of range of motion.
    case(
        "TE003",
        {f"{EX}.1.kind": "aarom", f"{EX}.1.sets": None, f"{EX}.1.reps": 10},
        id="rom-reps-alone",
    ),
    # Repetitions of a hold ("bird dogs x10 5 s hold") are a held exercise's whole dose: no
    # set count is asked of them, though it still is of plain repetitions.
    case(
        "TE003",
        {
            f"{EX}.2.name": "bird dogs",
            f"{EX}.2.sets": None,
            f"{EX}.2.hold_seconds": 5,
            f"{EX}.2.load": None,
            f"{EX}.2.load_unit": None,
        },
        id="held-repetitions",
    ),
    case(
        "TE003",
        {
            f"{EX}.2.name": "bird dogs",
            f"{EX}.2.sets": None,
            f"{EX}.2.load": None,
            f"{EX}.2.load_unit": None,
        },
        path="interventions[0].exercises[2]",
        id="repetitions-without-sets",
    ),
    # A service with no dose at all is TE010's one finding, not one TE003 per exercise.
    case(
        "TE003",
        {EX: [{"name": "bridges"}, {"name": "clamshells"}]},
        id="whole-service-undosed",
    ),
    case("TE004", id="region-given"),
    # The name says the region: "hamstring curl", "bridges", "bike".
    case("TE004", {f"{EX}.0.body_region": " "}, id="name-says-it"),
    case(
        "TE004",
        {f"{EX}.0.body_region": " ", f"{EX}.0.name": "lateral shuffles"},
        path="interventions[0].exercises[0].body_region",
        id="no-region",
    ),
    case("TE005", id="kind-given"),
    # A band makes it resisted; the name "stretch" or "bike" says the type too.
    case("TE005", {f"{EX}.3.kind": None}, id="band-says-resisted"),
    case("TE005", {f"{EX}.0.kind": None}, id="bike-says-endurance"),
    case(
        "TE005",
        {f"{EX}.3.kind": None, f"{EX}.3.band_colour": "", f"{EX}.3.load_unit": None},
        path="interventions[0].exercises[3].kind",
        id="no-kind",
    ),
    case("TE006", id="purpose-given"),
    case("TE006", {"interventions.0.purpose": ""}, path="interventions[0].purpose", id="none"),
    case("TE007", id="linked"),
    case("TE007", {"interventions.0.goal_ids": []}, path="interventions[0].goal_ids", id="none"),
    # No goal exists anywhere: POC007 asks for goals once; TE007 does not ask to link to none.
    case("TE007", {"interventions.0.goal_ids": [], "goals": []}, id="no-goals-at-all"),
    case("TE008", id="skilled"),
    case(
        "TE008",
        {"interventions.0.skilled_rationale": "  "},
        path="interventions[0].skilled_rationale",
        id="none",
    ),
    case("TE009", id="response"),
    case("TE009", {"interventions.0.response": ""}, path="interventions[0].response", id="none"),
]


@pytest.mark.parametrize(ROW, CASES)
def test_rule(rule, note, changes, context, path):
    run_case(rule, note, changes, context, path)


@pytest.mark.parametrize(
    ("kind", "params", "missing"),
    [
        ("isotonic", {"sets": 3, "reps": 10, "load": 5, "load_unit": "kg"}, []),
        ("stretch", {"reps": 3, "hold_seconds": 30}, []),
        ("stretch", {"reps": 3}, ["hold time"]),
        ("endurance", {"distance": 400, "distance_unit": "m"}, []),
        ("arom", {"reps": 10}, []),
        ("aarom", {"duration_minutes": 5}, []),
        ("arom", {"sets": 2}, ["repetitions or duration"]),
        ("isotonic", {"sets": 3, "reps": 10}, ["load (weight or band colour)"]),
        (None, {"duration_minutes": 5}, []),
        (None, {"sets": 2}, ["repetitions or hold time or duration or distance"]),
    ],
)
def test_missing_parameters_by_kind(kind, params, missing):
    from assistant.domain.note import Exercise
    from assistant.rules.validation.exercise import missing_parameters

    assert missing_parameters(Exercise(name="x", kind=kind, **params)) == missing


def test_assistant_share_without_its_own_exercise_list_is_not_te001() -> None:
    from tests.rules.validation.helpers import example, fired

    note = example()
    share = {
        "category": "therapeutic_exercise",
        "code": "97110",
        "minutes": 8,
        "provider": "PTA",
        "description": "PTA continued the exercises listed above",
    }
    note["interventions"].append(share)
    assert fired("TE001", note) == []
    for iv in note["interventions"]:
        if iv.get("code") == "97110":
            iv["exercises"] = []
    assert [f.path for f in fired("TE001", note)] == ["interventions[0].exercises"]


@pytest.mark.parametrize(
    ("name", "params", "missing"),
    [
        # The name gives the type whose dose is expected: a stretch needs a hold, not sets.
        ("L gastroc str", {"reps": 3, "hold_seconds": 30}, []),
        ("calf stretch", {"reps": 3}, ["hold time"]),
        ("quad sets", {"reps": 10, "hold_seconds": 5}, []),
        ("bike", {"duration_minutes": 8}, []),
        ("mini squats", {"sets": 2, "reps": 15}, []),  # body weight: no load to ask
        ("bridges", {"sets": 2}, ["repetitions"]),
        ("bicep curls", {"sets": 2, "reps": 12}, ["load (weight or band colour)"]),
    ],
)
def test_the_name_tells_the_type_and_whether_a_load_is_needed(name, params, missing):
    from assistant.domain.note import Exercise
    from assistant.rules.validation.exercise import missing_parameters

    assert missing_parameters(Exercise(name=name, **params)) == missing
