"""PHI masking against a corpus of seeded identifiers, spoken and written, and the recordings.

Goal (issue 12): at least 99% of seeded identifiers masked, none in a recorded request, no
clinical number touched, every placeholder restored.
"""

import contextlib
import json
import re
import statistics
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.domain.session import Patient
from assistant.drafting import deid
from assistant.drafting.masking import Masker
from evals import phi
from evals.field import load as field_notes
from tests.drafting.llm.conftest import PATIENT

TESTS = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def corpus() -> list[phi.PhiCase]:
    return phi.corpus()


@pytest.fixture(scope="module")
def measured(corpus: list[phi.PhiCase]) -> phi.Recall:
    Masker().spans("load the model before timing")
    return phi.measure(corpus)


def test_corpus_recall(measured: phi.Recall) -> None:
    result = measured
    assert result.seeded >= 200
    assert {"DOB", "MRN", "PHONE", "SSN", "ADDRESS", "ZIP", "AGE", "PERSON"} <= set(result.by_kind)
    assert result.recall >= 0.99, result.leaks
    assert result.clinical > 200
    assert result.clinical_masked == []


def test_the_library_finds_what_no_pattern_looks_for() -> None:
    """Names and places in free positions: Presidio's share of the recall."""
    cases = phi.handwritten()[-len(phi.FREE_POSITIONS) :]
    without = phi.measure(cases, library=False)
    with_library = phi.measure(cases, library=True)
    assert without.recall < 0.8
    assert with_library.recall == 1.0, with_library.leaks


def test_masking_is_restorable(corpus: list[phi.PhiCase]) -> None:
    for case in corpus[::3]:
        masker = Masker(case.patient, date_of_service=case.day)
        masked = masker.mask(case.text)
        assert masker.unmask(masked.text) == case.text
        # The model answers with the placeholders in its own order and wording.
        answer = {"notes": " / ".join(reversed(re.findall(r"\[[A-Z]+(?:_\d+)?\]", masked.text)))}
        restored = masker.unmask_data(answer)["notes"]
        assert "[" not in restored or "[" in case.text


def test_speed_per_dictation(measured: phi.Recall) -> None:
    # Generous for a shared machine: about 0.1 s on an idle core. A reload per call would
    # cost seconds.
    assert statistics.median(measured.seconds) < 0.5


SPOKEN = Patient(
    name="Jonathan Pike", date_of_birth=date(1958, 3, 14), mrn="4471902", phone="5552123449"
)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("DOB March fourteenth, nineteen fifty-eight.", "March fourteenth, nineteen fifty-eight"),
        ("birthday 03141958 on file", "03141958"),
        ("born on the fourteenth of March, nineteen fifty eight", "fourteenth of March"),
        ("MRN 447 1902", "447 1902"),
        ("MRN four four seven one nine oh two", "four four seven one nine oh two"),
        ("chart 4 4 7 1 9 0 2", "4 4 7 1 9 0 2"),
        ("call five five five, two one two, three four four nine", "two one two"),
        ("social is one two three, four five, six seven eight nine", "six seven eight nine"),
        ("lives at 18 Cedar Court, Fresno, CA 93721", "18 Cedar Court"),
        ("lives at 18 Cedar Court, Fresno, CA 93721", "93721"),
        ("zip code nine three seven two one", "nine three seven two one"),
        ("a ninety three year old man", "ninety three year old"),
        ("101 y/o female", "101 y/o"),
        ("his wife Ellen was present", "Ellen"),
        ("her granddaughter, Rosalind, drove", "Rosalind"),
        ("Jonathon Pyke reports less pain", "Jonathon"),
        ("Mr. Pyke reports less pain", "Pyke"),
    ],
)
def test_identifier_forms_are_masked(text: str, masked: str) -> None:
    masker = Masker(SPOKEN, date_of_service=date(2026, 3, 2))
    result = masker.mask(text)
    assert masked not in result.text
    assert masker.unmask(result.text) == text


@pytest.mark.parametrize(
    "text",
    [
        "an 89 year old woman",  # ages up to 89 are not identifiers
        "3 sets of 10, hold 5 seconds, 2x/week",
        "97110 x 23 min, 97140 x 8 min, 97530 x 15 min",
        "shoulder flexion 90 degrees, pain 4/10 and 2/10 after",
        "step ups 2 x 10 x 12 inches, 3 10 2 15",
        "we will march in place, may progress next week",
        "date of service March 2, 2026",  # the visit's own date stays readable
        "Berg 44/56, TUG 9.8 seconds, LEFS 58/80",
    ],
)
def test_clinical_text_is_not_masked(text: str) -> None:
    assert Masker(SPOKEN, date_of_service=date(2026, 3, 2)).mask(text).text == text


def test_no_clinical_number_in_the_field_set_is_masked() -> None:
    for case in field_notes():
        masker = Masker(keep=[case.note.clinician.name], date_of_service=case.note.date_of_service)
        spans = masker.spans(case.text)
        for m in phi.CLINICAL.finditer(case.text):
            assert not any(a < m.end() and m.start() < b for a, b, _ in spans), (case.id, m[0])


def _request_bodies() -> Iterator[tuple[Path, str]]:
    for path in TESTS.rglob("cassettes/**/*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for interaction in data.get("interactions", []):
            body = interaction["request"].get("body") or ""
            body = body if isinstance(body, str) else body.get("string", "")
            # The JSON escapes would hide a match; read the decoded strings.
            with contextlib.suppress(ValueError):
                body = json.dumps(json.loads(body), ensure_ascii=False)
            yield path, body


def _seeded(patient: Patient) -> list[str]:
    out = [patient.name, *patient.name.split(), patient.mrn, patient.address]
    out.append(patient.address.split(",")[0])
    dob = patient.date_of_birth
    if dob is not None:
        out += [dob.isoformat(), f"{dob.month:02d}/{dob.day:02d}/{dob.year}", dob.strftime("%B %d")]
        out.append(f"{dob.month}/{dob.day}/{dob.year % 100}")
    return [v for v in out if v]


def test_no_identifier_in_recorded_requests() -> None:
    from evals.runner import cases

    # The patients of every recorded case: the drafter tests' and the LLM eval's.
    patients = [PATIENT, *(Patient(name=c.truth.patient) for c in cases(1, 2))]
    digits = [re.sub(r"\D", "", p.phone) for p in patients if p.phone]
    bodies = list(_request_bodies())
    assert bodies, "no cassettes found"
    assert any("[PATIENT]" in body for _, body in bodies)  # the PHI case was recorded masked
    for path, body in bodies:
        for value in (v for p in patients for v in _seeded(p)):
            assert value.lower() not in body.lower(), f"{value!r} in {path.name}"
        assert not any(d in re.sub(r"\D", "", body) for d in digits), path.name


def test_a_missing_model_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never a download: without the model package, masking refuses and nothing is sent."""
    import spacy.cli
    import spacy.util

    monkeypatch.setattr(deid, "_engine", None)
    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)

    def no_download(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model must never be downloaded")

    monkeypatch.setattr(spacy.cli, "download", no_download)
    with pytest.raises(deid.DeidUnavailable, match="not installed"):
        Masker(PATIENT).mask("Maria Alvarez seen today")
