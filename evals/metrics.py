"""Aggregate case results into the metrics.json figures, overall and per style.

Field figures are micro-averaged over every attribute decision; `overall` pools all fields.
Defect figures are per (case, defect label): a label is detected when any rule mapped to it
fires. `defect_*` and `clean_false_error_rate` judge the validator on the ground-truth note
(its own quality, independent of the drafter); the `e2e_` figures judge the validator on the
drafted note, as a clinic would meet it.
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


def summarise(results: list[CaseResult]) -> dict[str, Any]:
    fields: dict[str, Counts] = defaultdict(Counts)
    total = Counts()
    ex_true = ex_right = 0
    for r in results:
        for name, c in r.score.fields.items():
            fields[name].add(c)
            total.add(c)
        ex_true += r.score.exercises_true
        ex_right += r.score.exercises_right
    clean = [r for r in results if not r.defects]
    truth_defects = _defects(results, "truth_rules")
    e2e_defects = _defects(results, "e2e_rules")
    return {
        "cases": len(results),
        "overall": _prf(total),
        "fields": {name: _prf(c) for name, c in sorted(fields.items())},
        "hallucination_rate": _ratio(total.hallucinated, total.predicted, 0.0),
        "omission_rate": _ratio(total.omitted, total.true, 0.0),
        "exercise_fully_right_rate": _ratio(ex_right, ex_true),
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


def metrics(
    results: list[CaseResult], backend: str, n: int, seed: int, seconds: float
) -> dict[str, Any]:
    out: dict[str, Any] = {"backend": backend, "n": n, "seed": seed, "seconds": round(seconds, 2)}
    out.update(summarise(results))
    styles = sorted({r.style for r in results})
    out["by_style"] = {s: summarise([r for r in results if r.style == s]) for s in styles}
    return out
