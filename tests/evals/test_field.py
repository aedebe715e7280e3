"""The hand-written field set: its files, its loader, and how its notes are judged."""

from pathlib import Path

import pytest

from assistant.domain.findings import Element, Finding, Severity
from assistant.domain.note import Exercise, LoadUnit
from evals import field
from evals.field import FieldSetError
from evals.metrics import agrees, summarise
from evals.runner import CaseResult, substance
from evals.score import same_dose

# The failure classes issue 12 lists; each must be exercised by at least one note.
ISSUE_CLASSES = {
    "dose_after_list", "dose_before_list", "lead_in_dose", "spelled_dose", "self_correction",
    "distance_height", "minute_range", "hour_minutes", "cpt_minutes", "band_apart",
    "slash_pair", "plan_not_exercise", "hep_not_exercise", "gait_not_exercise",
    "modality_not_exercise", "no_increase_pain", "percent_limit", "transcript_chatter",
    "cane_stairs", "dry_needling", "ot_fine_motor", "pnf", "vague", "see_flow_sheet",
}  # fmt: skip


@pytest.fixture(scope="module")
def cases() -> list[field.FieldCase]:
    return field.load()


def test_the_set_is_broad(cases: list[field.FieldCase]) -> None:
    assert len(cases) >= 60
    assert {c.label for c in cases} == {"good", "insufficient"}
    assert {c.voice for c in cases} == set(field.VOICES)
    assert {c.note.discipline.value for c in cases} == {"PT", "OT"}
    assert {c.note.note_type.value for c in cases} >= {"daily", "evaluation", "progress_report"}
    covered = {k for c in cases for k in c.classes}
    assert covered >= ISSUE_CLASSES, ISSUE_CLASSES - covered


def test_truth_is_in_the_text(cases: list[field.FieldCase]) -> None:
    """Written codes appear in the note; no two notes share a text."""
    for case in cases:
        for dx in case.note.diagnoses:
            assert dx.code in case.text, (case.id, dx.code)
    assert len({c.text for c in cases}) == len(cases)


def test_written_apart_from_the_parser() -> None:
    """The field set is written without the parser's lexicon and never imports the drafter."""
    sources = [field.__file__, *map(str, field.FIELD_DIR.glob("*.toml"))]
    for path in sources:
        text = Path(path).read_text(encoding="utf-8")
        assert "lexicon.toml" not in text
        assert "assistant.drafting" not in text


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "a.toml").write_text(body, encoding="utf-8")
    return tmp_path


NOTE = """[[note]]
id = "x-1"
label = "good"
voice = "shorthand"
clinician = "Ann Lee, PT"
text = "TherEx 10 min: bridges 2x10"
interventions = [{ code = "97110", minutes = 10 }]
exercises = [{ name = "bridges", sets = 2, reps = 10 }]
"""


