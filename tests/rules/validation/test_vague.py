"""DOC0xx: vague and boilerplate documentation is a warning with a hint, said once.

The example note's response is "Tolerated well, no increase in pain" (specific enough: it
says pain did not rise) and its plan adds closed-chain work next visit."""

import pytest

from tests.rules.validation.helpers import ROW, case, check, edited, example, run_case

EX = "interventions.0.exercises"
SRC = "source_text"
CASES = [
    case("DOC001", id="specific-response"),
    case(
        "DOC001",
        {"interventions.0.response": "Tolerated well."},
        path="interventions[0].response",
        id="tolerated-well-alone",
    ),
    case(
        "DOC001",
        {"interventions.0.response": "Pt tol tx well, no c/o"},
        path=("interventions[0].response"),
        id="shorthand",
    ),
    case(
        "DOC001",
        {"interventions.0.response": "Tolerated well; quad fatigue by set 3, cues for form."},
        id="stock-phrase-and-more",
    ),
    # No response at all is TE009's finding, not a second one here.
    case("DOC001", {"interventions.0.response": ""}, id="empty-is-te009"),
    case("DOC002", id="no-flowsheet"),
    case(
        "DOC002",
        {SRC: "Ther ex 30 min per flowsheet. Bridges 2x10."},
        path="objective",
        id="flowsheet-with-exercises",
    ),
    # With no exercise named, TE001's error carries the flowsheet hint instead.
    case("DOC002", {SRC: "Ther ex 30 min, see flow sheet.", EX: []}, id="te001-says-it"),
    case("DOC003", id="exercises-named"),
    case(
        "DOC003",
        {
            SRC: "Pt did exercises as prev. Tolerated well.",
            "interventions.0.code": None,
            "interventions.0.category": "therapeutic_exercise",
            EX: [],
        },
        path="objective",
        id="generic-uncoded",
    ),
    case("DOC003", {SRC: "Pt did exercises as prev.", EX: []}, id="te001-says-it"),
    case("DOC004", id="plan-is-specific"),
    case("DOC004", {"plan": "Continue POC."}, path="plan", id="continue-poc"),
    case("DOC004", {"plan": "Cont plan of care, progress as tol."}, path="plan", id="shorthand"),
    case("DOC004", {"plan": "Continue POC 2x/wk."}, id="frequency-is-specific"),
    case("DOC004", {"plan": ""}, id="no-plan-written"),
]


@pytest.mark.parametrize(ROW, CASES)
def test_rule(rule, note, changes, context, path):
    run_case(rule, note, changes, context, path)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Ther ex 30 min, see flowsheet.", "flowsheet"),
        ("Pt did exercises. Tol well.", "'did exercises' does not say which"),
    ],
)
def test_unnamed_exercises_are_one_error_whose_hint_names_the_phrase(text, hint) -> None:
    found = check(edited(example(), {"source_text": text, EX: []}))
    te001 = [f for f in found if f.rule == "TE001"]
    assert len(te001) == 1
    assert hint in te001[0].hint
    assert not [f for f in found if f.rule in ("DOC002", "DOC003")]
