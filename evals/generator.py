"""Seeded generator of synthetic visits with ground truth and labelled documentation defects.

`generate(n, seed)` is deterministic: case i draws from `random.Random(f"{seed}:{i}")`, so a
case does not change when n grows, and cases can be generated in any order. Every case bills
97110 (the defects are defined on it) plus one to three services that fit the condition.
"""

import random
from datetime import date, timedelta

from assistant.domain.note import GoalTerm, LoadUnit, MeasureKind, Side
from assistant.rules import tables
from assistant.services.icd import icd_code_set
from evals import vocab
from evals.truth import DEFECTS, UNTIMED, TExercise, TGoal, TMeasure, Truth, TService

DEFECT_SHARE = 0.3
PTA_SHARE = 0.25
KX_SHARE = 0.15
CLAIMED_SHARE = 0.5
FIRST_DAY = date(2024, 1, 8)
DAYS = 700

CLINICIANS = (
    ("Maria Lopez", "PT, DPT"), ("James Carter", "PT"), ("Aisha Khan", "PT, DPT, OCS"),
    ("Tom Becker", "MPT"), ("Grace Liu", "PT, DPT"),
)  # fmt: skip
PTAS = ("Jordan Lee", "Sam Ortiz", "Kim Nguyen")
PATIENTS = ("Robert Hayes", "Linda Moore", "Daniel Price", "Susan Reed", "Mark Diaz", "Ann Wolfe")
LB_LOADS = (1.0, 2.0, 3.0, 4.0, 5.0, 7.5, 8.0, 10.0, 12.0, 15.0)
KG_LOADS = (0.5, 1.0, 2.0, 3.0, 4.0, 5.0)
PRESS_LOADS = (40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0)

# region family -> (measure name, kind, low, high, unit, spoken name, sided)
MEASURES: dict[str, tuple[tuple[str, MeasureKind, float, float, str, str, bool], ...]] = {
    "knee": (
        ("knee flexion AROM", MeasureKind.ROM, 80, 130, "deg", "knee bend", True),
        ("knee extension AROM", MeasureKind.ROM, -12, 0, "deg", "knee extension", True),
        ("quadriceps MMT", MeasureKind.MMT, 3, 5, "", "quad strength", True),
        ("LEFS", MeasureKind.OUTCOME, 20, 70, "/80", "LEFS", False),
    ),
    "hip": (
        ("hip flexion AROM", MeasureKind.ROM, 70, 115, "deg", "hip flexion", True),
        ("hip abductors MMT", MeasureKind.MMT, 3, 5, "", "hip abductor strength", True),
        ("TUG", MeasureKind.OUTCOME, 8, 22, "s", "timed up and go", False),
    ),
    "shoulder": (
        ("shoulder flexion AROM", MeasureKind.ROM, 80, 165, "deg", "shoulder flexion", True),
        ("shoulder ER AROM", MeasureKind.ROM, 15, 75, "deg", "external rotation", True),
        ("shoulder ER MMT", MeasureKind.MMT, 3, 5, "", "rotator cuff strength", True),
        ("QuickDASH", MeasureKind.OUTCOME, 10, 60, "", "QuickDASH", False),
    ),
    "ankle": (
        ("ankle dorsiflexion AROM", MeasureKind.ROM, 0, 20, "deg", "dorsiflexion", True),
        ("ankle evertors MMT", MeasureKind.MMT, 3, 5, "", "eversion strength", True),
        ("LEFS", MeasureKind.OUTCOME, 25, 72, "/80", "LEFS", False),
    ),
    "spine": (
        ("lumbar flexion AROM", MeasureKind.ROM, 30, 80, "deg", "forward bending", False),
        ("Oswestry", MeasureKind.OUTCOME, 10, 50, "%", "Oswestry", False),
    ),
    "neck": (
        ("cervical rotation AROM", MeasureKind.ROM, 40, 80, "deg", "neck rotation", False),
        ("NDI", MeasureKind.OUTCOME, 8, 40, "%", "neck disability index", False),
    ),
    "elbow": (
        ("grip strength", MeasureKind.OUTCOME, 30, 95, "lb", "grip", True),
        ("wrist extension AROM", MeasureKind.ROM, 40, 75, "deg", "wrist extension", True),
    ),
    "neuro": (
        ("TUG", MeasureKind.OUTCOME, 10, 30, "s", "timed up and go", False),
        ("Berg", MeasureKind.OUTCOME, 28, 52, "/56", "Berg", False),
        ("ankle dorsiflexors MMT", MeasureKind.MMT, 2, 5, "", "ankle strength", True),
    ),
}
MMT_GRADES = ("2+", "3-", "3", "3+", "4-", "4", "4+", "5")


def generate(n: int, seed: int) -> list[Truth]:
    return [generate_one(seed, i) for i in range(n)]


