"""The offline drafter: deterministic, no network, the embedded default.

It turns the parse into a `Note` whose every fact carries evidence spans into the input, and
reports what a reviewer must know as findings: minutes that are only self-reported, words it
could not place, exercise names it did not recognise, conflicting figures.
"""

import re
from bisect import bisect_left, bisect_right
from time import perf_counter

from assistant.domain.findings import Finding
from assistant.domain.note import (
    MAX_ITEMS,
    Diagnosis,
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
from assistant.domain.session import SessionInput
from assistant.drafting.base import Draft, DrafterInfo
from assistant.drafting.offline import coverage, soap
from assistant.drafting.offline.builders import InterventionB, MeasureB, spans
from assistant.drafting.offline.lexicon import lexicon
from assistant.drafting.offline.limits import cap, fit_section
from assistant.drafting.offline.parser import Parsed, parse
from assistant.drafting.offline.scope import State
from assistant.drafting.offline.segmenter import Section
from assistant.rules import tables
from assistant.rules.billing.timers import timer_minutes
from assistant.rules.registry import finding

MAX_UNPARSED = 100  # passages listed; past that they are still quoted in the SOAP text
_EXERCISE_HOMES = (InterventionCategory.THERAPEUTIC_EXERCISE,)
_CONTENT = re.compile(r"[a-z]{4,}")
_COMMON = {
    "with",
    "without",
    "that",
    "this",
    "from",
    "improve",
    "increase",
    "decrease",
    "patient",
    "able",
    "will",
    "within",
    "weeks",
    "week",
    "independently",
    "independent",
    "pain",
    "reduce",
    "maintain",
    "allow",
    "level",
    "good",
    "demonstrate",
}


class OfflineDrafter:
    """Implements the `Drafter` protocol."""

    def draft(self, session: SessionInput) -> Draft:
        started = perf_counter()
        lex = lexicon()
        parsed = parse(session.text, lex, session.note_type)
        findings: list[Finding] = []
        interventions, labels, heads, described = self._interventions(parsed, session, findings)
        measures = [m for b in parsed.state.measures if (m := _measure(parsed, b)) is not None]
        goals = _goals(parsed)
        _link_goals(interventions, goals, session)
        texts = soap.sections(parsed.view, parsed.sections)
        extra = soap.quote(parsed.view, parsed.objective_extra)
        necessity = spans(parsed.view, parsed.necessity)
        diagnoses = _diagnoses(parsed)
        facts: list[Diagnosis | Goal | Measure] = [*diagnoses, *goals, *measures]
        evidence = [sp for f in facts for sp in f.evidence] + necessity + described
        evidence += [sp for iv in interventions for ex in iv.exercises for sp in ex.evidence]
        state = parsed.state
        shown = parsed.objective_extra + parsed.unparsed + heads
        shown += [r for iv in state.interventions for r in (*iv.purpose, *iv.skilled)]
        read = parsed.read + [r for _, r in state.totals.values()]
        read += [r for iv in state.interventions for r in iv.response]
        quotes, missed = coverage.leftovers(
            parsed.view,
            parsed.sections.get(Section.O, []),
            evidence,
            shown,
            read,
            lex.phrases["fillers"],
        )
        extra = "\n".join(x for x in (extra, *quotes) if x)
        totals = parsed.state.totals
        # Sections show every fact read; the fact lists keep what a note holds (limits.py).
        sections = {
            Section.S: soap.subjective(texts[Section.S], measures),
            Section.O: soap.objective(interventions, labels, measures, extra),
            Section.A: texts[Section.A],
            Section.P: texts[Section.P],
        }
        for section, text in sections.items():
            ranges = parsed.sections.get(section, [])
            sections[section] = fit_section(section.value, text, parsed.view, ranges, findings)
        note = Note(
            schema_version="1",
            note_type=session.note_type,
            date_of_service=session.date_of_service,
            discipline=session.discipline,
            clinician=session.resolved_clinician(),
            payer=session.resolved_payer(),
            source_text=session.text,
            subjective=sections[Section.S],
            objective=sections[Section.O],
            assessment=sections[Section.A],
            plan=sections[Section.P],
            diagnoses=cap("diagnoses", diagnoses, 20, findings),
            goals=cap("goals", goals, MAX_ITEMS, findings),
            measures=cap("measures", measures, MAX_ITEMS, findings),
            interventions=cap("interventions", interventions, MAX_ITEMS, findings),
            medical_necessity=Statement(
                text=" ".join(s.text for s in necessity)[:20_000], evidence=necessity
            )
            if necessity
            else None,
            total_timed_minutes=totals["timed"][0] if "timed" in totals else None,
            total_treatment_minutes=totals["treatment"][0] if "treatment" in totals else None,
            timer_segments=session.timers,
            claim_lines=cap("stated billing lines", _stated_lines(parsed), MAX_ITEMS, findings),
        )
        unparsed = spans(parsed.view, parsed.unparsed) if parsed.unparsed else []
        unparsed += missed[: max(0, MAX_UNPARSED - len(unparsed))]
        findings += _review_findings(parsed, note, unparsed, session)
        info = DrafterInfo(
            backend="offline",
            model=f"ptscribe-offline (lexicon {lex.version})",
            latency_ms=round((perf_counter() - started) * 1000, 3),
        )
        return Draft(note=note, drafter=info, findings=findings, unparsed=unparsed)

    def _interventions(
        self, parsed: Parsed, session: SessionInput, findings: list[Finding]
    ) -> tuple[list[Intervention], list[str], list[tuple[int, int]], list[Span]]:
        """The note's services, their labels, and what of their words O shows (the
        heading's own words where exercises are listed, else the evidence the description
        quotes)."""
        # The engine's count, so the note states the minutes the claim bills (7:59 is 7).
        timer = timer_minutes(session.timers)
        out: list[Intervention] = []
        labels: list[str] = []
        heads: list[tuple[int, int]] = []
        described: list[Span] = []
        named = [iv for iv in parsed.state.interventions if not iv.implicit]
        therex = next((iv for iv in named if iv.category in _EXERCISE_HOMES), None)
        kept = []
        for iv in parsed.state.interventions:
            if therex and iv.implicit and iv.minutes is None and iv.code not in timer:
                # "Let's do sit to stand, 1 x 15" in a visit that bills 97110 and never
                # names 97530: the therapist did it as an exercise.
                therex.exercises.extend(ex for ex in iv.exercises if ex.dosed)
                # What was said of it ("150' to improve": a distance read as walking) stays.
                therex.take_statements(iv)
            else:
                kept.append(iv)
        for iv in kept:
            if not iv.code and not iv.exercises and iv.minutes is None:
                continue
            if iv.code in timer:
                if iv.minutes is not None and iv.minutes != timer[iv.code]:
                    findings.append(_timer_conflict(iv, timer[iv.code], len(out)))
                iv.timer_minutes = timer[iv.code]
            assistant = session.discipline.assistant or session.discipline.therapist
            for frozen in iv.freeze(parsed.view, assistant):
                out.append(frozen)
                labels.append(iv.label)
                # With exercises the O line lists them, not the clauses: only the heading's
                # own words are shown; without, the description quotes the clauses.
                if frozen.exercises:
                    heads.extend(iv.ranges)
                else:
                    described.extend(frozen.evidence)
        return out, labels, heads, described


def _stated_lines(parsed: Parsed) -> list[ProposedLine]:
    """The billing line as the writer stated it, for the validator to compare; never billed."""
    out = []
    for line in parsed.claim_lines:
        try:
            out.append(
                ProposedLine(code=line.code, units=line.units, modifiers=list(line.modifiers))
            )
        except ValueError:
            continue
    return out


def _timer_conflict(iv: InterventionB, minutes: int, index: int) -> Finding:
    return finding(
        "DR006",
        f"{iv.code}: the text says {iv.minutes} minutes, the timers show {minutes}; "
        "the timer minutes are used",
        f"interventions[{index}].minutes",
    )


def _measure(parsed: Parsed, m: MeasureB) -> Measure | None:
    try:
        return Measure(
            name=m.name[:200] or "measure",
            kind=m.kind,
            side=m.side,
            value=m.value,
            unit=m.unit[:30],
            evidence=spans(parsed.view, m.ranges),
        )
    except ValueError:
        return None  # out of range for its kind: the words stay in the SOAP text


def _goals(parsed: Parsed) -> list[Goal]:
    out = []
    for g in parsed.goals:
        text = parsed.view.span(*g.text).text.strip()[:2000]
        if text:
            evidence = spans(parsed.view, [*g.ranges, g.text])
            out.append(Goal(id=g.id, text=text, term=g.term, evidence=evidence))
    return out


def _link_goals(
    interventions: list[Intervention], goals: list[Goal], session: SessionInput
) -> None:
    """Keep the goals the text references ("toward STG1"); only when the note references none
    anywhere, link an intervention to the goals its purpose shares a distinctive word with."""
    pool = list(goals)
    plan = session.context.plan_of_care if session.context else None
    if plan is not None:
        pool += [g for g in plan.goals if all(g.id != x.id for x in pool)]
    known = {g.id for g in pool}
    for iv in interventions:
        iv.goal_ids[:] = [g for g in iv.goal_ids if g in known or not pool]
    if any(iv.goal_ids for iv in interventions):
        return  # the writer linked goals explicitly; shared words would only invent links
    for iv in interventions:
        # The purpose only: the description quotes doses and exercise names ("home
        # exercises", "15 minutes") that would meet any goal's words by chance.
        words = _stems(iv.purpose)
        for goal in pool:
            shared = words & _stems(goal.text)
            if iv.purpose and shared and goal.id not in iv.goal_ids and len(iv.goal_ids) < 20:
                iv.goal_ids.append(goal.id)


def _stems(text: str) -> set[str]:
    """Content words, crudely stemmed so "stairs" meets "stair" and "climbing" "climb"."""
    out = set()
    for word in _CONTENT.findall(text.lower()):
        if word in _COMMON:
            continue
        if word.endswith("ing") and len(word) > 6:
            word = word[:-3]
        elif word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word)
    return out


