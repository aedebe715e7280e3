"""Pain ratings, ROM, MMT grades, test scores and assist levels as therapists write them."""

import pytest

from assistant.domain.note import MeasureKind

from .helpers import measures

PAIN = [
    ("Pt reports pain 4/10.", [("pain", 4.0)]),
    ("Pt c/o R knee pain 6 / 10", [("pain", 6.0)]),
    ("Pain at 3/10 today", [("pain", 3.0)]),
    ("She rates her pain five out of ten", [("pain", 5.0)]),
    ("NPRS 7/10", [("pain", 7.0)]),
    ("pain 4/10 at rest, 6/10 with stairs", [("pain (at rest)", 4.0), ("pain (with stairs)", 6.0)]),
    ("pain 5/10 pre tx, 2/10 post tx", [("pain (pre)", 5.0), ("pain (post)", 2.0)]),
    ("reports pain 3-4/10", [("pain", 4.0)]),
    ("Pt denies pain today", [("pain", 0.0)]),
    ("Pt is pain free", [("pain", 0.0)]),
    ("Her pain is five out of ten, actually more like four out of ten", [("pain", 4.0)]),
    ("pain 2.5/10", [("pain", 2.5)]),
]


@pytest.mark.parametrize(("text", "expected"), PAIN)
def test_pain(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(m.name, m.value) for m in measures(text, MeasureKind.PAIN)] == expected


ROM = [
    ("knee flex 95 deg", [("knee flexion", 95.0)]),
    ("R knee flexion AROM 0-110°", [("R knee flexion AROM", 110.0)]),
    ("R knee flexion AROM zero to one hundred ten degrees", [("R knee flexion AROM", 110.0)]),
    ("knee ext -5 deg", [("knee extension", -5.0)]),
    ("L shoulder flexion PROM 140°", [("L shoulder flexion PROM", 140.0)]),
    ("shoulder ER 45 degrees", [("shoulder external rotation", 45.0)]),
    ("R knee AROM 5-115", [("R knee extension AROM", -5.0), ("R knee flexion AROM", 115.0)]),
    ("hip abd 30°", [("hip abduction", 30.0)]),
    ("ankle DF 10 deg", [("ankle dorsiflexion", 10.0)]),
]


@pytest.mark.parametrize(("text", "expected"), ROM)
def test_rom(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(m.name, m.value) for m in measures(text, MeasureKind.ROM)] == expected


def test_mobilisation_grades_are_not_rom() -> None:
    assert measures("MT 10 min: grade two to three mobs into knee flexion", MeasureKind.ROM) == []


MMT = [
    ("MMT quad 4-/5", "4-/5"),
    ("R hip abd 4+/5", "4+/5"),
    ("knee ext strength 4/5", "4/5"),
    ("Quad strength four minus out of five", "4-/5"),
    ("glute med 3+ / 5", "3+/5"),
]


@pytest.mark.parametrize(("text", "grade"), MMT)
def test_mmt(text: str, grade: str) -> None:
    assert [m.value for m in measures(text, MeasureKind.MMT)] == [grade]


def test_mmt_names_the_muscle() -> None:
    [m] = measures("R hip abd 4+/5", MeasureKind.MMT)
    assert (m.name, m.side) == ("R hip abduction", "right")


OTHER = [
    ("Gait training 10 min with SPC, CGA", "contact guard"),
    ("Gait training 10 min with FWW, min A", "minimal assist"),
    ("TA 10 min: sit to stand 2x5 SBA", "supervision"),
    ("Gait 8 min, mod I with cane", "independent"),
    ("TA: transfers x5 mod A", "moderate assist"),
    ("Gait 10 min WBAT with FWW", "WBAT"),
]


@pytest.mark.parametrize(("text", "value"), OTHER)
def test_assist_levels(text: str, value: str) -> None:
    assert value in [m.value for m in measures(text, MeasureKind.OTHER)]


OUTCOMES = [
    ("LEFS 45/80", ("LEFS", 45.0)),
    ("TUG 12.5 sec", ("TUG", 12.5)),
    ("ODI 30%", ("Oswestry", 30.0)),
    ("6MWT 900 ft", ("6-minute walk", 900.0)),
]


@pytest.mark.parametrize(("text", "expected"), OUTCOMES)
def test_outcome_scores(text: str, expected: tuple[str, float]) -> None:
    assert [(m.name, m.value) for m in measures(text, MeasureKind.OUTCOME)] == [expected]