def generate_one(seed: int, index: int) -> Truth:
    rng = random.Random(f"{seed}:{index}")
    cond = rng.choice(vocab.CONDITIONS)
    side_key = rng.choice(sorted(cond.codes))
    side = {"right": Side.RIGHT, "left": Side.LEFT, "bilateral": Side.BILATERAL}.get(side_key)
    if side_key == "midline":
        side = Side.MIDLINE
    diagnoses = [(code, _describe(code)) for code in cond.codes[side_key]]
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    first = day - timedelta(days=rng.randint(5, 55))
    goals = _goals(rng, cond)
    truth = Truth(
        case_id=f"s{seed}-{index:05d}",
        seed=seed,
        condition=cond,
        side=side,
        diagnoses=diagnoses,
        date_of_service=day,
        first_treatment=first,
        progress_days=rng.randint(1, 9),
        clinician=rng.choice(CLINICIANS),
        pta=rng.choice(PTAS),
        patient=rng.choice(PATIENTS),
        feeling=rng.choice(vocab.FEELINGS),
        goals=goals,
        measures=_measures(rng, cond.region, side),
        services=_services(rng, cond, side, goals),
        has_previous=rng.random() < 0.5,
    )
    if rng.random() < KX_SHARE:
        threshold = tables.kx_threshold(day)
        base = float(threshold.amount) if threshold else 2400.0
        truth.ytd_allowed = round(base + rng.uniform(20, 500), 2)
        truth.necessity = (
            "Continued skilled therapy is medically necessary: "
            f"{rng.choice(cond.goals)} not yet met and progress is measurable."
        )
    else:
        truth.ytd_allowed = round(rng.uniform(0, 1500), 2)
    truth.claimed = rng.random() < CLAIMED_SHARE
    truth.total_timed = sum(s.minutes or 0 for s in truth.services if s.code not in UNTIMED)
    truth.total_treatment = sum(s.minutes or 0 for s in truth.services)
    if rng.random() < DEFECT_SHARE:
        apply_defect(truth, rng.choice(DEFECTS), rng)
    return truth


def _describe(code: str) -> str:
    return icd_code_set().lookup(code).description


def _goals(rng: random.Random, cond: vocab.Condition) -> list[TGoal]:
    texts = rng.sample(cond.goals, k=min(len(cond.goals), rng.randint(2, 3)))
    goals = []
    for i, text in enumerate(texts):
        term = GoalTerm.SHORT if i < len(texts) - 1 else GoalTerm.LONG
        goals.append(TGoal(f"{'STG' if term is GoalTerm.SHORT else 'LTG'}{i + 1}", text, term))
    return goals


def _measures(rng: random.Random, region: str, side: Side | None) -> list[TMeasure]:
    out = [TMeasure("pain", MeasureKind.PAIN, float(rng.randint(0, 8)), None, "/10", "pain")]
    specs = MEASURES[region]
    for name, kind, low, high, unit, spoken, sided in rng.sample(specs, k=rng.randint(1, 2)):
        m_side = side if sided and side in (Side.LEFT, Side.RIGHT) else None
        value: float | str
        if kind is MeasureKind.MMT:
            value = rng.choice(MMT_GRADES[MMT_GRADES.index("3-") if low >= 3 else 0 :])
        elif kind is MeasureKind.OUTCOME and unit == "s":
            value = round(rng.uniform(low, high), 1)
        else:
            value = float(rng.randint(int(low), int(high)))
        out.append(TMeasure(name, kind, value, m_side, unit, spoken))
    return out


def _exercises(
    rng: random.Random, family: str, side: Side | None, pool: tuple[vocab.ExerciseSpec, ...], k: int
) -> list[TExercise]:
    fitting = [spec for spec in pool if family in spec.families]
    chosen = rng.sample(fitting, k=min(k, len(fitting)))
    return [_dose(rng, spec, side) for spec in chosen]


def _dose(rng: random.Random, spec: vocab.ExerciseSpec, side: Side | None) -> TExercise:
    ex_side = side if spec.sided and side in (Side.LEFT, Side.RIGHT, Side.BILATERAL) else None
    ex = TExercise(spec, ex_side)
    dose = spec.dose
    if dose in ("weight", "band", "bodyweight", "rom"):
        ex.sets = rng.choice((1, 2, 2, 3, 3, 3))
        ex.reps = rng.choice((8, 10, 10, 12, 15, 20))
    if dose == "weight":
        if spec.name == "leg press":
            ex.load, ex.load_unit = rng.choice(PRESS_LOADS), LoadUnit.LB
        elif rng.random() < 0.2:
            ex.load, ex.load_unit = rng.choice(KG_LOADS), LoadUnit.KG
        else:
            ex.load, ex.load_unit = rng.choice(LB_LOADS), LoadUnit.LB
        if rng.random() < 0.25 and ex.load > 1:
            step = 1.0 if ex.load_unit is LoadUnit.KG or ex.load <= 5 else 2.0
            ex.previous_load = max(ex.load - step, 0.5)
    elif dose == "band":
        ex.load_unit, ex.band_colour = LoadUnit.BAND, rng.choice(vocab.BAND_COLOURS)
    elif dose == "bodyweight":
        ex.load_unit = LoadUnit.BODYWEIGHT
    elif dose == "hold":
        ex.reps, ex.hold_seconds = rng.choice((10, 10, 15, 20)), rng.choice((3, 5, 5, 10))
        ex.sets = rng.choice((None, 1, 2))
    elif dose == "stretch":
        ex.reps, ex.hold_seconds = rng.choice((2, 3, 3, 4)), rng.choice((20, 30, 30, 45))
    elif dose == "bal":
        ex.reps, ex.hold_seconds = rng.choice((3, 4, 5)), rng.choice((10, 15, 20, 30))
    elif dose == "time":
        ex.duration_minutes = float(rng.choice((5, 6, 8, 10, 10, 12, 15)))
        ex.level = rng.choice((None, 2, 3, 4, 5))
    return ex