def _diagnoses(parsed: Parsed) -> list[Diagnosis]:
    out = []
    for d in parsed.diagnoses:
        ranges = [d.code_range] + ([d.description] if d.description else [])
        description = parsed.view.span(*d.description).text[:200] if d.description else ""
        try:
            out.append(
                Diagnosis(code=d.code, description=description, evidence=spans(parsed.view, ranges))
            )
        except ValueError:
            continue
    return out


def _review_findings(
    parsed: Parsed, note: Note, unparsed: list[Span], session: SessionInput
) -> list[Finding]:
    out: list[Finding] = []
    catalog = tables.catalog()
    timer_codes = {seg.code for seg in session.timers}
    self_reported = sorted(
        {
            iv.code
            for iv in note.interventions
            if iv.code in catalog
            and catalog[iv.code].timed
            and iv.minutes is not None
            and iv.code not in timer_codes
        }
    )
    if self_reported:
        out.append(
            finding(
                "DR002",
                f"minutes for {', '.join(self_reported)} are self-reported in the text, not "
                "from timers; confirm them before signing",
                "interventions",
            )
        )
    if unparsed:
        shown = "; ".join(f"'{s.text[:40]}'" for s in unparsed[:5])
        more = f" and {len(unparsed) - 5} more" if len(unparsed) > 5 else ""
        out.append(
            finding(
                "DR001",
                f"{len(unparsed)} passage(s) not turned into facts (kept in the note text): "
                f"{shown}{more}",
                "source_text",
            )
        )
    state = parsed.state
    if state.unknown_exercises:
        out.append(
            finding(
                "DR003",
                "exercise names kept as written (not in the lexicon): "
                + ", ".join(state.unknown_exercises[:10]),
                "interventions",
            )
        )
    if state.unsure_evaluation:
        out.append(
            finding(
                "DR004",
                "an evaluation is mentioned without its complexity; choose 97161 (low), "
                "97162 (moderate) or 97163 (high)",
                "interventions",
            )
        )
    if state.unsure_muscles:
        out.append(
            finding(
                "DR008",
                "dry needling is mentioned without the number of muscles; choose 20560 "
                "(one or two muscles) or 20561 (three or more)",
                "interventions",
            )
        )
    for stated in state.minute_ranges:
        out.append(
            finding(
                "DR010",
                f"minutes stated as a range ({stated}); the upper figure is used",
                "interventions",
            )
        )
    for conflict in state.minute_conflicts:
        out.append(
            finding(
                "DR005",
                f"two different minute figures for {conflict}; the first is used",
                "interventions",
            )
        )
    out.extend(_repeated_blocks(state))
    if note.note_type is NoteType.DAILY and not note.interventions:
        out.append(
            finding(
                "DR007",
                "no treatment was recognised in the text; nothing can be billed",
                "interventions",
            )
        )
    return out


def _repeated_blocks(state: State) -> list[Finding]:
    """DR005 once per service whose same minutes head two blocks, each with exercises after
    it: two blocks of one service, not one restated (positions sorted once, then bisected,
    so a long note with many repeats stays linear)."""
    out: list[Finding] = []
    starts: dict[int, list[int]] = {}
    reported: set[int] = set()
    for iv, first, again, minutes in state.minute_repeats:
        key = id(iv)
        if key in reported:
            continue
        if key not in starts:
            starts[key] = sorted(a for ex in iv.exercises for a, _ in ex.ranges)
        found = starts[key]
        between = bisect_right(found, first) < bisect_left(found, again)
        if between and bisect_right(found, again) < len(found):
            reported.add(key)
            out.append(
                finding(
                    "DR005",
                    f"{iv.code or iv.label} is stated twice with {minutes} min, each with its "
                    "own exercises; the minutes are counted once, not added up: if the "
                    "service was furnished twice, state the total",
                    "interventions",
                )
            )
    return out
