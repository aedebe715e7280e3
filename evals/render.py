"""Render one visit's ground truth as a therapist would put it: shorthand, dictation, or talk.

Each renderer records where every fact was said (the keys below) so the truth note carries
evidence spans. Keys: dx{i}, goal:{id}, m{i}, svc{i}, ex{i}.{j}, nec.
"""

import random
from dataclasses import dataclass

from assistant.domain.note import LoadUnit, MeasureKind, Side
from evals import vocab
from evals.truth import TExercise, TMeasure, Truth, TService
from evals.words import Builder, fmt, int_words, num_words

ClaimLines = list[tuple[str, int, list[str]]]
SIDE_SHORT = {Side.RIGHT: "R", Side.LEFT: "L", Side.BILATERAL: "B"}
SIDE_WORD = {Side.RIGHT: "right", Side.LEFT: "left", Side.BILATERAL: "both"}
_ABBREV = (("flexion", "flex"), ("extension", "ext"), ("quadriceps", "quads"), ("ankle ", ""))


@dataclass
class Rendered:
    text: str
    spans: dict[str, list[tuple[int, int]]]
    sections: dict[str, str]


def render(truth: Truth, style: str, claim: ClaimLines) -> Rendered:
    rng = random.Random(f"{truth.case_id}:{style}")
    if style == "shorthand":
        return Shorthand(truth, rng, claim).run()
    if style == "dictation":
        return Dictation(truth, rng, claim).run()
    if style == "conversation":
        return Conversation(truth, rng, claim).run()
    raise ValueError(f"unknown style {style!r}")


def claim_text(claim: ClaimLines) -> str:
    return "; ".join(f"{code} x{units} {' '.join(mods)}".strip() for code, units, mods in claim)


