"""Aggregate case results into the metrics.json figures, overall and per style.

Field figures are micro-averaged over every attribute decision; `overall` pools all fields.
Defect figures are per (case, defect label): a label is detected when any rule mapped to it
fires. `defect_*` and `clean_false_error_rate` judge the validator on the ground-truth note
(its own quality, independent of the drafter); the `e2e_` figures judge the validator on the
drafted note, as a clinic would meet it.

Two figures aim at what a clinician sees: `exercise_stated_params_rate`, the share of true
exercises found with every stated dose parameter and none invented, and
`invented_exercises_per_note`, predicted exercises with no true one to pair with. On the field
set, `label_agreement` is the share of notes where the drafted note's findings agree with the
hand label: an `insufficient` note agrees when a warning or error faults its substance
(`evals.runner.SUBSTANCE`), a `good` note when no error stands. `by_set` splits every figure
between the synthetic and the field set; the top level is the synthetic set's when it ran.
"""

from collections import defaultdict
from typing import Any

from evals.runner import CaseResult
from evals.score import Counts
from evals.truth import DEFECT_RULES


def _ratio(num: int | float, den: int | float, empty: float = 1.0) -> float:
    return round(num / den, 4) if den else empty


def _prf(c: Counts) -> dict[str, Any]:
    return {
        "precision": round(c.precision, 4),
        "recall": round(c.recall, 4),
        "f1": round(c.f1, 4),
        "support": c.true,
        "hallucination_rate": _ratio(c.hallucinated, c.predicted, 0.0),
        "omission_rate": _ratio(c.omitted, c.true, 0.0),
    }


def _defects(results: list[CaseResult], attr: str) -> dict[str, Any]:
    tp = fp = fn = 0
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in results:
        fired: frozenset[str] = getattr(r, attr)
        for label, rules in DEFECT_RULES.items():
            seeded, hit = label in r.defects, bool(fired & rules)
            row = per[label]
            if seeded and hit:
                tp, row[0] = tp + 1, row[0] + 1
            elif hit:
                fp, row[1] = fp + 1, row[1] + 1
            elif seeded:
                fn, row[2] = fn + 1, row[2] + 1
    return {
        "recall": _ratio(tp, tp + fn),
        "precision": _ratio(tp, tp + fp),
        "by_defect": {
            label: {"recall": _ratio(a, a + c), "precision": _ratio(a, a + b), "seeded": a + c}
            for label, (a, b, c) in sorted(per.items())
        },
    }


def agrees(result: CaseResult) -> bool:
    """The validator, on the drafted note, agrees with the note's documentation label."""
    if result.label == "insufficient":
        return bool(result.e2e_substance)
    return not result.e2e_errors


def _labels(results: list[CaseResult]) -> dict[str, Any]:
    labelled = [r for r in results if r.label]
    good = [r for r in labelled if r.label == "good"]
    weak = [r for r in labelled if r.label == "insufficient"]
    blocking: dict[str, int] = defaultdict(int)
    for r in good:
        for rule in r.e2e_errors:
            blocking[rule] += 1
    return {
        "labelled": len(labelled),
        "label_agreement": _ratio(sum(map(agrees, labelled)), len(labelled), 0.0),
        "label_agreement_good": _ratio(sum(map(agrees, good)), len(good), 0.0),
        "label_agreement_insufficient": _ratio(sum(map(agrees, weak)), len(weak), 0.0),
        # How often a good note is faulted on substance too: high means the insufficient
        # side of the agreement is cheap (warnings that fire on every note).
        "good_notes_with_substance_findings": _ratio(
            sum(bool(r.e2e_substance) for r in good), len(good), 0.0
        ),
        # Which error rules stood on notes labelled good (a note counts once per rule).
        "good_notes_blocked_by": dict(sorted(blocking.items(), key=lambda kv: (-kv[1], kv[0]))),
        "disagreeing_notes": sorted(r.case_id for r in labelled if not agrees(r)),
    }


def summarise(results: list[CaseResult]) -> dict[str, Any]:
    fields: dict[str, Counts] = defaultdict(Counts)
    total = Counts()
    ex_true = ex_right = ex_stated = ex_invented = 0
    for r in results:
        for name, c in r.score.fields.items():
            fields[name].add(c)
            total.add(c)
        ex_true += r.score.exercises_true
        ex_right += r.score.exercises_right
        ex_stated += r.score.exercises_stated_right
        ex_invented += r.score.exercises_invented
    clean = [r for r in results if not r.defects]
    truth_defects = _defects(results, "truth_rules")
    e2e_defects = _defects(results, "e2e_rules")
    out: dict[str, Any] = {
        "cases": len(results),
        "overall": _prf(total),
        "fields": {name: _prf(c) for name, c in sorted(fields.items())},
        "hallucination_rate": _ratio(total.hallucinated, total.predicted, 0.0),
        "omission_rate": _ratio(total.omitted, total.true, 0.0),
        "exercise_fully_right_rate": _ratio(ex_right, ex_true),
        "exercise_stated_params_rate": _ratio(ex_stated, ex_true),
        "invented_exercises_per_note": _ratio(ex_invented, len(results), 0.0),
        "claim_exact_rate": _ratio(sum(r.claim_exact for r in results), len(results)),
        "defect_recall": truth_defects["recall"],
        "defect_precision": truth_defects["precision"],
        "defects": truth_defects["by_defect"],
        "clean_false_error_rate": _ratio(sum(bool(r.truth_errors) for r in clean), len(clean), 0.0),
        "e2e_defect_recall": e2e_defects["recall"],
        "e2e_defect_precision": e2e_defects["precision"],
        "e2e_defects": e2e_defects["by_defect"],
        "e2e_clean_false_error_rate": _ratio(
            sum(bool(r.e2e_errors) for r in clean), len(clean), 0.0
        ),
        "failures": sum(bool(r.failure) for r in results),
        "fallbacks": sum(bool(r.notice) for r in results),
    }
    if any(r.label for r in results):
        out.update(_labels(results))
    return out


def metrics(
    results: list[CaseResult], backend: str, n: int, seed: int, seconds: float
) -> dict[str, Any]:
    out: dict[str, Any] = {"backend": backend, "n": n, "seed": seed, "seconds": round(seconds, 2)}
    by_set = {
        name: [r for r in results if r.set_name == name]
        for name in ("synthetic", "field")
        if any(r.set_name == name for r in results)
    }
    main = by_set.get("synthetic") or results
    out.update(summarise(main))
    styles = sorted({r.style for r in main})
    out["by_style"] = {s: summarise([r for r in main if r.style == s]) for s in styles}
    out["by_set"] = {}
    for name, rows in by_set.items():
        figures = summarise(rows)
        voices = sorted({r.style for r in rows})
        figures["by_style"] = {v: summarise([r for r in rows if r.style == v]) for v in voices}
        out["by_set"][name] = figures
    fell_back = [r for r in main if r.notice]
    if fell_back:
        # A fallback draft is the offline drafter's work, not the backend's: its figures are
        # also given apart, so a run never passes the offline drafter's off as the model's.
        own = [r for r in main if not r.notice]
        out["by_drafter"] = {backend: summarise(own), "offline_fallback": summarise(fell_back)}
    return out
