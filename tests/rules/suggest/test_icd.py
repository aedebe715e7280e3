"""ICD-10-CM suggestions from diagnosis words, against the real code set (simple-icd-10-cm).

Rows: the words as a therapist writes them, the top candidate (or None), and the question
asked when the words do not say enough. Side and 7th character are never guessed.
"""

from datetime import date

import pytest

from assistant.domain.note import Clinician, Diagnosis, Note
from assistant.domain.suggestion import CodeSystem
from assistant.rules.suggest import suggest
from assistant.rules.suggest.icd import icd_suggestions
from assistant.services.icd import icd_code_set


def note(text: str, codes: tuple[str, ...] = ()) -> Note:
    return Note(
        schema_version="1",
        note_type="daily",
        date_of_service=date(2026, 3, 2),
        discipline="PT",
        clinician=Clinician(role="PT"),
        source_text=text,
        diagnoses=[Diagnosis(code=c) for c in codes],
    )


SIDE = "the side"
SEVENTH = "7th character"


@pytest.mark.parametrize(
    ("text", "top", "asks"),
    [
        # Issue 12's examples.
        ("R knee OA", "M17.11", None),
        ("s/p L TKA", "Z96.652", None),
        ("low back pain with sciatica, left", "M54.42", None),
        # Other spellings of side and condition.
        ("Dx: right knee osteoarthritis", "M17.11", None),
        ("Dx L knee DJD", "M17.12", None),
        ("Diagnosis low back pain with sciatica on the left", "M54.42", None),
        ("Dx: LBP", "M54.50", None),
        ("Dx M54.2 cervicalgia", "M54.2", None),
        ("Dx: L shoulder impingement", "M75.42", None),
        ("Dx R CTS", "G56.01", None),
        ("Dx B/L CTS", "G56.03", None),
        ("Dx R hip fx s/p ORIF, subsequent encounter", "S72.001D", None),
        # ICD-10-CM guideline I.C.6.a: a left side affected defaults to non-dominant.
        ("left hemiparesis after stroke", "I69.354", None),
        ("Dx plantar fasciitis", "M72.2", None),
        # Nothing to guess: the side or the encounter is asked, one candidate per answer.
        ("Dx knee OA", "M17.11", SIDE),
        ("Dx R ankle sprain", "S93.401", SEVENTH),
        ("ankle sprain", "S93.401", SIDE),
        ("s/p TKA", "Z96.651", SIDE),
        # Not a diagnosis: nothing is suggested.
        ("Pt walked 300 ft with SPC", None, None),
    ],
)
def test_words_to_codes(text: str, top: str | None, asks: str | None) -> None:
    found = icd_suggestions(note(text), icd_code_set())
    if top is None:
        assert found == []
        return
    first = found[0]
    assert first.candidates[0].code == top
    assert first.system is CodeSystem.ICD10CM
    if asks is None:
        assert first.question == ""
    else:
        assert asks in first.question
    # The words that led there, at their place in the source text.
    span = first.evidence[0]
    assert text[span.start : span.end] == span.text == first.words


def test_a_missing_side_lists_each_side_and_never_ranks_a_guess() -> None:
    (found,) = icd_suggestions(note("Dx knee OA"), icd_code_set())
    assert [(c.code, c.reason) for c in found.candidates] == [
        ("M17.11", "if right"),
        ("M17.12", "if left"),
        ("M17.0", "if bilateral"),
    ]


def test_a_missing_7th_character_offers_only_headings() -> None:
    (found,) = icd_suggestions(note("Dx R ACL sprain"), icd_code_set())
    assert found.candidates[0].code == "S83.511"
    assert all(len(c.code) == 7 for c in found.candidates)  # S83.511, never S83.511D
    assert "add the 7th character" in found.candidates[0].reason


def test_a_coded_diagnosis_is_not_suggested_again() -> None:
    assert icd_suggestions(note("Dx M17.11 R knee OA", ("M17.11",)), icd_code_set()) == []


def test_symptoms_in_passing_are_not_diagnoses() -> None:
    text = "Dx right knee OA. Pt reports right knee pain 4/10."
    found = icd_suggestions(note(text), icd_code_set())
    assert [s.candidates[0].code for s in found] == ["M17.11"]


def test_every_candidate_is_a_real_code_with_its_official_description() -> None:
    icd = icd_code_set()
    text = "Dx R knee OA; s/p L THA; LBP with sciatica, right; R ankle sprain; L CTS"
    found = suggest(note(text), icd)
    assert len(found) == 5
    for s in found:
        for c in s.candidates:
            looked = icd.lookup(c.code)
            assert looked.valid
            assert c.description == looked.description
