"""Read one sentence at a time and turn its mentions into interventions, exercises and measures.

Scope rules (how a number finds its owner):
- a parameter belongs to the exercise named earlier in its clause, else to the last exercise
  of its sentence when the clause starts with the parameter ("LAQ, 3 sets of 10, 2 lb");
- words before a dose that the lexicon does not know become an exercise of that name, so an
  unfamiliar exercise is kept rather than lost (and reported);
- minutes go to an endurance exercise without a duration, else to the heading in scope;
- a heading applies to its sentence, or to the following lines when it ends its line with a
  colon; exercises outside any heading go to their own category;
- after a self-correction ("actually", "make that", "I mean") or a progression ("progressed
  to"), the next value replaces the one before it; otherwise the first value stands.
"""

import re

from assistant.domain.note import (
    DistanceUnit,
    InterventionCategory,
    NoteType,
    Side,
)
from assistant.drafting.offline import doses, measures
from assistant.drafting.offline.builders import (
    EXERCISE_BEARING,
    ExerciseB,
    InterventionB,
    Range,
)
from assistant.drafting.offline.lead import Lead
from assistant.drafting.offline.lexicon import Entry, Lexicon
from assistant.drafting.offline.numbers import View
from assistant.drafting.offline.params import Mention
from assistant.drafting.offline.scope import (
    DOSE,
    LOADS,
    Item,
    Sentence,
    State,
    named_items,
    own_side,
)
from assistant.drafting.offline.segmenter import line_starts, opens_block

_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
# "3 muscles", "two muscles", "x4 muscles": the count a muscle-count code depends on.
_MUSCLES = re.compile(
    r"(?i)\b(?:x\s*)?(\d{1,2}|" + "|".join(_SMALL[1:]) + r")\s+(?:separate\s+)?muscles?\b"
)


