"""Score one drafted note against its ground truth, field by field.

Per attribute of a paired item: equal values are a true positive; different values are a
false positive and a false negative (a substitution); a value only in the truth is a false
negative and an omission; a value only in the prediction is a false positive, and a
hallucination when the source text does not support it either. Unpaired true items count
every attribute they carry as missed; unpaired predictions count every attribute as spurious.
"""

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from assistant.domain.note import Exercise, Intervention, LoadUnit, Measure, MeasureKind, Note
from evals.pairing import best_similarity, name_similarity, pair, words
from evals.words import num_words

LB_PER_KG = 2.20462
LOAD_TOLERANCE_LB = 0.5
ROM_TOLERANCE = 1.0
DURATION_TOLERANCE = 0.5
EXERCISE_ATTRS = ("sets", "reps", "load", "hold", "duration", "side", "kind", "body_region")
# The dose a clinician states: an exercise is "found with every stated parameter" when each of
# these equals the truth, an unstated one included (a step height read as reps is wrong).
DOSE_ATTRS = ("sets", "reps", "load", "hold", "duration", "distance")
# Judgements a note may leave unsaid (the type of exercise, the region): the field set's truth
# records them only where the clinician wrote them, and does not count a guess against them.
JUDGED_ATTRS = frozenset({"kind", "body_region"})
FT_PER = {"ft": 1.0, "yd": 3.0, "m": 3.28084, "km": 3280.84, "mi": 5280.0}
DISTANCE_TOLERANCE = 0.02
_LEVEL = re.compile(r"\s*\(level \d+\)$")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    omitted: int = 0
    hallucinated: int = 0
    predicted: int = 0
    true: int = 0

    def add(self, other: "Counts") -> None:
        for name in ("tp", "fp", "fn", "omitted", "hallucinated", "predicted", "true"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Error:
    field: str
    truth: str
    predicted: str
    evidence: list[tuple[int, int]] = dataclasses.field(default_factory=list)


@dataclass
class CaseScore:
    fields: dict[str, Counts] = field(default_factory=dict)
    exercises_true: int = 0
    exercises_right: int = 0
    exercises_stated_right: int = 0  # paired, every stated dose parameter right, none invented
    exercises_invented: int = 0  # predicted exercises with no true exercise to pair with
    errors: list[Error] = field(default_factory=list)

    def counts(self, name: str) -> Counts:
        return self.fields.setdefault(name, Counts())


class _Scorer:
    def __init__(self, source: str, score: CaseScore) -> None:
        self.source = source
        self.lower = source.lower()
        self.score = score

    def value(
        self,
        name: str,
        truth: Any,
        predicted: Any,
        same: Callable[[Any, Any], bool] | None = None,
        evidence: Iterable[tuple[int, int]] = (),
    ) -> bool:
        c = self.score.counts(name)
        if truth is not None:
            c.true += 1
        if predicted is not None:
            c.predicted += 1
        if truth is None and predicted is None:
            return True
        if truth is not None and predicted is not None:
            if (same or _eq)(truth, predicted):
                c.tp += 1
                return True
            c.fp += 1
            c.fn += 1
        elif truth is not None:
            c.fn += 1
            c.omitted += 1
        else:
            c.fp += 1
            if not self.supported(predicted):
                c.hallucinated += 1
        self.score.errors.append(Error(name, _show(truth), _show(predicted), list(evidence)))
        return False

    def supported(self, value: Any) -> bool:
        if isinstance(value, tuple):
            return any(self.supported(v) for v in value if v not in (None, "lb", "kg"))
        if isinstance(value, bool):
            return True
        if isinstance(value, int | float):
            return number_in(float(value), self.source)
        if isinstance(value, str):
            found = [w for w in words(value) if len(w) > 2]
            return not found or sum(w in self.lower for w in found) * 2 >= len(found)
        return True  # enums and sets: the source cannot settle them


def _eq(a: Any, b: Any) -> bool:
    return bool(a == b)


def _show(value: Any) -> str:
    return "-" if value is None else str(value)


def number_in(x: float, source: str) -> bool:
    digits = f"{x:g}".replace(".", r"\.")
    if re.search(rf"(?<![\d.]){digits}(?:\.0+)?(?![\d])", source):
        return True
    return num_words(x) in source.lower() or num_words(x, half=False) in source.lower()


def mmt(value: float | str) -> str:
    return str(value).replace(" ", "").removesuffix("/5")


def load_key(ex: Exercise) -> tuple[str, float | str | None] | None:
    if ex.load is not None and ex.load_unit in (LoadUnit.LB, LoadUnit.KG):
        lb = ex.load * LB_PER_KG if ex.load_unit is LoadUnit.KG else ex.load
        return ("lb", round(lb, 2))
    if ex.band_colour.strip():
        return ("band", ex.band_colour.strip().lower())
    if ex.load_unit is LoadUnit.BODYWEIGHT:
        return ("bodyweight", None)
    return None


def same_load(a: tuple[str, Any], b: tuple[str, Any]) -> bool:
    if a[0] == "lb" == b[0]:
        tolerance = max(LOAD_TOLERANCE_LB, 0.03 * float(a[1]))
        return abs(float(a[1]) - float(b[1])) <= tolerance
    return a == b


def close(tolerance: float) -> Callable[[Any, Any], bool]:
    return lambda a, b: abs(float(a) - float(b)) <= tolerance


_STOP = frozenset({"and", "the", "of", "with", "to", "for", "in", "on"})


def same_region(a: str, b: str) -> bool:
    shared = (set(words(a)) & set(words(b))) - _STOP
    return bool(shared) or name_similarity(a, b) >= 0.6


def distance_ft(ex: Exercise) -> float | None:
    if ex.distance is None or ex.distance_unit is None:
        return None
    return ex.distance * FT_PER[ex.distance_unit.value]


def same_dose(truth: Exercise, predicted: Exercise) -> bool:
    """Every dose parameter of `truth` in `predicted`, and no dose `truth` does not state."""
    tv, pv = exercise_values(truth), exercise_values(predicted)
    for attr in DOSE_ATTRS[:-1]:
        a, b = tv[attr], pv[attr]
        if (a is None) != (b is None) or (a is not None and not _SAME.get(attr, _eq)(a, b)):
            return False
    if tv["side"] is not None and tv["side"] != pv["side"]:
        return False
    a_ft, b_ft = distance_ft(truth), distance_ft(predicted)
    if (a_ft is None) != (b_ft is None):
        return False
    return a_ft is None or b_ft is None or abs(a_ft - b_ft) <= DISTANCE_TOLERANCE * a_ft


def _count(ex: Exercise) -> tuple[int | None, int | None]:
    """Sets and reps, with one notation for a hold counted once: "3x30 sec" is three holds
    whether the writer (or the drafter) calls them sets or repetitions, so a single count on a
    held exercise is kept as reps."""
    if ex.hold_seconds is not None and (ex.sets is None) != (ex.reps is None):
        return None, ex.sets if ex.reps is None else ex.reps
    return ex.sets, ex.reps


def exercise_values(ex: Exercise | None) -> dict[str, Any]:
    if ex is None:
        return dict.fromkeys(EXERCISE_ATTRS)
    sets, reps = _count(ex)
    return {
        "sets": sets,
        "reps": reps,
        "load": load_key(ex),
        "hold": ex.hold_seconds,
        "duration": ex.duration_minutes,
        "side": ex.side.value if ex.side else None,
        "kind": ex.kind.value if ex.kind else None,
        "body_region": ex.body_region.strip() or None,
    }


_SAME: dict[str, Callable[[Any, Any], bool]] = {
    "load": same_load,
    "duration": close(DURATION_TOLERANCE),
    "body_region": same_region,
}


def score_case(
    truth: Note,
    predicted: Note,
    aliases: dict[str, tuple[str, ...]],
    regions: dict[str, tuple[str, ...]] | None = None,
    judge_unstated: bool = True,
) -> CaseScore:
    """Score `predicted` against `truth`.

    `aliases` maps a true exercise name to its other names; `regions` maps it to the other
    acceptable body regions (the joint as well as the muscles: both are what an auditor asks).
    With `judge_unstated` false, an exercise's type and region count only where the truth
    states them (the field set's truth is what the clinician wrote).
    """
    out = CaseScore()
    s = _Scorer(truth.source_text, out)
    _diagnoses(s, truth, predicted)
    _goals(s, truth, predicted)
    _measures(s, truth, predicted)
    _interventions(s, truth, predicted)
    _exercises(s, truth, predicted, aliases, regions or {}, judge_unstated)
    s.value("total_timed_minutes", truth.total_timed_minutes, predicted.total_timed_minutes)
    s.value(
        "total_treatment_minutes", truth.total_treatment_minutes, predicted.total_treatment_minutes
    )
    t_nec = bool(truth.medical_necessity and truth.medical_necessity.text.strip()) or None
    p_nec = bool(predicted.medical_necessity and predicted.medical_necessity.text.strip()) or None
    s.value("medical_necessity", t_nec, p_nec)
    return out


def _items(s: _Scorer, name: str, truth_n: int, pred_n: int, pairs: int) -> None:
    c = s.score.counts(name)
    c.true += truth_n
    c.predicted += pred_n
    c.tp += pairs
    c.fp += pred_n - pairs
    c.fn += truth_n - pairs
    c.omitted += truth_n - pairs


def _code(code: str) -> str:
    return code.replace(".", "").upper()


def _diagnoses(s: _Scorer, truth: Note, pred: Note) -> None:
    t = [_code(d.code) for d in truth.diagnoses]
    p = [_code(d.code) for d in pred.diagnoses]
    pairs, extra, missed = pair(p, t, lambda a, b: float(a == b))
    _items(s, "diagnoses", len(t), len(p), len(pairs))
    for i in extra:
        s.score.counts("diagnoses").hallucinated += not s.supported(pred.diagnoses[i].code)
        s.score.errors.append(Error("diagnoses", "-", pred.diagnoses[i].code))
    for j in missed:
        s.score.errors.append(Error("diagnoses", truth.diagnoses[j].code, "-"))


def _goals(s: _Scorer, truth: Note, pred: Note) -> None:
    def sim(p: Any, t: Any) -> float:
        return 1.0 if p.id.lower() == t.id.lower() else 0.9 * name_similarity(p.text, t.text)

    pairs, extra, missed = pair(pred.goals, truth.goals, sim)
    _items(s, "goals", len(truth.goals), len(pred.goals), len(pairs))
    for i in extra:
        s.score.counts("goals").hallucinated += not s.supported(pred.goals[i].text)
    for j in missed:
        ev = [(e.start, e.end) for e in truth.goals[j].evidence]
        s.score.errors.append(Error("goals", truth.goals[j].id, "-", ev))


def _measure_value(m: Measure) -> float | str:
    if m.kind is MeasureKind.MMT:
        return mmt(m.value)
    return float(m.value) if not isinstance(m.value, str) else m.value.strip().lower()


def _same_measure(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= ROM_TOLERANCE if a == int(a) else abs(a - b) <= 0.05
    return bool(a == b)


def _measures(s: _Scorer, truth: Note, pred: Note) -> None:
    def sim(p: Measure, t: Measure) -> float:
        base = name_similarity(p.name, t.name)
        if p.kind is t.kind:
            base = max(base, 0.55) if t.kind is MeasureKind.PAIN else base + 0.2
        value = 0.1 if _same_measure(_measure_value(p), _measure_value(t)) else 0.0
        return min(base, 1.0) + value

    pairs, extra, missed = pair(pred.measures, truth.measures, sim)
    _items(s, "measures", len(truth.measures), len(pred.measures), len(pairs))
    for i, j in pairs:
        p, t = pred.measures[i], truth.measures[j]
        ev = [(e.start, e.end) for e in t.evidence]
        s.value("measure.value", _measure_value(t), _measure_value(p), _same_measure, ev)
        t_side = t.side.value if t.side else None
        p_side = p.side.value if p.side else None
        if t_side is not None or p_side not in (None, "midline", "bilateral"):
            s.value("measure.side", t_side, p_side, evidence=ev)
    for j in missed:
        t = truth.measures[j]
        s.value("measure.value", _measure_value(t), None)
        s.score.errors.append(
            Error("measures", t.name, "-", [(e.start, e.end) for e in t.evidence])
        )
    for i in extra:
        p = pred.measures[i]
        s.value("measure.value", None, _measure_value(p))
        s.score.counts("measures").hallucinated += not s.supported(p.name)


def _iv_values(iv: Intervention | None) -> dict[str, Any]:
    if iv is None:
        return {"minutes": None, "goal_ids": None, "skilled": None, "response": None}
    return {
        "minutes": iv.minutes,
        "goal_ids": frozenset(g.upper() for g in iv.goal_ids) or None,
        "skilled": bool(iv.skilled_rationale.strip()) or None,
        "response": bool(iv.response.strip()) or None,
    }


def _interventions(s: _Scorer, truth: Note, pred: Note) -> None:
    def sim(p: Intervention, t: Intervention) -> float:
        if p.code != t.code:
            return 0.0
        return 1.0 if p.provider == t.provider else 0.6

    pairs, extra, missed = pair(pred.interventions, truth.interventions, sim)
    _items(s, "interventions", len(truth.interventions), len(pred.interventions), len(pairs))
    rows: list[tuple[Intervention | None, Intervention | None]]
    rows = [(pred.interventions[i], truth.interventions[j]) for i, j in pairs]
    rows += [(None, truth.interventions[j]) for j in missed]
    rows += [(pred.interventions[i], None) for i in extra]
    for p, t in rows:
        tv, pv = _iv_values(t), _iv_values(p)
        ev = [(e.start, e.end) for e in t.evidence] if t else []
        for attr in tv:
            s.value(f"intervention.{attr}", tv[attr], pv[attr], evidence=ev)
        if t is None and p is not None:
            s.score.errors.append(Error("interventions", "-", f"{p.code} {p.provider}"))
        elif p is None and t is not None:
            s.score.errors.append(Error("interventions", f"{t.code} {t.provider}", "-", ev))


def _exercises(
    s: _Scorer,
    truth: Note,
    pred: Note,
    aliases: dict[str, tuple[str, ...]],
    regions: dict[str, tuple[str, ...]],
    judge_unstated: bool = True,
) -> None:
    t_ex = [ex for iv in truth.interventions for ex in iv.exercises]
    p_ex = [ex for iv in pred.interventions for ex in iv.exercises]

    def sim(p: Exercise, t: Exercise) -> float:
        names = (t.name, *aliases.get(t.name, ()))
        # The offline drafter keeps a resistance level in the name ("UBE (level 2)": the
        # note has no field for it); the level is a dose detail, not part of the name.
        name = _LEVEL.sub("", p.name)
        return best_similarity(name, names) + (0.05 if p.side == t.side else 0.0)

    pairs, extra, missed = pair(p_ex, t_ex, sim)
    _items(s, "exercises", len(t_ex), len(p_ex), len(pairs))
    s.score.exercises_true += len(t_ex)
    s.score.exercises_invented += len(extra)
    s.score.exercises_stated_right += sum(same_dose(t_ex[j], p_ex[i]) for i, j in pairs)
    rows: list[tuple[Exercise | None, Exercise | None]]
    rows = [(p_ex[i], t_ex[j]) for i, j in pairs]
    rows += [(None, t_ex[j]) for j in missed]
    rows += [(p_ex[i], None) for i in extra]
    for p, t in rows:
        tv, pv = exercise_values(t), exercise_values(p)
        ev = [(e.start, e.end) for e in t.evidence] if t else []
        right = t is not None and p is not None
        if t is not None and p is not None and pv["body_region"] is not None:
            for region in regions.get(t.name, ()):
                if same_region(region, pv["body_region"]):
                    tv["body_region"] = pv["body_region"]
        for attr in EXERCISE_ATTRS:
            if (
                attr == "side"
                and tv["side"] is None
                and pv["side"] in (None, "bilateral", "midline")
            ):
                continue  # no side in the truth: "both" or "midline" is not an error
            if attr in JUDGED_ATTRS and not judge_unstated and tv[attr] is None:
                continue
            ok = s.value(f"exercise.{attr}", tv[attr], pv[attr], _SAME.get(attr), ev)
            right = right and ok
        s.score.exercises_right += right
        if p is None and t is not None:
            s.score.errors.append(Error("exercises", t.name, "-", ev))
        elif t is None and p is not None:
            s.score.errors.append(Error("exercises", "-", p.name))
            s.score.counts("exercises").hallucinated += not s.supported(p.name)
