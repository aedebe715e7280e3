"""The generator: seeded determinism, valid ICD-10-CM codes, schema-valid notes, honest spans."""

from collections import Counter

from assistant.domain.context import VisitContext
from assistant.domain.note import Note
from assistant.services.icd import icd_code_set
from evals import vocab
from evals.case import build
from evals.generator import generate, generate_one
from evals.runner import cases
from evals.truth import DEFECTS, STYLES


def test_same_seed_same_cases_and_case_independent_of_n() -> None:
    a = [c.text for c in cases(5, 42)]
    b = [c.text for c in cases(5, 42)]
    assert a == b
    assert [c.text for c in cases(3, 42)] == a[:9]
    assert [c.text for c in cases(5, 43)] != a


def test_every_vocabulary_code_is_a_billable_icd10cm_code() -> None:
    for cond in vocab.CONDITIONS:
        for codes in cond.codes.values():
            for code in codes:
                found = icd_code_set().lookup(
                    code
                )  # simple-icd-10-cm, loaded with its warning silenced
                assert found.valid, code
                assert found.billable, f"{code} is a category, not billable"


def test_notes_and_contexts_round_trip_through_the_schema() -> None:
    for case in cases(30, 5):
        Note.model_validate_json(case.note.model_dump_json())
        VisitContext.model_validate_json(case.context.model_dump_json())
        case.session()  # the drafter input validates too


def test_evidence_spans_quote_the_source() -> None:
    for case in cases(30, 6):
        text = case.note.source_text
        assert text == case.text
        spans = [s for d in case.note.diagnoses for s in d.evidence]
        for iv in case.note.interventions:
            spans += [s for ex in iv.exercises for s in ex.evidence]
        spans += [s for m in case.note.measures for s in m.evidence]
        assert spans
        for span in spans:
            assert text[span.start : span.end] == span.text


def test_styles_render_differently_and_defects_are_seeded() -> None:
    truths = generate(300, 9)
    seen = Counter(d for t in truths for d in t.defects)
    assert set(seen) == set(DEFECTS)
    share = sum(bool(t.defects) for t in truths) / len(truths)
    assert 0.2 < share < 0.4
    texts = {style: build(truths[0], style).text for style in STYLES}
    assert len(set(texts.values())) == len(STYLES)
    assert "Patient:" in texts["conversation"]


def test_spoken_styles_carry_numbers_as_words() -> None:
    dictation = " ".join(c.text for c in cases(20, 3, ("dictation",)))
    assert " sets of " in dictation
    assert any(w in dictation for w in ("ten", "twelve", "fifteen"))


def test_defect_is_reflected_in_the_truth() -> None:
    for i in range(200):
        truth = generate_one(11, i)
        if truth.defects == ["no_minutes"]:
            assert any(s.minutes is None for s in truth.services)
        if truth.defects == ["missing_skilled"]:
            assert not any(s.skilled for s in truth.services if s.code == "97110")
