"""AU0xx: cloned text and unprogressed exercises against the previous signed notes."""

import pytest

from tests.rules.validation.helpers import ROW, case, edited, example, example_context, run_case

EARLIER = example_context()["previous_notes"][0]  # 2025-06-03, different text, lighter loads
COPY = edited(example(), {"date_of_service": "2025-06-05"})
TWO_EARLIER = [EARLIER, edited(EARLIER, {"date_of_service": "2025-06-05"})]

CASES = [
    case("AU001", {}, context={}, id="different-text"),
    case("AU001", {}, context={"previous_notes": [COPY]}, path="subjective", id="copied"),
    case(
        "AU001",
        {"subjective": example()["subjective"].replace("4/10", "3/10")},
        context={"previous_notes": [COPY]},
        path="objective",
        id="subjective-changed",
    ),
    case("AU002", {}, context={}, id="only-one-earlier-visit"),
    case(
        "AU002",
        {"interventions.0.exercises.0.progression": "bike held at level 2: knee effusion"},
        context={"previous_notes": TWO_EARLIER},
        path="interventions[0].exercises[1].progression",
        id="unchanged-quad-sets",
    ),
]


@pytest.mark.parametrize(ROW, CASES)
def test_rule(rule, note, changes, context, path):
    run_case(rule, note, changes, context, path)


def test_unchanged_exercise_with_a_reason_is_not_flagged():
    from tests.rules.validation.helpers import fired

    note = edited(example(), {"interventions.0.exercises.1.progression": "held: knee effusion"})
    context = edited(example_context(), {"previous_notes": TWO_EARLIER})
    paths = [f.path for f in fired("AU002", note, context)]
    # 0 bike, 3 hip abduction unchanged; 1 has a reason; 2 and 4 were progressed.
    assert paths == [
        "interventions[0].exercises[0].progression",
        "interventions[0].exercises[3].progression",
    ]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("one two three four", "one two three four", 0.0),  # too short to judge
        (" ".join(f"w{i}" for i in range(30)), " ".join(f"w{i}" for i in range(30)), 1.0),
    ],
)
def test_similarity(a, b, expected):
    from assistant.rules.validation.audit import shingles, similarity

    assert similarity(shingles(a), shingles(b)) == expected


def test_one_changed_word_stays_above_threshold():
    from assistant.rules.validation.audit import CLONE_THRESHOLD, shingles, similarity

    words = [f"w{i}" for i in range(200)]
    changed = [*words[:100], "new", *words[101:]]
    assert similarity(shingles(" ".join(words)), shingles(" ".join(changed))) >= CLONE_THRESHOLD