class Shorthand:
    def __init__(self, truth: Truth, rng: random.Random, claim: ClaimLines) -> None:
        self.t, self.rng, self.claim, self.b = truth, rng, claim, Builder()

    def run(self) -> Rendered:
        t, b, rng = self.t, self.b, self.rng
        starts = {"subjective": 0}
        b.add("Dx: ")
        for i, (code, _) in enumerate(t.diagnoses):
            b.add(", " if i else "")
            label = t.condition.label if i == 0 else "aftercare"
            side = SIDE_SHORT.get(t.side) if t.side else None
            b.add(f"{side + ' ' if side and i == 0 else ''}{label} ({code})", f"dx{i}")
        b.add(f"\nS: {rng.choice(vocab.SUBJECTIVE).format(feeling=t.feeling)}")
        for i, m in enumerate(t.measures):
            if m.kind is MeasureKind.PAIN:
                b.add(" ").add(f"Pain {fmt(float(m.value))}/10", f"m{i}").add(".")
        starts["objective"] = b.pos + 1
        b.add("\nO:")
        for i, m in enumerate(t.measures):
            if m.kind is not MeasureKind.PAIN:
                b.add(" ").add(self.measure(m), f"m{i}").add(".")
        for i, svc in enumerate(t.services):
            self.service(i, svc)
        b.add(f"\nTotal timed {t.total_timed} min, total tx time {t.total_treatment} min.")
        starts["assessment"] = b.pos + 1
        b.add("\nA: ")
        b.add(f"Progressing toward goals. {t.services[0].response.capitalize()}.")
        if t.necessity:
            b.add(" ").add(t.necessity, "nec")
        starts["plan"] = b.pos + 1
        b.add("\nP: Continue POC 2x/wk. Goals: ")
        for k, goal in enumerate(t.goals):
            b.add("; " if k else "").add(f"{goal.id} {goal.text}", f"goal:{goal.id}")
        b.add(".")
        if t.claimed:
            b.add(f"\nBilled: {claim_text(self.claim)}.")
        text = b.text()
        order = list(starts)
        sections = {
            name: text[starts[name] : starts[order[k + 1]] - 1 if k + 1 < len(order) else None]
            for k, name in enumerate(order)
        }
        return Rendered(text, b.spans, sections)

    def measure(self, m: TMeasure) -> str:
        name = m.name
        for long, short in _ABBREV:
            name = name.replace(long, short)
        side = f"{SIDE_SHORT[m.side]} " if m.side in SIDE_SHORT else ""
        if m.kind is MeasureKind.ROM:
            return f"{side}{name} {fmt(float(m.value))}{self.rng.choice(('°', ' deg', 'deg'))}"
        if m.kind is MeasureKind.MMT:
            return f"{side}{name} {m.value}/5"
        unit = {"s": " sec", "lb": " lb", "%": "%"}.get(m.unit, m.unit)
        return f"{side}{name} {fmt(float(m.value))}{unit}"

    def service(self, i: int, svc: TService) -> None:
        b, rng = self.b, self.rng
        name = rng.choice(vocab.SERVICE_SHORT[svc.code])
        b.add("\n").add(f"{name} ({svc.code})", f"svc{i}")
        if svc.minutes is not None:
            b.add(f" {svc.minutes} min")
            if svc.pta_minutes:
                b.add(f" ({svc.pta_minutes} min by {self.t.pta}, PTA)")
        if svc.goal_ids:
            b.add(f" -> {', '.join(svc.goal_ids)}")
        b.add(": ")
        if svc.description:
            b.add(svc.description + ". ")
        if svc.purpose:
            b.add(svc.purpose.capitalize() + ". ")
        for j, ex in enumerate(svc.exercises):
            b.add("\n- ").add(self.exercise(ex), f"ex{i}.{j}")
        if svc.exercises:
            b.add("\n")
        if svc.skilled:
            b.add(svc.skilled.capitalize() + ". ")
        if svc.response:
            b.add(f"Resp: {svc.response}.")

    def exercise(self, ex: TExercise) -> str:
        rng = self.rng
        out = []
        if ex.side in SIDE_SHORT:
            out.append(SIDE_SHORT[ex.side])
        out.append(rng.choice(ex.spec.short))
        if ex.sets and ex.reps:
            out.append(rng.choice((f"{ex.sets}x{ex.reps}", f"{ex.sets} x {ex.reps}")))
        elif ex.reps:
            out.append(rng.choice((f"x{ex.reps}", f"{ex.reps} reps")))
        elif ex.sets:
            out.append(f"{ex.sets} sets")
        if ex.load is not None and ex.load_unit is LoadUnit.LB:
            out.append(
                rng.choice((f"@ {fmt(ex.load)}#", f"w/ {fmt(ex.load)} lb", f"{fmt(ex.load)}lbs"))
            )
        elif ex.load is not None:
            out.append(f"@ {fmt(ex.load)} kg")
        elif ex.band_colour:
            colour = ex.band_colour
            out.append(rng.choice((vocab.BAND_SHORT[colour], f"{colour} band")))
        elif ex.load_unit is LoadUnit.BODYWEIGHT:
            out.append("BW")
        if ex.hold_seconds:
            out.append(rng.choice((f"{ex.hold_seconds}s hold", f'{ex.hold_seconds}" hold')))
        if ex.duration_minutes:
            out.append(
                rng.choice((f"{fmt(ex.duration_minutes)} min", f"x {fmt(ex.duration_minutes)}'"))
            )
        if ex.level:
            out.append(rng.choice((f"L{ex.level}", f"lvl {ex.level}")))
        if ex.previous_load is not None:
            unit = "#" if ex.load_unit is LoadUnit.LB else " kg"
            out.append(f"(up from {fmt(ex.previous_load)}{unit})")
        return " ".join(out)


