"""One eval case: a visit's truth rendered in one style, as a schema `Note` and a drafter input.

The truth note's SOAP sections are the shorthand rendering (the same for every style, so a
cloned visit is a copy whatever the style); its source_text and evidence spans are the
style's own text.
"""

from dataclasses import dataclass
from datetime import timedelta

from assistant.domain.billing import Discipline, Role, Service, Visit
from assistant.domain.context import PlanOfCare, VisitContext
from assistant.domain.note import (
    SCHEMA_VERSION,
    Clinician,
    Diagnosis,
    Exercise,
    Goal,
    Intervention,
    InterventionCategory,
    Measure,
    Note,
    NoteType,
    ProposedLine,
    Span,
    Statement,
)
from assistant.domain.session import DraftContext, Patient, SessionInput
from assistant.rules import tables
from assistant.rules.billing import bill
from evals.render import ClaimLines, Rendered, render
from evals.truth import Truth

PREVIOUS_VISIT = timedelta(days=7)


@dataclass(frozen=True)
class Case:
    truth: Truth
    style: str
    text: str
    note: Note  # the ground-truth note
    context: VisitContext
    claim: ClaimLines  # the claim lines the minutes support (code, units, sorted modifiers)

    @property
    def id(self) -> str:
        return f"{self.truth.case_id}/{self.style}"

    @property
    def defects(self) -> list[str]:
        return self.truth.defects

    def session(self, previous: list[Note] | None = None) -> SessionInput:
        """The drafter's input; `previous` replaces the context's previous notes."""
        ctx = self.context.model_dump()
        if previous is not None:
            ctx["previous_notes"] = previous
        return SessionInput(
            text=self.text,
            date_of_service=self.note.date_of_service,
            discipline=Discipline.PT,
            note_type=NoteType.DAILY,
            clinician=self.note.clinician,
            context=DraftContext(
                **ctx,
                date_of_service=self.note.date_of_service,
                discipline=Discipline.PT,
                note_type=NoteType.DAILY,
                clinician=self.note.clinician,
                patient=Patient(name=self.truth.patient),
            ),
        )


def build(truth: Truth, style: str) -> Case:
    claim = truth_claim(truth)
    rendered = render(truth, style, claimed_lines(truth, claim))
    soap = render(truth, "shorthand", claimed_lines(truth, claim)).sections
    note = to_note(truth, rendered, soap, claim)
    previous = []
    if truth.has_previous:
        prior = _previous(truth, soap, claim)
        previous.append(to_note(prior, render(prior, style, claim), prior_soap(prior, claim), []))
        previous[0] = previous[0].model_copy(
            update={"date_of_service": truth.date_of_service - PREVIOUS_VISIT}
        )
    context = VisitContext(
        schema_version=SCHEMA_VERSION,
        plan_of_care=PlanOfCare(
            first_treatment=truth.first_treatment,
            goals=[Goal(id=g.id, text=g.text, term=g.term) for g in truth.goals],
            certified=True,
            certification_date=truth.first_treatment + timedelta(days=3),
            certified_through=truth.first_treatment + timedelta(days=89),
        ),
        treatment_days_since_progress_report=truth.progress_days,
        previous_notes=previous,
        ytd_allowed=truth.ytd_allowed,
    )
    return Case(truth, style, rendered.text, note, context, claim)


def prior_soap(prior: Truth, claim: ClaimLines) -> dict[str, str]:
    return render(prior, "shorthand", claimed_lines(prior, claim)).sections


def _previous(truth: Truth, soap: dict[str, str], claim: ClaimLines) -> Truth:
    """Last week's visit: a copy when the defect is 'cloned', otherwise an earlier dose."""
    if "cloned" in truth.defects:
        return truth
    import copy

    prior = copy.deepcopy(truth)
    prior.case_id = truth.case_id + "-prev"
    prior.feeling = "more pain after the weekend"
    for ex in prior.exercises:
        if ex.load is not None and ex.load > 1:
            ex.load, ex.previous_load = ex.load - 1, None
        elif ex.reps:
            ex.reps = max(1, ex.reps - 2)
        if ex.duration_minutes:
            ex.duration_minutes = max(1.0, ex.duration_minutes - 2)
    for m in prior.measures:
        if isinstance(m.value, float):
            m.value = max(0.0, m.value - 2) if m.kind.value != "pain" else min(10.0, m.value + 2)
    return prior


