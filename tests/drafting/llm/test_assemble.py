"""From a model's extraction to a Note, with a hand-built extraction (no model involved)."""

from typing import Any

from assistant.drafting.assemble import build_note, ignored_keys
from assistant.drafting.extraction import NoteExtraction
from assistant.drafting.masking import Masker
from assistant.rules.validation import validate
from assistant.services.icd import icd_code_set
from tests.drafting.llm.conftest import PATIENT, PHI_DICTATION, session


def _exercise(name: str, quote: str = "", **numbers: Any) -> dict[str, Any]:
    fields = {
        "name": name,
        "quote": quote,
        "body_region": "",
        "side": None,
        "kind": None,
        "sets": None,
        "reps": None,
        "load": None,
        "load_unit": None,
        "band_colour": "",
        "hold_seconds": None,
        "duration_minutes": None,
        "progression": "",
    }
    return {**fields, **numbers}


def _extraction(**overrides: Any) -> NoteExtraction:
    data: dict[str, Any] = {
        "subjective": "[PATIENT] reports knee pain 4/10.",
        "objective": "Knee flexion AROM 110 degrees.",
        "assessment": "Tolerated well.",
        "plan": "Progress SLR to 3 lb.",
        "diagnoses": [],
        "interventions": [
            {
                "category": "therapeutic_exercise",
                "description": "Ther ex",
                "quote": "Ther ex 97110 x 25 min",
                "minutes": 25,
                "purpose": "",
                "skilled_rationale": "Cues for form.",
                "response": "",
                "goal_ids": ["G2", "G9"],
                "exercises": [
                    _exercise("bridges", "bridges 3x10", sets=3, reps=10),
                    _exercise(
                        "straight leg raise",
                        "straight leg raise 3x12 with 2 lb",
                        load=2,
                        load_unit=None,
                    ),
                    _exercise("squats with kettlebell", "squats 3x8", sets=3, reps=8),
                ],
            }
        ],
        "measures": [
            {
                "name": "knee pain",
                "quote": "knee pain is 4/10",
                "kind": "pain",
                "side": "right",
                "value": 4,
                "unit": "",
            },
            {"name": "pain", "quote": "", "kind": "pain", "side": None, "value": 12, "unit": ""},
        ],
        "goals": [],
        "medical_necessity": "",
        "total_timed_minutes": 35,
        "total_treatment_minutes": None,
    }
    data.update(overrides)
    return NoteExtraction.model_validate(data)


def _build(extraction: NoteExtraction) -> tuple[Any, list[Any]]:
    masker = Masker(PATIENT)
    masker.mask(PHI_DICTATION)
    return build_note(session(PHI_DICTATION, patient=PATIENT), extraction, masker.unmask_data)


def test_facts_get_evidence_from_the_source_only() -> None:
    note, _ = _build(_extraction())
    exercises = note.interventions[0].exercises
    assert [e.name for e in exercises] == [
        "bridges",
        "straight leg raise",
        "squats with kettlebell",
    ]
    for fact in [note.interventions[0], *exercises, *note.measures]:
        for span in fact.evidence:
            assert note.source_text[span.start : span.end] == span.text
    assert exercises[0].evidence[0].text == "bridges 3x10"


def test_invented_fact_is_kept_with_empty_evidence_and_flagged() -> None:
    note, _ = _build(_extraction())
    invented = note.interventions[0].exercises[2]
    assert invented.name == "squats with kettlebell"
    assert invented.evidence == []
    flagged = {f.path for f in validate(note, icd=icd_code_set()) if f.rule == "EV001"}
    assert "interventions[0].exercises[2].evidence" in flagged


def test_identifiers_are_restored_and_source_is_the_input() -> None:
    note, _ = _build(_extraction())
    assert note.subjective == "Maria Alvarez reports knee pain 4/10."
    assert note.source_text == PHI_DICTATION


def test_invalid_items_are_repaired_or_dropped_with_findings() -> None:
    note, findings = _build(_extraction())
    slr = note.interventions[0].exercises[1]
    assert slr.load is None  # a load without a unit cannot stand
    assert [m.value for m in note.measures] == [4]  # pain 12/10 is dropped
    rules = {(f.rule, f.path) for f in findings}
    assert ("DRF021", "interventions[0].exercises[1]") in rules
    assert ("DRF020", "measures[1]") in rules
    [dropped] = [f for f in findings if f.rule == "DRF020"]
    assert "outside 0 to 10" in dropped.message