class Spoken:
    """Shared pieces of the two spoken styles: numbers as words, fillers, self-corrections."""

    def __init__(self, truth: Truth, rng: random.Random, claim: ClaimLines) -> None:
        self.t, self.rng, self.claim, self.b = truth, rng, claim, Builder()

    def filler(self, p: float = 0.3) -> str:
        return f"{self.rng.choice(vocab.FILLERS)}, " if self.rng.random() < p else ""

    def n(self, x: float, wrong_ok: bool = True) -> str:
        """A number as words, sometimes as digits, sometimes said wrong and corrected."""
        said = num_words(x) if self.rng.random() < 0.8 else fmt(x)
        if wrong_ok and self.rng.random() < 0.1 and x == int(x) and x > 2:
            wrong = int(x) + self.rng.choice((-1, 1))
            return f"{int_words(wrong)}, {self.rng.choice(vocab.CORRECTIONS)}, {said}"
        return said

    def measure(self, m: TMeasure) -> str:
        side = f"{SIDE_WORD[m.side]} " if m.side in SIDE_WORD else ""
        if m.kind is MeasureKind.PAIN:
            return f"pain is {self.n(float(m.value))} out of ten"
        if m.kind is MeasureKind.ROM:
            value = float(m.value)
            said = f"minus {self.n(-value)}" if value < 0 else self.n(value)
            return f"{side}{m.spoken} is {said} degrees"
        if m.kind is MeasureKind.MMT:
            grade = str(m.value)
            words = int_words(int(grade[0])) + {"+": " plus", "-": " minus"}.get(grade[1:], "")
            return f"{side}{m.spoken} {words} out of five"
        unit = {"s": " seconds", "lb": " pounds", "%": " percent", "/80": " out of eighty"}
        return f"{side}{m.spoken} {self.n(float(m.value), False)}{unit.get(m.unit, '')}"

    def dose(self, ex: TExercise) -> str:
        parts = []
        if ex.sets and ex.reps:
            noun = "set" if ex.sets == 1 else "sets"
            parts.append(f"{self.n(ex.sets)} {noun} of {self.n(ex.reps)}")
        elif ex.reps:
            parts.append(f"{self.n(ex.reps)} reps")
        elif ex.sets:
            parts.append(f"{self.n(ex.sets)} sets")
        if ex.load is not None:
            unit = "pounds" if ex.load_unit is LoadUnit.LB else "kilos"
            parts.append(f"with {self.n(ex.load)} {unit}")
        elif ex.band_colour:
            parts.append(f"with the {ex.band_colour} band")
        elif ex.load_unit is LoadUnit.BODYWEIGHT:
            parts.append("just body weight")
        if ex.hold_seconds:
            parts.append(f"holding {self.n(ex.hold_seconds)} seconds")
        if ex.duration_minutes:
            parts.append(f"for {self.n(ex.duration_minutes)} minutes")
        if ex.level:
            parts.append(f"on level {int_words(ex.level)}")
        if ex.previous_load is not None:
            parts.append(f"which is up from {num_words(ex.previous_load)} last time")
        return " ".join(parts)

    def exercise_name(self, ex: TExercise) -> str:
        side = f"{SIDE_WORD[ex.side]} " if ex.side in (Side.LEFT, Side.RIGHT) else ""
        return f"{side}{self.rng.choice(ex.spec.spoken)}"

    def minutes_summary(self) -> None:
        b, t = self.b, self.t
        for i, svc in enumerate(t.services):
            if svc.minutes is None:
                continue
            b.add(self.filler(0.2))
            b.add(self.rng.choice(vocab.SERVICE_SPOKEN[svc.code]), f"svc{i}")
            b.add(f" was {self.n(svc.minutes)} minutes")
            if svc.pta_minutes:
                b.add(f", {self.n(svc.pta_minutes)} of those by {t.pta} the PTA working alone")
            b.add(", ")
        b.add(f"total timed minutes {self.n(t.total_timed, False)}, ")
        b.add(f"total treatment time {self.n(t.total_treatment, False)} minutes. ")
        if t.claimed:
            said = ", ".join(f"{code} times {units}" for code, units, _ in self.claim)
            b.add(f"Billing {said}. ")

    def goals(self) -> None:
        b = self.b
        b.add("Goals on the plan are ")
        for k, goal in enumerate(self.t.goals):
            b.add(", and " if k else "")
            b.add(f"{goal.id} {goal.text}", f"goal:{goal.id}")
        b.add(". ")