def truth_claim(truth: Truth) -> ClaimLines:
    minutes: dict[str, list[int]] = {}
    for svc in truth.services:
        if svc.minutes is None:
            continue
        entry = minutes.setdefault(svc.code, [0, 0])
        entry[0] += svc.minutes
        entry[1] += svc.pta_minutes
    visit = Visit(
        date_of_service=truth.date_of_service,
        ytd_allowed=truth.ytd_allowed,
        services=[Service(code=c, minutes=m, assistant_minutes=a) for c, (m, a) in minutes.items()],
    )
    return sorted((line.code, line.units, sorted(line.modifiers)) for line in bill(visit).lines)


def claimed_lines(truth: Truth, claim: ClaimLines) -> ClaimLines:
    """What the note says was billed: the true lines unless the defect changed the units.

    The defect changes one line of the code, so the code's total units differ (a line split
    between CQ and non-CQ units with the same total is a modifier problem, not this one).
    """
    out, changed = [], set()
    for code, units, mods in claim:
        delta = 0 if code in changed else truth.claim_units_delta.get(code, 0)
        if delta and units + delta < 1:
            delta = 1
        if delta:
            changed.add(code)
        out.append((code, units + delta, mods))
    return out


def _spans(rendered: Rendered, key: str) -> list[Span]:
    text = rendered.text
    return [Span(start=a, end=b, text=text[a:b]) for a, b in rendered.spans.get(key, [])]


def to_note(truth: Truth, rendered: Rendered, soap: dict[str, str], claim: ClaimLines) -> Note:
    catalog = tables.catalog()
    interventions: list[Intervention] = []
    for i, svc in enumerate(truth.services):
        exercises = [
            Exercise(
                evidence=_spans(rendered, f"ex{i}.{j}"),
                name=ex.spec.name,
                body_region=ex.spec.region,
                side=ex.side,
                kind=ex.kind,
                sets=ex.sets,
                reps=ex.reps,
                load=ex.load,
                load_unit=ex.load_unit,
                band_colour=ex.band_colour,
                hold_seconds=ex.hold_seconds,
                duration_minutes=ex.duration_minutes,
                progression=ex.progression,
            )
            for j, ex in enumerate(svc.exercises)
        ]
        base = Intervention(
            evidence=_spans(rendered, f"svc{i}") or [s for e in exercises for s in e.evidence][:1],
            category=InterventionCategory(catalog[svc.code].category),
            code=svc.code,
            description=svc.description,
            minutes=svc.minutes,
            purpose=svc.purpose,
            goal_ids=svc.goal_ids,
            skilled_rationale=svc.skilled,
            response=svc.response,
            exercises=exercises,
        )
        if svc.pta_minutes and svc.minutes is not None:
            interventions.append(base.model_copy(update={"minutes": svc.minutes - svc.pta_minutes}))
            interventions.append(
                base.model_copy(
                    update={"minutes": svc.pta_minutes, "provider": Role.PTA, "exercises": []}
                )
            )
        else:
            interventions.append(base)
    name, credentials = truth.clinician
    return Note(
        schema_version=SCHEMA_VERSION,
        note_type=NoteType.DAILY,
        date_of_service=truth.date_of_service,
        discipline=Discipline.PT,
        clinician=Clinician(name=name, credentials=credentials, role=Role.PT),
        source_text=rendered.text,
        subjective=soap.get("subjective", ""),
        objective=soap.get("objective", ""),
        assessment=soap.get("assessment", ""),
        plan=soap.get("plan", ""),
        diagnoses=[
            Diagnosis(evidence=_spans(rendered, f"dx{i}"), code=code, description=desc)
            for i, (code, desc) in enumerate(truth.diagnoses)
        ],
        goals=[
            Goal(evidence=_spans(rendered, f"goal:{g.id}"), id=g.id, text=g.text, term=g.term)
            for g in truth.goals
        ],
        measures=[
            Measure(
                evidence=_spans(rendered, f"m{i}"),
                name=m.name,
                kind=m.kind,
                side=m.side,
                value=m.value,
                unit=m.unit,
            )
            for i, m in enumerate(truth.measures)
        ],
        interventions=interventions,
        medical_necessity=(
            Statement(evidence=_spans(rendered, "nec"), text=truth.necessity)
            if truth.necessity
            else None
        ),
        total_timed_minutes=truth.total_timed,
        total_treatment_minutes=truth.total_treatment,
        claim_lines=[
            ProposedLine(code=c, units=u, modifiers=m) for c, u, m in claimed_lines(truth, claim)
        ],
    )


def build_all(truths: list[Truth], styles: tuple[str, ...]) -> list[Case]:
    return [build(t, s) for t in truths for s in styles]


__all__ = ["Case", "build", "build_all"]
