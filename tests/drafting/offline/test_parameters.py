"""How therapists write doses: one row per phrasing, as dictated or typed."""

from typing import Any

import pytest

from .helpers import exercise

# (text, exercise, expected fields)
ROWS: list[tuple[str, str, dict[str, Any]]] = [
    # sets x reps
    ("TherEx: SLR 3x10", "straight leg raise", {"sets": 3, "reps": 10}),
    ("TherEx: SLR 3 x 10", "straight leg raise", {"sets": 3, "reps": 10}),
    ("TherEx: SLR 3X10", "straight leg raise", {"sets": 3, "reps": 10}),
    ("TherEx: SLR 3\u00d710", "straight leg raise", {"sets": 3, "reps": 10}),
    ("TherEx: SLR 3*10", "straight leg raise", {"sets": 3, "reps": 10}),
    ("TherEx: LAQ 2 sets of 15", "long arc quad", {"sets": 2, "reps": 15}),
    ("TherEx: LAQ 2 sets x 15 reps", "long arc quad", {"sets": 2, "reps": 15}),
    ("TherEx: LAQ 3 sets, 12 reps", "long arc quad", {"sets": 3, "reps": 12}),
    ("TherEx: heel slides x20", "heel slide", {"reps": 20, "sets": None}),
    ("TherEx: heel slides x 20", "heel slide", {"reps": 20}),
    ("TherEx: heel slides 10 reps", "heel slide", {"reps": 10}),
    ("TherEx: heel slides 15 repetitions", "heel slide", {"reps": 15}),
    ("TherEx: ankle pumps 20x", "ankle pump", {"reps": 20}),
    ("TherEx: bridges 2 sets", "bridge", {"sets": 2}),
    ("TherEx: quad sets 3x10x5s", "quad set", {"sets": 3, "reps": 10, "hold_seconds": 5}),
    # hold
    ("TherEx: HS stretch 3x30s hold", "hamstring stretch", {"reps": 3, "hold_seconds": 30}),
    ("TherEx: HS stretch 3 x 30 sec", "hamstring stretch", {"reps": 3, "hold_seconds": 30}),
    ("TherEx: calf stretch 30s hold x3", "calf stretch", {"hold_seconds": 30, "reps": 3}),
    ('TherEx: quad sets x10, 5" hold', "quad set", {"reps": 10, "hold_seconds": 5}),
    ("TherEx: quad sets x10 hold 5 sec", "quad set", {"reps": 10, "hold_seconds": 5}),
    ("TherEx: quad sets x10 with 10 second holds", "quad set", {"hold_seconds": 10}),
    ("TherEx: piriformis stretch 2 sets 30 sec hold", "piriformis stretch", {"hold_seconds": 30}),
    # load
    ("TherEx: SLR 3x10 2#", "straight leg raise", {"load": 2.0, "load_unit": "lb"}),
    ("TherEx: SLR 3x10 w/ 2 lb", "straight leg raise", {"load": 2.0, "load_unit": "lb"}),
    ("TherEx: SLR 3x10 with 3 lbs", "straight leg raise", {"load": 3.0, "load_unit": "lb"}),
    ("TherEx: SLR 3x10 with a 1.5 pound weight", "straight leg raise", {"load": 1.5}),
    ("TherEx: leg press 3x10 40 kg", "leg press", {"load": 40.0, "load_unit": "kg"}),
    ("TherEx: bicep curls 2x12 1 kg", "bicep curl", {"load": 1.0, "load_unit": "kg"}),
    (
        "TherEx: TKE red TB 3x15",
        "terminal knee extension",
        {"band_colour": "red", "load_unit": "band"},
    ),
    ("TherEx: TKE w/ green theraband 3x15", "terminal knee extension", {"band_colour": "green"}),
    ("TherEx: rows blue band 3x10", "row", {"band_colour": "blue"}),
    ("TherEx: clams YTB 2x15", "clamshell", {"band_colour": "yellow"}),
    ("TherEx: clams with black t-band 2x15", "clamshell", {"band_colour": "black"}),
    # endurance: level and duration
    # the resistance level has no field of its own, so it is kept in the name
    ("TherEx: bike L2 x 8 min", "stationary bike (level 2)", {"duration_minutes": 8.0}),
    (
        "TherEx: recumbent bike level 3 for 10 minutes",
        "recumbent bike (level 3)",
        {"duration_minutes": 10.0},
    ),
    ("TherEx: NuStep L4 x 8'", "NuStep (level 4)", {"duration_minutes": 8.0, "kind": "endurance"}),
    ("TherEx: UBE 6 min", "UBE", {"duration_minutes": 6.0}),
    ("TherEx: arm bike 6 min", "UBE", {"kind": "endurance"}),
    ("TherEx: treadmill 10 min", "treadmill", {"duration_minutes": 10.0}),
    # numbers as words
    ("We did straight leg raises three sets of ten", "straight leg raise", {"sets": 3, "reps": 10}),
    (
        "We did long arc quads two sets of fifteen with a two pound weight",
        "long arc quad",
        {"sets": 2, "reps": 15, "load": 2.0},
    ),
    ("Then bridges, twenty reps", "bridge", {"reps": 20}),
    ("Bike for twelve minutes", "stationary bike", {"duration_minutes": 12.0}),
    (
        "Calf stretch thirty second hold times three",
        "calf stretch",
        {"hold_seconds": 30, "reps": 3},
    ),
    ("Heel raises twenty-five reps", "heel raise", {"reps": 25}),
    ("Mini squats two sets of twelve", "mini squat", {"sets": 2, "reps": 12}),
    # spoken self-corrections and progressions
    (
        "Long arc quads two sets, actually make that three sets of ten",
        "long arc quad",
        {"sets": 3, "reps": 10},
    ),
    ("Long arc quads two sets, actually make that three", "long arc quad", {"sets": 3}),
    ("SLR 2x10, no wait, 3x10", "straight leg raise", {"sets": 3, "reps": 10}),
    ("Bridges 2x15, sorry, 2x20", "bridge", {"reps": 20}),
    ("SLR with a two pound weight, I mean three pounds, 3x10", "straight leg raise", {"load": 3.0}),
    ("Bike 8 minutes, correction, 10 minutes", "stationary bike", {"duration_minutes": 10.0}),
    ("Progressed SLR from 1# to 2#, 3x10", "straight leg raise", {"load": 2.0}),
    ("SLR 3x10 2#, progressed from 1# last visit", "straight leg raise", {"load": 2.0, "sets": 3}),
    # sides and regions
    ("TherEx: R SLR 3x10", "straight leg raise", {"side": "right"}),
    ("TherEx: SLR on the left 3x10", "straight leg raise", {"side": "left"}),
    ("TherEx: bilateral heel raises 2x15", "heel raise", {"side": "bilateral"}),
    ("TherEx: LLE SLR 3x10", "straight leg raise", {"side": "left"}),
    (
        "TherEx: SLR 3x10",
        "straight leg raise",
        {"body_region": "hip flexors, quadriceps", "kind": "isotonic"},
    ),
    ("TherEx: hip abd 3x10 2#", "hip abduction", {"body_region": "hip", "kind": "isotonic"}),
    ("TherEx: SL hip abd 3x10", "hip abduction", {"sets": 3}),
    ("TherEx: shoulder ER red TB 3x10", "shoulder external rotation", {"band_colour": "red"}),
    ("TherEx: shoulder flex AROM 2x10", "shoulder flexion", {"kind": "arom"}),
    ("TherEx: knee ext PROM 2x10", "knee extension", {"kind": "prom"}),
    ("TherEx: pendulums x20", "pendulum", {"body_region": "shoulder"}),
    ("TherEx: chin tucks 10x5s", "chin tuck", {"body_region": "cervical", "kind": "isometric"}),
    # body weight is a load without a figure
    ("TherEx: HR 3x8 BW", "heel raise", {"load_unit": "bodyweight", "load": None}),
    ("bridges two sets of fifteen just body weight", "bridge", {"load_unit": "bodyweight"}),
    ("TherEx: L clams 3 x 12 BlkTB", "clamshell", {"band_colour": "black", "side": "left"}),
    # abbreviations and kinds therapists write
    ("TherEx: UT str x2 30s hold", "upper trapezius stretch", {"kind": "stretch", "reps": 2}),
    ("TherEx: R Thomas str x4 30s hold", "hip flexor stretch", {"side": "right"}),
    ("TherEx: wall sits 1 x 20 5s hold", "wall sit", {"kind": "isometric"}),
    ("TherEx: L towel scrunches 3 x 10", "towel scrunch", {"body_region": "foot intrinsics"}),
    ("TherEx: STS 1 x 15 BW", "sit to stand", {"kind": "isotonic"}),
    ("TherEx: seated marching 2x10", "seated march", {"kind": "arom"}),
    ("NMR 10 min: tandem 4 reps 30s hold", "tandem stance", {"kind": "isometric", "reps": 4}),
    ("TherEx: L sh flex AAROM 3 x 10", "shoulder flexion", {"kind": "aarom", "side": "left"}),
    (
        "Let's do left shoulder flexion with assist, 3 sets of ten",
        "shoulder flexion",
        {"kind": "aarom"},
    ),
    # unknown names are kept as written
    ("TherEx: SLR 3x10, flamingo kicks 2x12", "flamingo kicks", {"sets": 2, "reps": 12}),
]


@pytest.mark.parametrize(("text", "name", "expected"), ROWS)
def test_parameters(text: str, name: str, expected: dict[str, Any]) -> None:
    ex = exercise(text, name)
    got = {field: getattr(ex, field) for field in expected}
    assert got == expected
