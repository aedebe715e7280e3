"""The scorer on tiny hand-made notes: pairing, tolerances and the counting arithmetic."""

from datetime import date
from typing import Any

import pytest

from assistant.domain.note import (
    Clinician,
    Exercise,
    Intervention,
    InterventionCategory,
    Measure,
    MeasureKind,
    Note,
    Role,
)
from evals.score import Counts, number_in, score_case

SOURCE = "R SLR 3x10 @ 5# ; bridges 2x12 BW ; pain 4/10 ; R knee flex 105 deg"


def note(exercises: list[Exercise], measures: list[Measure] | None = None, **kw: Any) -> Note:
    return Note(
        schema_version="1",
        note_type="daily",
        date_of_service=date(2025, 3, 4),
        discipline="PT",
        clinician=Clinician(name="A B", credentials="PT", role=Role.PT),
        source_text=SOURCE,
        interventions=[
            Intervention(
                category=InterventionCategory.THERAPEUTIC_EXERCISE,
                code="97110",
                minutes=kw.get("minutes", 25),
                exercises=exercises,
            )
        ],
        measures=measures or [],
    )


def slr(**kw: Any) -> Exercise:
    base = {
        "name": "straight leg raise",
        "side": "right",
        "kind": "isotonic",
        "sets": 3,
        "reps": 10,
        "load": 5,
        "load_unit": "lb",
        "body_region": "quadriceps",
    }
    base.update(kw)
    return Exercise(**base)


def bridge(**kw: Any) -> Exercise:
    base = {
        "name": "bridge",
        "kind": "isotonic",
        "sets": 2,
        "reps": 12,
        "load_unit": "bodyweight",
        "body_region": "gluteals",
    }
    base.update(kw)
    return Exercise(**base)


def test_counts_arithmetic() -> None:
    c = Counts(tp=8, fp=2, fn=4)
    assert c.precision == pytest.approx(0.8)
    assert c.recall == pytest.approx(8 / 12)
    assert c.f1 == pytest.approx(2 * 0.8 * (8 / 12) / (0.8 + 8 / 12))
    assert Counts().f1 == 1.0  # nothing to find and nothing found


def test_identical_notes_score_perfectly() -> None:
    truth = note([slr(), bridge()])
    score = score_case(truth, truth, {})
    assert all(c.fp == c.fn == 0 for c in score.fields.values())
    assert score.exercises_right == score.exercises_true == 2


def test_items_pair_by_name_whatever_the_order() -> None:
    truth = note([slr(), bridge()])
    predicted = note([bridge(name="Bridges"), slr(name="SLR")])
    score = score_case(truth, predicted, {"straight leg raise": ("SLR",)})
    ex = score.fields["exercises"]
    assert (ex.tp, ex.fp, ex.fn) == (2, 0, 0)
    assert score.exercises_right == 2


def test_load_in_kg_matches_pounds_within_tolerance() -> None:
    truth = note([slr(load=5, load_unit="lb")])
    assert (
        score_case(truth, note([slr(load=2.27, load_unit="kg")]), {}).fields["exercise.load"].tp
        == 1
    )
    wrong = score_case(truth, note([slr(load=3, load_unit="kg")]), {}).fields["exercise.load"]
    assert (wrong.tp, wrong.fp, wrong.fn) == (0, 1, 1)


def test_wrong_value_is_a_substitution_not_an_omission() -> None:
    score = score_case(note([slr()]), note([slr(reps=12)]), {})
    reps = score.fields["exercise.reps"]
    assert (reps.tp, reps.fp, reps.fn, reps.omitted, reps.hallucinated) == (0, 1, 1, 0, 0)
    assert score.exercises_right == 0


def test_missing_value_is_an_omission() -> None:
    reps = score_case(note([slr()]), note([slr(reps=None)]), {}).fields["exercise.reps"]
    assert (reps.tp, reps.fp, reps.fn, reps.omitted) == (0, 0, 1, 1)


def test_spurious_value_absent_from_source_is_a_hallucination() -> None:
    score = score_case(note([slr()]), note([slr(hold_seconds=7)]), {})
    hold = score.fields["exercise.hold"]
    assert (hold.fp, hold.hallucinated) == (1, 1)
    # 12 is in the source (bridges 2x12), so a spurious 12 is wrong but not invented.
    sup = score_case(note([slr()]), note([slr(hold_seconds=12)]), {}).fields["exercise.hold"]
    assert (sup.fp, sup.hallucinated) == (1, 0)


def test_missed_exercise_counts_its_attributes_as_missed() -> None:
    score = score_case(note([slr(), bridge()]), note([slr()]), {})
    assert score.fields["exercises"].fn == 1
    assert score.fields["exercise.sets"].fn == 1
    assert score.fields["exercise.sets"].tp == 1


def test_side_is_exact_and_skipped_when_truth_has_none() -> None:
    side = score_case(note([slr()]), note([slr(side="left")]), {}).fields["exercise.side"]
    assert (side.tp, side.fp, side.fn) == (0, 1, 1)
    none = score_case(note([bridge()]), note([bridge(side="bilateral")]), {}).fields
    assert "exercise.side" not in none or none["exercise.side"].fp == 0


def test_measures_rom_tolerance_and_mmt_grade() -> None:
    rom = Measure(name="knee flexion AROM", kind=MeasureKind.ROM, side="right", value=105)
    mmt = Measure(name="quadriceps MMT", kind=MeasureKind.MMT, value="4-")
    truth = note([slr()], [rom, mmt])
    pred = note(
        [slr()], [rom.model_copy(update={"value": 106.0}), mmt.model_copy(update={"value": "4-/5"})]
    )
    value = score_case(truth, pred, {}).fields["measure.value"]
    assert (value.tp, value.fp, value.fn) == (2, 0, 0)
    far = note([slr()], [rom.model_copy(update={"value": 110.0}), mmt])
    assert score_case(truth, far, {}).fields["measure.value"].fn == 1


def test_intervention_minutes() -> None:
    score = score_case(note([slr()]), note([slr()], minutes=23), {})
    minutes = score.fields["intervention.minutes"]
    assert (minutes.tp, minutes.fp, minutes.fn) == (0, 1, 1)


@pytest.mark.parametrize(
    ("x", "text", "found"),
    [
        (5, "@ 5#", True),
        (5, "15 reps", False),
        (7.5, "seven and a half pounds", True),
        (105, "one hundred and five degrees", True),
        (3, "3.0 kg", True),
        (12, "2x120", False),
    ],
)
def test_number_in_source(x: float, text: str, found: bool) -> None:
    assert number_in(x, text) is found
