"""DX0xx: ICD-10-CM validity, billability and laterality (simple_icd_10_cm)."""

import pytest

from tests.rules.validation.helpers import ROW, case, run_case

CASES = [
    case("DX001", id="present"),
    case("DX001", {"diagnoses": []}, path="diagnoses", id="none"),
    case("DX002", {"diagnoses.0.code": "m1711"}, id="lower-case-no-dot"),
    case("DX002", {"diagnoses.0.code": "M17.99"}, path="diagnoses[0].code", id="not-a-code"),
    case("DX003", {"diagnoses.0.code": "M17.0"}, id="billable"),
    case("DX003", {"diagnoses.0.code": "M17.1"}, path="diagnoses[0].code", id="category"),
    case("DX004", {"diagnoses.0.code": "M17.0"}, id="bilateral"),
    case("DX004", {"diagnoses.0.code": "M54.50"}, note="pt_evaluation_back", id="no-side"),
    case("DX004", {"diagnoses.0.code": "M17.12"}, path="diagnoses[0].code", id="left-vs-right"),
    case(
        "DX004",
        {"diagnoses.0.code": "M19.012"},
        note="ot_daily_shoulder",
        path="diagnoses[0].code",
        id="left-shoulder",
    ),
    # Diagnoses in words: the example says "Dx right knee OA" and codes it M17.11.
    case("DX005", id="already-coded"),
    case("DX005", {"diagnoses": []}, path="diagnoses", id="words-only"),
    case("DX005", {"diagnoses": [], "source_text": "Dx R ankle sprain."}, id="asks-instead"),
    case("DX006", {"diagnoses": []}, id="side-stated"),
    case(
        "DX006",
        {"diagnoses": [], "source_text": "Dx R ankle sprain."},
        path="diagnoses",
        id="no-7th-character",
    ),
    case(
        "DX006",
        {"diagnoses": [], "source_text": "Dx knee OA."},
        path="diagnoses",
        id="no-side",
    ),
]


@pytest.mark.parametrize(ROW, CASES)
def test_rule(rule, note, changes, context, path):
    run_case(rule, note, changes, context, path)


def test_right_knee_code_with_everything_on_the_left():
    from tests.rules.validation.helpers import check, example

    note = example()
    for item in note["measures"]:
        item["side"] = "left"
    for ex in note["interventions"][0]["exercises"]:
        ex["side"] = "left"
    [finding] = [f for f in check(note) if f.rule == "DX004"]
    assert "for the right side" in finding.message
    assert "left side" in finding.message


@pytest.mark.parametrize(
    ("code", "valid", "billable", "side"),
    [
        ("M17.11", True, True, "right"),
        ("S83.511A", True, True, "right"),
        ("S83.511", True, False, "right"),
        ("M25.512", True, True, "left"),
        ("I63.9", True, True, None),
        ("Z99.9", False, False, None),
    ],
)
def test_lookup(code, valid, billable, side):
    from assistant.services.icd import icd_code_set

    icd = icd_code_set().lookup(code)
    assert (icd.valid, icd.billable, icd.side) == (valid, billable, side)


def test_the_dx_rules_judge_by_the_code_set_handed_in():
    # Rules read no files: a caller's own code set decides, even against the real one.
    from assistant.domain.note import Note
    from assistant.rules.validation import validate
    from assistant.rules.validation.icd import IcdCodeSet
    from tests.rules.validation.helpers import edited, example

    note = Note.model_validate(edited(example(), {"diagnoses.0.code": "M17.99"}))
    own = IcdCodeSet({"M17.99": (True, "Test code, right knee")})
    assert "DX002" not in {f.rule for f in validate(note, icd=own)}
    assert "DX002" in {f.rule for f in validate(note, icd=IcdCodeSet({}))}


def test_dx001_points_at_the_suggestion_for_words_without_a_code() -> None:
    from tests.rules.validation.helpers import check, edited, example

    found = check(edited(example(), {"diagnoses": []}))
    dx001 = next(f for f in found if f.rule == "DX001")
    assert "'right knee OA'" in dx001.hint
    dx005 = next(f for f in found if f.rule == "DX005")
    assert dx005.message.startswith("'right knee OA' (characters 3-16) suggests M17.11 ")