class Reader:
    def __init__(self, view: View, lex: Lexicon, note_type: NoteType, note_side: Side | None):
        self.view = view
        self.text = view.text
        self.lex = lex
        self.note_type = note_type
        self.note_side = note_side
        self.state = State()
        self._lead: Lead | None = None  # the current clause's words, read once
        self._clause_end = 0
        self._complexities: dict[Range, str | None] = {}  # per sentence, read once
        self._muscles: dict[Range, str | None] = {}
        self._unknown_names: set[str] = set()
        self._before = measures.Before([], self.text, 0, 0)  # the current clause's

    # ---------------------------------------------------------------- interventions
    def intervention(self, entry: Entry, where: Range, sentence: Sentence) -> InterventionB:
        code = entry.code
        if entry.category is InterventionCategory.EVALUATION:
            code = self._complexity(sentence)
        elif code in self.lex.by_muscles:
            code = self._by_muscles(code, sentence)
        category = entry.category or InterventionCategory.OTHER
        for iv in self.state.interventions:
            if iv.category is category and (iv.code == code or iv.code is None or code is None):
                iv.code, iv.implicit = iv.code or code, False
                iv.ranges.append(where)
                return iv
        iv = InterventionB(category, code, entry.name, ranges=[where])
        self.state.interventions.append(iv)
        return iv

    def _complexity_named(self, s: Sentence) -> str | None:
        """The evaluation code the sentence's complexity words give (read once a sentence:
        a run-on sentence may name an evaluation many times)."""
        key = (s.start, s.end)
        if key not in self._complexities:
            part = self.text[s.start : s.end]
            found = (c for c, pattern in self.lex.complexity.values() if pattern.search(part))
            self._complexities[key] = next(found, None)
        return self._complexities[key]

    def _complexity(self, sentence: Sentence) -> str | None:
        code = self._complexity_named(sentence)
        if code is not None:
            return code
        self.state.unsure_evaluation = True
        return None

    def _by_muscles(self, code: str, sentence: Sentence) -> str | None:
        """The code for the number of muscles the sentence states; None (left for the
        therapist to choose) when it states none."""
        limit, more = self.lex.by_muscles[code]
        key = (sentence.start, sentence.end)
        if key not in self._muscles:  # once a sentence, however often it names the service
            found = _MUSCLES.search(self.text, sentence.start, sentence.end)
            self._muscles[key] = found.group(1).lower() if found else None
        count = self._muscles[key]
        if count is None:
            self.state.unsure_muscles = True
            return None
        number = int(count) if count.isdigit() else _SMALL.index(count)
        return code if number <= limit else more

    def owner(self, entry: Entry, sentence: Sentence, where: Range) -> InterventionB:
        heading = sentence.heading or self.state.block
        if heading is not None and (
            heading.category in EXERCISE_BEARING or heading.category is entry.category
        ):
            return heading
        category = entry.category or InterventionCategory.THERAPEUTIC_EXERCISE
        for iv in self.state.interventions:
            if iv.category is category:
                return iv
        code, label = _DEFAULTS.get(category, (None, category.value.replace("_", " ")))
        iv = InterventionB(category, code, label, ranges=[where], implicit=True)
        self.state.interventions.append(iv)
        return iv

    # ---------------------------------------------------------------- one clause
    def clause(self, index: int, a: int, b: int, items: list[Item], s: Sentence) -> bool:
        used = False
        self._clause_end = b
        before = self._before = measures.Before(items, self.text, a, b)
        side = next((i.hit for i in items if i.hit and i.hit.table == "side"), None)
        region = next((i.hit for i in items if i.hit and i.hit.table == "region"), None)
        kind = next((i.hit for i in items if i.hit and i.hit.table == "kind"), None)
        current: ExerciseB | None = None
        s.touched = []
        skip: set[int] = set()
        # Counted once per clause, not once per exercise in it.
        lone_exercise = len(named_items(items)) == 1
        for pos, item in enumerate(items):
            if pos in skip:
                continue
            entry, param = item.hit, item.param
            where = (item.start, item.end)
            if item.marker == "assistant":
                s.assistant = True
                used = True
            elif item.marker:
                s.override = True
                s.progressing = s.progressing or item.marker == "progression"
                used = True
            elif entry is not None and entry.table == "intervention":
                used = True
                if not s.performed:
                    s.touched.append(self.state.named(entry))
                    continue
                if entry.category is InterventionCategory.EVALUATION and not self._eval_ok(s):
                    continue
                iv = self.intervention(entry, where, s)
                s.heading = iv
                iv.clauses.append((a, b))
                if opens_block(self.text, item.end, s.start, s.end):
                    self.state.block = iv
                elif line_starts(self.text, item.start):
                    self.state.block = None  # a new heading line ends the one before
                current = None
            elif entry is not None and entry.table == "exercise":
                used = True
                value = measures.next_value(items, pos)
                found = items[value].param if value is not None else None
                if value is not None and found is not None and found.kind in ("degrees", "mmt"):
                    # "shoulder ER 45 degrees" measures the motion; nothing was exercised.
                    skip.add(value)
                    self.state.measures.extend(
                        measures.motion_measures(
                            entry.name, "", before, pos, value, side, kind, s.side or self.note_side
                        )
                    )
                elif s.performed and self._may_add(entry, items, s):
                    own = own_side(items, pos) or (side if lone_exercise else None)
                    current = self._exercise(entry, where, s, own, region, kind, item.start)
            elif entry is not None and entry.table == "motion":
                used = True
                current = self._motion(entry, items, pos, s, side, region, kind, skip) or current
            elif entry is not None and entry.table in ("assist", "weight_bearing", "outcome"):
                used = True
                if s.performed or entry.table == "outcome":
                    self._other_measure(entry, items, pos, s, current)
            elif entry is not None:
                used = used or entry.table in ("device", "kind", "region")
            elif param is not None:
                used = self._param(param, items, pos, a, s, current, side) or used
                if s.exercise is not None and current is None and param.kind in DOSE | LOADS:
                    current = s.exercise
        if s.progressing and (current or s.exercise) is not None:
            ex = current or s.exercise
            assert ex is not None
            ex.progression = self.view.span(a, b).text
        if s.progressing:
            s.progressing = s.override = False
        if current is not None:
            s.exercise = current
        if used and s.performed:
            owners = [*s.touched, *([s.heading] if s.heading else [])]
            for iv in owners:
                # Clauses are read in text order, so a service's list is sorted and this
                # clause, if already there, is its last entry.
                if not iv.clauses or iv.clauses[-1] != (a, b):
                    iv.clauses.append((a, b))
        if used:
            s.used.add(index)
        return used

    def _may_add(self, entry: Entry, items: list[Item], s: Sentence) -> bool:
        """Under manual therapy or a modality, 'hamstring stretch' names a technique, not
        an exercise, unless the clause doses it."""
        heading = s.heading or self.state.block
        if heading is None or heading.category in EXERCISE_BEARING:
            return True
        if heading.category is entry.category:
            return True
        return any(i.param and i.param.kind in DOSE | LOADS for i in items)

    def _eval_ok(self, s: Sentence) -> bool:
        if self.note_type in (NoteType.EVALUATION, NoteType.RE_EVALUATION):
            return True
        return self._complexity_named(s) is not None

    def _exercise(
        self,
        entry: Entry,
        where: Range,
        s: Sentence,
        side: Entry | None,
        region: Entry | None,
        kind: Entry | None,
        start: int,
    ) -> ExerciseB:
        iv = self.owner(entry, s, where)
        ex = iv.exercise(entry.name)
        if ex is None:
            ex = iv.add_exercise(ExerciseB(entry.name, region=entry.region, kind=entry.kind))
        ex.ranges.append(where)
        self._place(ex, s, side, region, kind, entry.two_sided)
        s.touched.append(iv)
        return ex

    def _place(
        self,
        ex: ExerciseB,
        s: Sentence,
        side: Entry | None,
        region: Entry | None,
        kind: Entry | None,
        two_sided: bool = False,
    ) -> None:
        if ex.side is None and side is not None:
            # Only a side written in the exercise's own clause: the diagnosis's side or one
            # said earlier in a run-on sentence is a guess ("heel raises" may be both legs).
            ex.side = Side(side.name)
        if region is not None and (not ex.region or ex.known):
            ex.region = region.name if not ex.region or ex.region in region.name else ex.region
        if kind is not None and kind.kind is not None:
            ex.kind = kind.kind

    def _motion(
        self,
        entry: Entry,
        items: list[Item],
        pos: int,
        s: Sentence,
        side: Entry | None,
        region: Entry | None,
        kind: Entry | None,
        skip: set[int],
    ) -> ExerciseB | None:
        """'hip abd', 'knee flexion AROM 0-110', 'shoulder ER 4/5': a measure or an exercise."""
        value = measures.next_value(items, pos)
        region_name = region.name if region else s.region
        name = f"{region_name} {entry.name}".strip()
        if value is not None:
            skip.add(value)
            self.state.measures.extend(
                measures.motion_measures(
                    entry.name,
                    region_name,
                    self._before,
                    pos,
                    value,
                    side,
                    kind,
                    s.side or self.note_side,
                )
            )
            return None
        # "shoulder flexion with assist, 3 sets of ten": a kind word makes it an exercise
        # before its dose arrives in the next clause.
        dosed = kind is not None or any(i.param and i.param.kind in DOSE | LOADS for i in items)
        if not s.performed or not region_name or not dosed:
            return None
        where = (items[pos].start, items[pos].end)
        fake = Entry(
            "exercise",
            name,
            category=InterventionCategory.THERAPEUTIC_EXERCISE,
            region=region_name,
            kind=kind.kind if kind else None,
        )
        return self._exercise(fake, where, s, side, region, kind, where[0])

    def _other_measure(
        self, entry: Entry, items: list[Item], pos: int, s: Sentence, current: ExerciseB | None
    ) -> None:
        activity = current.name if current else s.heading.label if s.heading else "mobility"
        found = measures.other_measure(entry, items, pos, activity)
        if found is not None:
            self.state.measures.append(found)

    # ---------------------------------------------------------------- parameters
    def _param(
        self,
        m: Mention,
        items: list[Item],
        pos: int,
        a: int,
        s: Sentence,
        current: ExerciseB | None,
        side: Entry | None,
    ) -> bool:
        where = (m.start, m.end)
        if m.kind in ("date", "clock", "freq", "icd", "score", "scale", "rom", "degrees", "mmt"):
            if m.kind in ("rom", "degrees", "mmt"):
                found = measures.loose_measures(m, self._before, pos, s, side, self.note_side)
                if not found:
                    return False
                self.state.measures.extend(found)
            return m.kind != "score"
        if m.kind == "pain":
            measures.pain(m, self.text, (s.start, s.end), s.override, self.state)
            s.override = False
            return True
        if m.kind == "total":
            return doses.total(m, s, self.state.totals)
        if not s.performed:
            return False
        if m.kind == "number":
            return doses.bare_number(m, s)
        if m.kind == "minutes":
            return self._minutes(m, items, pos, s, current)
        if m.kind == "share":
            return doses.share(m, s, self.state.block)
        target = current
        if target is None and m.kind in DOSE | LOADS | {"distance", "level"}:
            target = self._unknown(a, m.start, s, side) or s.exercise
        if target is None:
            return False
        return doses.fill(target, m, where, s)

    def _minutes(
        self, m: Mention, items: list[Item], pos: int, s: Sentence, current: ExerciseB | None
    ) -> bool:
        where = (m.start, m.end)
        value = int(m.nums[0])
        unit = self.text[m.start : m.end].rstrip()
        ex = current or s.exercise
        # 150' on a walk is feet; 8' on a bike is minutes.
        heading = s.heading or self.state.block
        gait = heading is not None and heading.category is InterventionCategory.GAIT
        walking = ex is not None and ex.name in ("ambulation", "stair negotiation")
        if unit.endswith("'") and (value > 60 or ((gait or walking) and value >= 20)):
            target = ex if walking else None
            if target is None:
                walk = _WALK
                target = self._exercise(walk, where, s, None, None, None, m.start)
            target.set("distance", float(value), where, s.override)
            target.set("distance_unit", DistanceUnit.FT, where, s.override)
            s.last_slot = (target, "distance")
            s.exercise = target
            return True
        after = next((i.hit for i in items[pos + 1 : pos + 3] if i.hit), None)
        iv = s.heading or self.state.block
        if after is not None and after.table == "intervention" and s.performed:
            iv = self.intervention(after, (items[pos + 1].start, items[pos + 1].end), s)
            s.heading = iv
        elif (
            ex is not None
            and (ex.endurance or not ex.dosed)
            and (ex.duration_minutes is None or s.override)
            and (iv is None or s.heading is None or s.heading.has_exercise(ex))
        ):
            ex.set("duration_minutes", float(value), where, s.override)
            s.last_slot = (ex, "duration_minutes")
            s.override = False
            return True
        if iv is None:
            iv = s.heading or (self.state.interventions[-1] if self.state.interventions else None)
        if iv is None:
            return False
        if s.assistant:
            iv.assistant_minutes = value
        elif iv.minutes is None or s.override:
            iv.minutes = value
        elif iv.minutes != value:
            self.state.minute_conflicts.append(f"{iv.code or iv.label}: {iv.minutes} and {value}")
        iv.ranges.append(where)
        s.last_slot = (iv, "minutes")
        s.override = False
        return True

    def _unknown(self, a: int, end: int, s: Sentence, side: Entry | None) -> ExerciseB | None:
        """Words before a dose that the lexicon does not know: keep them as the name."""
        if self._lead is None or (self._lead.start, self._lead.end) != (a, self._clause_end):
            self._lead = Lead(self.text, a, self._clause_end, self.lex)
        name = self._lead.name(end)
        if name is None:
            return None
        fallback = Entry("exercise", name, category=InterventionCategory.THERAPEUTIC_EXERCISE)
        ex = self._exercise(fallback, (a, end), s, side, None, None, a)
        ex.known = False
        if name not in self._unknown_names:
            self._unknown_names.add(name)
            self.state.unknown_exercises.append(name)
        return ex


_WALK = Entry(
    "exercise", "ambulation", category=InterventionCategory.GAIT, region="lower extremities"
)
_DEFAULTS = {
    InterventionCategory.THERAPEUTIC_EXERCISE: ("97110", "Therapeutic exercise"),
    InterventionCategory.NEUROMUSCULAR_REEDUCATION: ("97112", "Neuromuscular re-education"),
    InterventionCategory.GAIT: ("97116", "Gait training"),
    InterventionCategory.THERAPEUTIC_ACTIVITIES: ("97530", "Therapeutic activities"),
}

__all__ = ["Reader"]
