"""Run a drafter over generated cases and score each one: fields, claim lines, defects.

Backends: `offline` and `llm` go through the drafting pipeline
(`assistant.services.drafting.draft_session`); `truth` returns the ground-truth note itself,
an oracle that checks the scorer (every figure must come out perfect).

A case seeded as "cloned" is drafted twice: first its text as last week's visit, whose note
becomes the previous note in the context, then the visit itself, so the clone check sees the
drafter's own output on both sides, as it would in a clinic.
"""

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.domain.findings import Element, Finding, Severity
from assistant.domain.note import Note
from assistant.domain.session import SessionInput
from assistant.rules.validation import review
from assistant.services.icd import icd_code_set
from evals import vocab
from evals.case import PREVIOUS_VISIT, Case, build
from evals.field import FieldCase
from evals.field import load as load_field
from evals.generator import generate_one
from evals.score import CaseScore, score_case
from evals.truth import STYLES

BACKENDS = ("offline", "llm", "truth")
SETS = ("synthetic", "field")
LLM_WORKERS = 4
# Findings about what the note says was done and why (the 97110 documentation elements, code
# support, medical necessity, cloned text), as opposed to paperwork: clinician, diagnosis
# codes, minutes and units, plan-of-care dates, evidence spans. A field note labelled
# insufficient agrees with the validator when at least one of these is raised.
SUBSTANCE = frozenset(
    {
        Element.EXERCISES, Element.PARAMETERS, Element.BODY_REGION, Element.PURPOSE,
        Element.GOAL_LINK, Element.SKILLED_NEED, Element.RESPONSE, Element.PROGRESSION,
        Element.CODE_SUPPORT, Element.MEDICAL_NECESSITY, Element.CLONED_TEXT,
    }
)  # fmt: skip


def substance(findings: Iterable[Finding]) -> frozenset[str]:
    """The rules among `findings` that fault substance at warning or error level."""
    return frozenset(
        f.rule for f in findings if f.element in SUBSTANCE and f.severity is not Severity.INFO
    )


# When the first drafts of an llm run all fall back, the model is not drafting (no server,
# wrong URL or model name, a server that never answers): stop rather than score a thousand
# offline drafts under the llm's name, each after waiting out the deadline.
PROBE = 3


class NoModelDrafts(Exception):
    """An llm run whose first drafts all fell back to the offline drafter."""


@dataclass
class Outcome:
    note: Note
    claim: list[tuple[str, int, list[str]]]
    rules: frozenset[str]
    errors: frozenset[str]
    notice: str = ""  # set when the pipeline fell back to another drafter
    substance: frozenset[str] = frozenset()


@dataclass
class CaseResult:
    case_id: str
    style: str
    defects: list[str]
    text: str
    score: CaseScore = field(default_factory=CaseScore)
    claim_exact: bool = False
    claim_truth: list[Any] = field(default_factory=list)
    claim_predicted: list[Any] = field(default_factory=list)
    truth_rules: frozenset[str] = frozenset()  # validator on the ground-truth note
    truth_errors: frozenset[str] = frozenset()
    e2e_rules: frozenset[str] = frozenset()  # findings of the drafting pipeline
    e2e_errors: frozenset[str] = frozenset()
    failure: str = ""
    notice: str = ""
    seconds: float = 0.0
    set_name: str = "synthetic"
    label: str = ""  # field set: the note's documentation label, good or insufficient
    e2e_substance: frozenset[str] = frozenset()


class Scored(Protocol):
    """What a drafter may read from a case besides the session: its truth note."""

    @property
    def note(self) -> Note: ...


Drafter = Callable[[SessionInput, Scored], Outcome]


def _claim(lines: Any) -> list[tuple[str, int, list[str]]]:
    return sorted((ln.code, ln.units, sorted(ln.modifiers)) for ln in lines)


def _pipeline(backend: str, options: dict[str, Any]) -> Drafter:
    from assistant.services.drafting import draft_session

    def run(session: SessionInput, case: Scored) -> Outcome:
        out = draft_session(session, backend, **options)
        findings = list(out.findings)
        lines = out.claim.lines if out.claim is not None else []
        return Outcome(
            out.note,
            _claim(lines),
            frozenset(f.rule for f in findings),
            frozenset(f.rule for f in findings if f.severity is Severity.ERROR),
            out.drafter.notice or "",
            substance(findings),
        )

    return run


def _oracle(session: SessionInput, case: Scored) -> Outcome:
    ctx = session.context
    report = review(case.note, ctx, icd=icd_code_set())
    claim = report.recomputed_claim
    return Outcome(
        case.note,
        _claim(claim.lines if claim else []),
        frozenset(f.rule for f in report.findings),
        frozenset(f.rule for f in report.findings if f.severity is Severity.ERROR),
        substance=substance(report.findings),
    )