def test_billing_never_comes_from_the_model() -> None:
    note, _ = _build(_extraction())
    assert note.claim_lines == []
    iv = note.interventions[0]
    assert iv.code == "97110"  # the catalog's only code for therapeutic exercise
    assert iv.goal_ids == ["G2"]  # G9 is not in the plan of care


def test_unknown_keys_in_raw_output_are_reported() -> None:
    raw = {
        "subjective": "x",
        "claim_lines": [{"code": "97530", "units": 8}],
        "interventions": [
            {
                "category": "therapeutic_activities",
                "units": 8,
                "exercises": [{"name": "a", "cpt": "x"}],
            }
        ],
    }
    assert ignored_keys(NoteExtraction, raw) == [
        "claim_lines",
        "interventions[0].units",
        "interventions[0].exercises[0].cpt",
    ]
    parsed = NoteExtraction.model_validate(
        {**_extraction().model_dump(), "claim_lines": [{"units": 8}]}
    )
    assert "claim_lines" not in parsed.model_dump()


def test_schema_is_strict_mode_compatible() -> None:
    """OpenAI strict mode: every property required, no extra properties, at every level."""
    schema = NoteExtraction.model_json_schema()

    def check(node: dict[str, Any]) -> None:
        if node.get("type") == "object":
            assert node["additionalProperties"] is False
            assert set(node["required"]) == set(node["properties"])
        for value in node.values():
            if isinstance(value, dict):
                check(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        check(item)

    check(schema)


def _dx(code: str, description: str, quote: str) -> dict[str, Any]:
    return {"code": code, "description": description, "quote": quote}


DX_SESSION_TEXT = "Dx M17.11, R knee OA. Ther ex 97110 x 25 min: bridges 3x10. Cues for form."


def _build_dx(*diagnoses: dict[str, Any], text: str = DX_SESSION_TEXT) -> tuple[Any, list[Any]]:
    data = _extraction().model_dump()
    data["diagnoses"] = list(diagnoses)
    masker = Masker(None)
    masker.mask(text)
    return build_note(session(text), NoteExtraction.model_validate(data), masker.unmask_data)


def test_a_stated_diagnosis_code_is_kept_with_its_evidence() -> None:
    note, findings = _build_dx(_dx("m1711", "R knee OA", "Dx M17.11, R knee OA"))
    [dx] = note.diagnoses
    assert (dx.code, dx.description) == ("M17.11", "R knee OA")
    assert [s.text for s in dx.evidence] == ["Dx M17.11, R knee OA"]
    assert not [f for f in findings if f.rule == "DRF023"]
    about = [f.rule for f in validate(note, icd=icd_code_set()) if f.path.startswith("diagnoses")]
    assert about == []  # no DX001 (the schema had no diagnoses), DX002 or EV001


def test_a_code_the_dictation_never_states_is_kept_and_flagged() -> None:
    # "R knee OA" coded by the model: the therapist must confirm the code.
    note, findings = _build_dx(
        _dx("M17.11", "R knee OA", "R knee OA"), text="R knee OA. Bridges 3x10."
    )
    assert [d.code for d in note.diagnoses] == ["M17.11"]
    assert [s.text for s in note.diagnoses[0].evidence] == ["R knee OA"]
    [flag] = [f for f in findings if f.rule == "DRF023"]
    assert flag.path == "diagnoses[0].code"
    assert "M17.11 is not written in the dictation" in flag.message


def test_an_invented_diagnosis_is_flagged_twice_and_an_unknown_code_by_icd() -> None:
    note, findings = _build_dx(
        _dx("M54.50", "low back pain", "low back pain"), _dx("Q99.99", "something", "")
    )
    assert [d.code for d in note.diagnoses] == ["M54.50", "Q99.99"]
    assert {f.path for f in findings if f.rule == "DRF023"} == {
        "diagnoses[0].code",
        "diagnoses[1].code",
    }
    found = {(f.rule, f.path) for f in validate(note, icd=icd_code_set())}
    assert ("EV001", "diagnoses[0].evidence") in found  # neither code nor words were said
    assert ("DX002", "diagnoses[1].code") in found  # not an ICD-10-CM code


def test_diagnoses_without_a_code_or_repeated_add_nothing() -> None:
    note, findings = _build_dx(
        _dx("", "R knee OA", "R knee OA"),
        _dx("M17.11", "R knee OA", "M17.11"),
        _dx("M17.11", "knee OA", "M17.11"),
        _dx("not a code", "x", ""),
    )
    assert [d.code for d in note.diagnoses] == ["M17.11"]
    assert [f.rule for f in findings if f.path.startswith("diagnoses[1]")] == ["DRF020"]
