from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.domain.session import Patient
from assistant.drafting.masking import Masker
from tests.drafting.llm.conftest import PATIENT, PHI_DICTATION

# (text, what must be masked, what must survive)
CASES = [
    ("Maria Alvarez seen today", ["Maria Alvarez"], ["seen today"]),
    ("MARIA ALVAREZ seen", ["MARIA ALVAREZ"], []),
    ("Mrs. Alvarez reports", ["Alvarez"], ["Mrs."]),
    ("DOB 03/14/1958", ["03/14/1958"], ["DOB"]),
    # A city is a geographic identifier under HIPAA Safe Harbor, a place of birth too.
    ("born 3/14/58 in Boston", ["3/14/58", "Boston"], ["born"]),
    ("dob: March 14, 1958", ["March 14, 1958"], []),
    ("birthday 1958-03-14", ["1958-03-14"], []),
    ("MRN A4471902", ["A4471902"], ["MRN"]),
    ("chart A4471902 reviewed", ["A4471902"], ["chart"]),
    ("call (617) 555-0142", ["(617) 555-0142"], ["call"]),
    ("call 617.555.0142", ["617.555.0142"], []),
    ("lives at 42 Elm Street, Springfield, MA 01101", ["42 Elm Street, Springfield, MA 01101"], []),
    ("lives at 42 elm street", ["42 elm street"], []),
    # Identifier patterns, whoever they belong to.
    ("SSN 123-45-6789 on file", ["123-45-6789"], ["on file"]),
    ("social security number 123456789", ["123456789"], []),
    ("email m.alvarez@example.org please", ["m.alvarez@example.org"], ["please"]),
    ("daughter's cell 508-555-0199", ["508-555-0199"], []),
    ("Medical record no. 7788123 noted", ["7788123"], []),
    ("DOB: 7/4/1949 (other patient)", ["7/4/1949"], []),
]

# Clinical text that looks numeric but identifies no one.
KEPT = [
    "bridges 3x10, SLR 3x12 with 2 lb",
    "97110 x 23 min, 97140 x 7 min",
    "knee flexion 110-120 degrees",
    "date of service 06/02/2025",  # the masker's date of service stays readable
    "pain 4/10 today, 6/10 last visit",
    "walked 150 ft x 2 in 2:30",
]


@pytest.mark.parametrize(("text", "masked", "kept"), CASES)
def test_identifiers_are_masked_and_restored(text: str, masked: list[str], kept: list[str]) -> None:
    masker = Masker(PATIENT)
    result = masker.mask(text)
    for value in masked:
        assert value not in result.text
    for value in kept:
        assert value in result.text
    assert "[" in result.text
    assert masker.unmask(result.text) == text


@pytest.mark.parametrize("text", KEPT)
def test_clinical_numbers_are_not_masked(text: str) -> None:
    assert Masker(PATIENT, date_of_service=date(2025, 6, 2)).mask(text).text == text


def test_distinct_values_get_distinct_placeholders() -> None:
    masker = Masker(PATIENT)
    result = masker.mask("Maria Alvarez, Mrs. Alvarez, phone 617-555-0142 or 508-555-0199")
    assert result.text == "[PATIENT], Mrs. [PATIENT_2], phone [PHONE] or [PHONE_2]"
    assert result.originals["[PHONE_2]"] == "508-555-0199"


def test_the_same_masker_is_consistent_across_texts() -> None:
    masker = Masker(PATIENT)
    first = masker.mask("Maria Alvarez")
    second = masker.mask("goal: Maria Alvarez will walk")
    assert first.text == "[PATIENT]"
    assert second.text == "goal: [PATIENT] will walk"


def test_model_output_is_unmasked_everywhere() -> None:
    masker = Masker(PATIENT)
    masker.mask(PHI_DICTATION)
    data = {
        "subjective": "[PATIENT] reports 4/10",
        "items": [{"quote": "Mrs. [PATIENT_2]"}],
        "n": 3,
    }
    assert masker.unmask_data(data) == {
        "subjective": "Maria Alvarez reports 4/10",
        "items": [{"quote": "Mrs. Alvarez"}],
        "n": 3,
    }


def test_full_dictation_leaks_nothing() -> None:
    masked = Masker(PATIENT).mask(PHI_DICTATION).text
    for value in ("Maria", "Alvarez", "A4471902", "555-0142", "03/14/1958", "Elm"):
        assert value not in masked
    assert "bridges 3x10" in masked
    assert "97110 x 25 min" in masked


def test_a_placeholder_already_in_the_text_is_never_reused() -> None:
    masker = Masker(PATIENT)
    text = "template said [PATIENT] but this is Maria Alvarez"
    result = masker.mask(text)
    assert result.text == "template said [PATIENT] but this is [PATIENT_2]"
    assert masker.unmask(result.text) == text


def test_without_a_patient_only_patterns_are_masked() -> None:
    result = Masker(None).mask("Maria Alvarez DOB 03/14/1958 SSN 123-45-6789")
    assert result.text == "Maria Alvarez DOB [DOB] SSN [SSN]"


patients = st.builds(
    Patient,
    name=st.text(st.characters(categories=["L", "Zs"]), max_size=30),
    date_of_birth=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2025, 1, 1))),
    mrn=st.text(st.characters(categories=["Lu", "Nd"]), max_size=10),
    phone=st.text("0123456789 ()-", max_size=16),
)


@given(patient=patients, text=st.text(max_size=300))
def test_round_trip_restores_any_text(patient: Patient, text: str) -> None:
    masker = Masker(patient)
    assert masker.unmask(masker.mask(text).text) == text