def drafter_for(backend: str, options: dict[str, Any] | None = None) -> Drafter:
    """`options` go to `draft_session` as keywords (e.g. `llm_factory` in tests)."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}: choose from {', '.join(BACKENDS)}")
    return _oracle if backend == "truth" else _pipeline(backend, options or {})


@dataclass(frozen=True)
class Names:
    """The generator's other names for each exercise and its other acceptable regions."""

    aliases: dict[str, tuple[str, ...]]
    regions: dict[str, tuple[str, ...]]


def names() -> Names:
    specs = (*vocab.EXERCISES, *vocab.BALANCE)
    return Names(
        {e.name: (*e.short, *e.spoken) for e in specs},
        {e.name: tuple(w for f in e.families for w in vocab.FAMILY_REGIONS[f]) for e in specs},
    )


def cases(n: int, seed: int, styles: tuple[str, ...] = STYLES) -> Iterator[Case]:
    for i in range(n):
        truth = generate_one(seed, i)
        for style in styles:
            yield build(truth, style)


def run_case(case: Case | FieldCase, drafter: Drafter, known: Names) -> CaseResult:
    start = time.perf_counter()
    field_case = isinstance(case, FieldCase)
    case_id = case.id if isinstance(case, FieldCase) else case.truth.case_id
    result = CaseResult(case_id, case.style, list(case.defects), case.text)
    if isinstance(case, FieldCase):
        result.set_name, result.label = "field", case.label
        aliases, regions = case.aliases, {}
    else:
        aliases, regions = known.aliases, known.regions
    truth_report = review(case.note, case.context, icd=icd_code_set())
    result.truth_rules = frozenset(f.rule for f in truth_report.findings)
    result.truth_errors = frozenset(
        f.rule for f in truth_report.findings if f.severity is Severity.ERROR
    )
    result.claim_truth = [] if isinstance(case, FieldCase) else case.claim
    try:
        previous = None
        if "cloned" in case.defects:
            earlier = case.session(previous=[]).model_copy(
                update={"date_of_service": case.note.date_of_service - PREVIOUS_VISIT}
            )
            previous = [drafter(earlier, case).note]
        outcome = drafter(case.session(previous), case)
    except Exception as exc:  # a failed draft is scored as an empty one and reported
        result.failure = f"{type(exc).__name__}: {exc}"
        result.seconds = time.perf_counter() - start
        empty = case.note.model_copy(
            update={
                "diagnoses": [],
                "goals": [],
                "measures": [],
                "interventions": [],
                "medical_necessity": None,
                "total_timed_minutes": None,
                "total_treatment_minutes": None,
            }
        )
        result.score = score_case(case.note, empty, aliases, regions, not field_case)
        return result
    result.score = score_case(case.note, outcome.note, aliases, regions, not field_case)
    result.claim_predicted = outcome.claim
    # The field set's truth has no claim of its own: a claim is judged on the synthetic set.
    result.claim_exact = outcome.claim == result.claim_truth and not field_case
    result.e2e_rules, result.e2e_errors = outcome.rules, outcome.errors
    result.e2e_substance = outcome.substance
    result.notice = outcome.notice
    result.seconds = time.perf_counter() - start
    return result


def run(
    backend: str,
    n: int,
    seed: int,
    styles: tuple[str, ...] = STYLES,
    on_done: Callable[[CaseResult], None] | None = None,
    workers: int | None = None,
    options: dict[str, Any] | None = None,
    sets: tuple[str, ...] = ("synthetic",),
) -> list[CaseResult]:
    """Draft and score the chosen sets: `synthetic` (n visits x styles) and/or `field`.

    Raises NoModelDrafts (see PROBE) for the llm backend.
    """
    unknown = [s for s in sets if s not in SETS]
    if unknown:
        raise ValueError(f"unknown eval set {', '.join(unknown)}: choose from {', '.join(SETS)}")
    drafter = drafter_for(backend, options)
    known = names()
    todo: list[Case | FieldCase] = []
    if "synthetic" in sets:
        todo += cases(n, seed, styles)
    if "field" in sets:
        todo += load_field()
    workers = workers if workers is not None else (LLM_WORKERS if backend == "llm" else 1)
    probe = min(PROBE, len(todo)) if backend == "llm" else 0
    stop = threading.Event()
    results: list[CaseResult] = []

    def one(case: Case | FieldCase) -> CaseResult | None:
        return None if stop.is_set() else run_case(case, drafter, known)

    def done(result: CaseResult | None) -> None:
        assert result is not None
        results.append(result)
        if on_done:
            on_done(result)
        if len(results) == probe and all(r.notice or r.failure for r in results):
            stop.set()  # drafts already under way finish; the rest are skipped

    if workers <= 1:
        for case in todo:
            done(one(case))
            if stop.is_set():
                break
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(one, todo):
                if stop.is_set() and len(results) >= probe:
                    break
                done(result)
    if stop.is_set():
        first = results[0]
        reason = first.failure or first.notice.removesuffix("; offline draft shown")
        raise NoModelDrafts(
            f"no llm draft to score: the first {probe} drafts all fell back to the offline "
            f"drafter ({reason})"
        )
    return results
