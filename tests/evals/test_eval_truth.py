"""The whole eval over the oracle backend (the truth note itself): every figure is perfect.

This checks the generator, case builder, scorer, metrics, report and gate together without a
drafter; a drop here is a bug in evals/, not in a drafter.
"""

from pathlib import Path

import pytest

from evals import gate, report
from evals.metrics import metrics
from evals.runner import CaseResult, run

N, SEED = 40, 2024


@pytest.fixture(scope="module")
def oracle() -> tuple[dict[str, object], list[CaseResult]]:
    results = run("truth", N, SEED, sets=("synthetic", "field"))
    return metrics(results, "truth", N, SEED, 1.0), results


def test_oracle_scores_perfectly(oracle: tuple[dict[str, object], list[CaseResult]]) -> None:
    figures, results = oracle
    assert sum(r.set_name == "synthetic" for r in results) == 3 * N
    assert gate.check(figures, "truth") == []
    fields = figures["fields"]
    assert isinstance(fields, dict)
    assert {"exercises", "exercise.load", "measure.value", "intervention.minutes"} <= set(fields)
    assert all(f["f1"] == 1.0 for f in fields.values())
    field = figures["by_set"]["field"]  # type: ignore[index]
    assert all(f["f1"] == 1.0 for f in field["fields"].values())
    assert field["exercise_stated_params_rate"] == 1.0
    assert field["invented_exercises_per_note"] == 0.0


def test_metrics_have_the_contract_keys(oracle: tuple[dict[str, object], list[CaseResult]]) -> None:
    figures, _ = oracle
    for key in (
        "backend",
        "n",
        "seed",
        "fields",
        "hallucination_rate",
        "omission_rate",
        "claim_exact_rate",
        "defect_recall",
        "defect_precision",
        "clean_false_error_rate",
        "by_style",
    ):
        assert key in figures
    assert set(figures["by_style"]) == {"shorthand", "dictation", "conversation"}  # type: ignore[arg-type]


def test_report_files(tmp_path: Path, oracle: tuple[dict[str, object], list[CaseResult]]) -> None:
    figures, results = oracle
    # One wrong prediction so the report has an example to highlight.
    bad = results[0]
    bad.score.errors.append(report_error(bad))
    paths = report.write(tmp_path, figures, results)
    html = paths["report"].read_text()
    assert "<svg" in html
    assert "<mark>" in html
    assert "| shorthand |" in paths["summary"].read_text()
    assert '"by_style"' in paths["metrics"].read_text()


def report_error(result: CaseResult) -> object:
    from evals.score import Error

    start = result.text.index("Dx")
    return Error("diagnoses", "X", "Y", [(start, start + 2)])


def test_gate_reports_a_drop(tmp_path: Path) -> None:
    table = tmp_path / "t.toml"
    table.write_text('[p.min]\n"overall.f1" = 0.9\n[p.max]\n"omission_rate" = 0.1\n')
    figures = {"overall": {"f1": 0.8}, "omission_rate": 0.2}
    problems = gate.check(figures, "p", table)
    assert len(problems) == 2
    assert gate.check({"overall": {"f1": 0.95}, "omission_rate": 0.0}, "p", table) == []
    assert gate.check(figures, "missing", table) == ["no thresholds for 'missing' in t.toml"]


def test_gate_lookup_follows_keys_with_dots() -> None:
    figures = {"fields": {"exercise.load": {"f1": 0.5}}, "by_style": {"a": {"n": 3}}}
    assert gate.lookup(figures, "fields.exercise.load.f1") == 0.5
    assert gate.lookup(figures, "by_style.a.n") == 3.0
    assert gate.lookup(figures, "fields.exercise.sets.f1") is None