def _services(
    rng: random.Random, cond: vocab.Condition, side: Side | None, goals: list[TGoal]
) -> list[TService]:
    region = _region_words(cond, side)
    family = cond.region
    te = TService(
        "97110",
        rng.choice((15, 18, 20, 23, 25, 28, 30, 33, 35, 38, 40)),
        exercises=_exercises(rng, family, side, vocab.EXERCISES, rng.randint(3, 6)),
    )
    services = [te]
    others = rng.sample(cond.services, k=min(rng.choice((1, 1, 2, 2, 3)), len(cond.services)))
    for code in others:
        svc = TService(code, rng.choice((8, 10, 12, 15, 18, 20, 23, 25)))
        template = rng.choice(vocab.SERVICES[code])
        svc.description = template.format(
            region=region,
            device=rng.choice(vocab.DEVICES),
            distance=rng.choice((50, 100, 150, 200)),
            laps=rng.randint(2, 4),
        )
        if code == "97112":
            svc.exercises = _exercises(rng, family, side, vocab.BALANCE, rng.randint(1, 2))
        if code in UNTIMED:
            svc.minutes = rng.choice((10, 15))
        services.append(svc)
    for svc in services:
        if svc.code in vocab.PURPOSES:
            svc.purpose = rng.choice(vocab.PURPOSES[svc.code]).format(
                region=_region_words(cond, None)
            )
            svc.goal_ids = [rng.choice(goals).id]
        if svc.code in ("97032", "97035"):
            svc.skilled = rng.choice(vocab.MODALITY_SKILLED)
        elif svc.code not in UNTIMED:
            phrases = vocab.SKILLED_BY_CODE.get(svc.code, vocab.SKILLED)
            svc.skilled = rng.choice(phrases).format(cue=rng.choice(vocab.CUES[family]))
        svc.response = rng.choice(vocab.RESPONSES)
    if rng.random() < PTA_SHARE:
        shared = rng.choice([s for s in services if s.code in ("97110", "97530", "97112")] or [te])
        if shared.minutes and shared.minutes >= 15:
            shared.pta_minutes = rng.randint(5, shared.minutes - 8)
    return services


def _region_words(cond: vocab.Condition, side: Side | None) -> str:
    where = {"spine": "lumbar spine", "neck": "cervical spine", "neuro": "lower extremities"}
    name = where.get(cond.region, cond.region)
    return f"{side.value} {name}" if side in (Side.LEFT, Side.RIGHT) else name


def apply_defect(truth: Truth, defect: str, rng: random.Random) -> None:
    """Remove or corrupt what the defect says; the rendered text then reflects the defect."""
    truth.defects.append(defect)
    te = [s for s in truth.services if s.code == "97110"]
    if defect == "missing_parameters":
        ex = rng.choice(te[0].exercises)
        if rng.random() < 0.5:
            ex.sets = ex.reps = ex.load = ex.hold_seconds = ex.duration_minutes = None
            ex.load_unit, ex.band_colour, ex.previous_load, ex.level = None, "", None, None
        elif ex.spec.dose in ("weight", "band"):
            ex.load, ex.load_unit, ex.band_colour, ex.previous_load = None, None, "", None
        elif ex.spec.dose == "bodyweight":
            ex.reps = None  # body weight needs no load written (TE003): drop the count instead
        elif ex.spec.dose in ("hold", "stretch", "bal"):
            ex.hold_seconds = None
        elif ex.spec.dose == "rom":
            ex.reps = None
        else:
            ex.duration_minutes, ex.level = None, None
    elif defect == "no_goal_link":
        for svc in te:
            svc.goal_ids = []
    elif defect == "no_minutes":
        timed = [s for s in truth.services if s.code not in UNTIMED and not s.pta_minutes]
        rng.choice(timed or te).minutes = None
    elif defect == "units_mismatch":
        truth.claimed = True
        truth.claim_units_delta["97110"] = rng.choice((1, 1, -1)) if te[0].minutes else 1
    elif defect == "cloned":
        truth.has_previous = True
        for ex in truth.exercises:
            ex.previous_load = None  # a copied note repeats last visit's parameters
    elif defect == "missing_skilled":
        for svc in te:
            svc.skilled = ""