class Dictation(Spoken):
    def run(self) -> Rendered:
        t, b, rng = self.t, self.b, self.rng
        b.add(f"{self.filler(0.6)}this is a follow up visit for ")
        side = SIDE_WORD.get(t.side, "") if t.side else ""
        b.add(f"{side + ' ' if side else ''}{rng.choice(t.condition.spoken)}, diagnosis ")
        for i, (code, _) in enumerate(t.diagnoses):
            b.add(" and " if i else "").add(code, f"dx{i}")
        b.add(f". Patient says {t.feeling} and ")
        for i, m in enumerate(t.measures):
            b.add(", " if i else "").add(self.measure(m), f"m{i}")
        b.add(". ")
        for i, svc in enumerate(t.services):
            self.service(i, svc)
        self.minutes_summary()
        self.goals()
        if t.necessity:
            b.add(t.necessity, "nec").add(" ")
        b.add(f"{self.filler(0.5)}plan is to continue per plan of care, that's it.")
        return Rendered(b.text(), b.spans, {})

    def service(self, i: int, svc: TService) -> None:
        b, rng = self.b, self.rng
        b.add(rng.choice(("Then we did ", "We did ", "After that ", "So we started with ")))
        b.add(rng.choice(vocab.SERVICE_SPOKEN[svc.code]), f"svc{i}")
        if svc.goal_ids:
            goal = svc.goal_ids[0]
            b.add(f" working toward {goal}")
        if svc.purpose:
            b.add(f" {svc.purpose}")
        if svc.description:
            b.add(f", {svc.description}")
        for j, ex in enumerate(svc.exercises):
            joiner = rng.choice((", and then ", ", then ", " and ", ", after that "))
            b.add(", starting with " if j == 0 else joiner)
            b.add(self.filler(0.15))
            b.add(f"{self.exercise_name(ex)} {self.dose(ex)}", f"ex{i}.{j}")
        if svc.skilled:
            b.add(f", {svc.skilled}")
        if svc.response:
            b.add(f", and {svc.response}")
        b.add(". ")


class Conversation(Spoken):
    def say(self, who: str, text: str, key: str | None = None, tail: str = "") -> None:
        self.b.add(f"{who}: ")
        self.b.add(text, key)
        self.b.add(tail + "\n")

    def run(self) -> Rendered:
        t, b, rng = self.t, self.b, self.rng
        pt, pat = "Therapist", "Patient"
        self.say(pt, f"Hi {t.patient.split()[0]}, how has it been since last time?")
        self.say(pat, f"{self.filler(0.5).capitalize()}{t.feeling}, I'd say.")
        for i, m in enumerate(t.measures):
            if m.kind is MeasureKind.PAIN:
                self.say(pt, "And your pain right now, zero to ten?")
                self.say(pat, f"About a {num_words(float(m.value))}.", f"m{i}")
            else:
                self.say(pt, f"Okay, {self.measure(m)}.", f"m{i}")
        for i, svc in enumerate(t.services):
            if svc.exercises:
                for j, ex in enumerate(svc.exercises):
                    line = f"Let's do {self.exercise_name(ex)}, {self.dose(ex)}"
                    self.say(pt, line, f"ex{i}.{j}", ".")
                    self.say(pat, rng.choice(("Okay.", "Like this?", "That burns.", "Got it.")))
                if svc.skilled:
                    cue = rng.choice(vocab.CUES[t.condition.region])
                    self.say(pt, f"Good. Remember {cue}, I'll keep cueing you.")
            elif svc.description:
                self.say(pt, f"Now {svc.description}.", f"svc{i}")
            self.say(pat, rng.choice(("Feels fine.", "That helps.", "A little sore.")))
        self.say(pt, "Great work today, see you next time.")
        b.add("Therapist (dictating after the session): ")
        b.add("Follow up for ")
        for i, (code, _) in enumerate(t.diagnoses):
            b.add(" and " if i else "").add(code, f"dx{i}")
        b.add(". ")
        for svc in t.services:
            if svc.goal_ids or svc.purpose or svc.skilled or svc.response:
                b.add(f"For {vocab.SERVICE_SPOKEN[svc.code][0]}")
                b.add(f" toward {svc.goal_ids[0]}" if svc.goal_ids else "")
                b.add(f" {svc.purpose}" if svc.purpose else "")
                b.add(f", {svc.skilled}" if svc.skilled else "")
                b.add(f", {svc.response}" if svc.response else "")
                b.add(". ")
        self.minutes_summary()
        self.goals()
        if t.necessity:
            b.add(t.necessity, "nec")
        return Rendered(b.text(), b.spans, {})