def test_loader_builds_the_truth_note(tmp_path: Path) -> None:
    (case,) = field.load(_write(tmp_path, NOTE))
    note = case.note
    assert (note.clinician.name, note.clinician.credentials) == ("Ann Lee", "PT")
    (iv,) = note.interventions
    assert (iv.code, iv.minutes, iv.exercises[0].sets, iv.exercises[0].reps) == ("97110", 10, 2, 10)
    assert iv.exercises[0].evidence[0].text == "bridges"
    assert case.session().context is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('label = "good"', 'label = "fine"'), "label must be one of"),
        (('voice = "shorthand"', 'voice = "spoken"'), "voice must be one of"),
        (("sets = 2,", "sets = 2, colour = 1,"), "unknown key(s) colour"),
        (('code = "97110", minutes', 'code = "99999", minutes'), "unknown code 99999"),
        (('exercises = [{ name = "bridges"', 'exercises = [{ code = "97112", name = "bridges"'),
         "no intervention with code 97112"),
        (("reps = 10 }]", "reps = 10, load = 5 }]"), "a load needs its unit"),
        (('id = "x-1"\n', ""), "missing id"),
        (('label = "good"', 'label = "good"\nclasses = ["typo"]'), "unknown class(es) typo"),
    ],
)  # fmt: skip
def test_loader_rejects_a_bad_note(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(FieldSetError, match=r"a\.toml") as err:
        field.load(_write(tmp_path, NOTE.replace(*change)))
    assert message in str(err.value)


def test_loader_rejects_duplicate_ids_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(FieldSetError, match="x-1 is used twice"):
        field.load(_write(tmp_path, NOTE + NOTE.replace('text = "', 'text = "again ')))
    with pytest.raises(FieldSetError, match=r"a\.toml"):
        field.load(_write(tmp_path, "[[note]\n"))


def ex(**kw: object) -> Exercise:
    return Exercise(name="step ups", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("truth", "predicted", "same"),
    [
        (ex(sets=2, reps=10), ex(sets=2, reps=10), True),
        (ex(sets=2, reps=10), ex(sets=2, reps=12), False),
        # "step ups x12 inches 2x10": the height read as reps is an invented parameter
        (ex(sets=2), ex(sets=2, reps=12), False),
        (ex(sets=3, reps=12, band_colour="blue", load_unit=LoadUnit.BAND),
         ex(sets=3, reps=12), False),
        (ex(sets=3, reps=12, band_colour="blue", load_unit=LoadUnit.BAND),
         ex(sets=3, reps=12, band_colour="Blue", load_unit=LoadUnit.BAND), True),
        (ex(reps=10, side="right"), ex(reps=10, side="left"), False),
        (ex(reps=10), ex(reps=10, side="left"), True),  # a side the truth leaves open
        (ex(reps=10, hold_seconds=5), ex(reps=10), False),
        (ex(duration_minutes=8), ex(duration_minutes=8.2), True),
        (ex(reps=6, distance=30, distance_unit="ft"),
         ex(reps=6, distance=10, distance_unit="yd"), True),
        (ex(reps=6, distance=30, distance_unit="ft"), ex(reps=6), False),
    ],
)  # fmt: skip
def test_every_stated_parameter(truth: Exercise, predicted: Exercise, same: bool) -> None:
    assert same_dose(truth, predicted) is same


def finding(rule: str, severity: Severity, element: Element | None) -> Finding:
    return Finding(rule=rule, severity=severity, message="m", element=element)


def test_substance_is_content_not_paperwork() -> None:
    findings = [
        finding("TE002", Severity.ERROR, Element.PARAMETERS),
        finding("TE009", Severity.WARNING, Element.RESPONSE),
        finding("CS002", Severity.INFO, Element.CODE_SUPPORT),  # info is for the record
        finding("DX001", Severity.ERROR, Element.DIAGNOSIS),
        finding("CL002", Severity.ERROR, Element.CLINICIAN),
        finding("MIN001", Severity.ERROR, Element.TIMED_MINUTES),
    ]
    assert substance(findings) == {"TE002", "TE009"}


def result(label: str, errors: set[str], subst: set[str]) -> CaseResult:
    return CaseResult(
        "c", "emr", [], "t", label=label, set_name="field",
        e2e_errors=frozenset(errors), e2e_substance=frozenset(subst),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("label", "errors", "subst", "agreed"),
    [
        ("insufficient", set(), {"TE009"}, True),  # a warning about substance suffices
        ("insufficient", {"DX001"}, set(), False),  # paperwork alone is not agreement
        ("good", set(), {"TE005"}, True),  # warnings do not stop a good note agreeing
        ("good", {"DX001"}, set(), False),  # any standing error does
    ],
)
def test_label_agreement(label: str, errors: set[str], subst: set[str], agreed: bool) -> None:
    assert agrees(result(label, errors, subst)) is agreed


def test_label_figures() -> None:
    rows = [
        result("good", set(), set()),
        result("good", {"TE002"}, {"TE002"}),
        result("insufficient", set(), {"TE001"}),
        result("insufficient", set(), set()),
    ]
    figures = summarise(rows)
    assert figures["label_agreement"] == 0.5
    assert figures["label_agreement_good"] == 0.5
    assert figures["label_agreement_insufficient"] == 0.5
    assert figures["good_notes_blocked_by"] == {"TE002": 1}
    assert figures["good_notes_with_substance_findings"] == 0.5
    assert "label_agreement" not in summarise([result("", set(), set())])
