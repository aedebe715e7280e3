"""The reader's shared state: the services and exercises a clause names, and the names of
exercises the lexicon lacks.

`Reader` (facts.py) reads a clause's lexicon words; this base places what they name, and
dosing.py the numbers that go with them. See facts.py for the scope rules.
"""

import re
from bisect import bisect_left

from assistant.domain.note import (
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
from assistant.drafting.offline.mentions import Mention
from assistant.drafting.offline.numbers import View
from assistant.drafting.offline.scope import (
    Item,
    Sentence,
    State,
)

_JOIN = re.compile(r"(?i:\s*(?:and|then|also|&)\s+)")
PUTTY = re.compile(r"(?i:putty)")


def _dosed(ex: ExerciseB) -> bool:
    return ex.dosed or ex.duration_minutes is not None or ex.distance is not None


_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
# "3 muscles", "two muscles", "x4 muscles": the count a muscle-count code depends on.
_MUSCLES = re.compile(
    r"(?i)\b(?:x\s*)?(\d{1,2}|" + "|".join(_SMALL[1:]) + r")\s+(?:separate\s+)?muscles?\b"
)


class ReaderBase:
    """Where a service, an exercise or a number goes; `Reader` walks the clauses."""

    def __init__(
        self,
        view: View,
        lex: Lexicon,
        note_type: NoteType,
        note_side: Side | None,
        note_region: str = "",
    ):
        self.view = view
        self.text = view.text
        self.lex = lex
        self.note_type = note_type
        self.note_side = note_side
        self.note_region = note_region
        self.state = State()
        self._lead: Lead | None = None  # the current clause's words, read once
        self._clause_end = 0
        self._complexities: dict[Range, str | None] = {}  # per sentence, read once
        self._muscles: dict[Range, str | None] = {}
        self._unknown_names: set[str] = set()
        self._before = measures.Before([], self.text, 0, 0)  # the current clause's
        self._clause_index = 0
        self._fresh: ExerciseB | None = None  # the exercise a lead just named
        self._chatter: dict[Range, list[int]] = {}  # where the clause's plan or chat words are

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
            if entry.moved is not None:
                moved = entry.moved
                ex.shared = (
                    (entry.held, entry.region, entry.kind),
                    (moved.name, moved.region, moved.kind),
                )
        ex.ranges.append(where)
        self._place(ex, s, side, region, kind, entry.two_sided)
        for m, colon in list(s.loose):
            if m.start < where[1] and ex.load_unit is None:
                doses.fill(ex, m, (m.start, m.end), s)
                if not colon:
                    s.loose.remove((m, colon))
        s.touched.append(iv)
        if all(member is not ex for _, _, member in s.members):
            s.members.append((self._clause_index, where, ex))
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

    def _lead_start(self, items: list[Item], a: int, at: int, s: Sentence) -> int | None:
        """Where the words before a dose that may name an exercise the lexicon lacks begin:
        after the heading ("TherEx 20 min: flamingo kicks 2x12"). None under a service that
        holds no exercises ("MT 10': central PAs L4 x3"), after such a service's name ("Hot
        pack x10", "Gait trng SPC 250'"), and in plan, home-programme or spoken chatter
        ("Plan is to continue 2x/wk", "I'll put 10")."""
        heading = s.heading or self.state.block
        if heading is not None and heading.category not in EXERCISE_BEARING:
            return None
        start = a
        for i in items:
            if i.start >= at:
                break
            if i.hit is not None and i.hit.table == "intervention":
                if i.hit.category not in EXERCISE_BEARING:
                    return None
                start = max(start, i.end)
        colon = self.text.rfind(":", max(start, at - 200), at)
        start = colon + 1 if colon >= 0 else start
        key = (a, self._clause_end)
        if key not in self._chatter:  # once a clause: a clause may hold many doses
            found = self.lex.phrases["not_exercise"].finditer(self.text, a, self._clause_end)
            self._chatter = {key: [m.a for m in found]}
        starts = self._chatter[key]
        at_or_after = bisect_left(starts, start)
        return start if at_or_after == len(starts) or starts[at_or_after] >= at else None

    def _lone_count(self, m: Mention, a: int, s: Sentence) -> bool:
        """ "then heel raises, twenty": a clause of one bare number after an undosed exercise
        counts its repetitions."""
        ex = s.exercise
        value = m.nums[0]
        if ex is None or _dosed(ex) or not (1 <= value <= 100 and value == int(value)):
            return False
        if m.start - a > 2 or self._clause_end - m.end > 2:  # cheap: no slice of a long clause
            return False
        if self.text[a : self._clause_end].strip(" .") != self.text[m.start : m.end]:
            return False
        return ex.set("reps", int(value), (m.start, m.end), False)

    def _named_before(self, s: Sentence) -> ExerciseB | None:
        """ "and star excursion reaches, two sets of five": a dose opening its clause after a
        clause that only names an exercise the lexicon lacks."""
        k = self._clause_index - 1
        if k < 0 or k >= len(s.clauses) or k in s.dose_clauses:
            return None
        if any(clause == k for clause, _, _ in s.members):
            return None
        a, b = s.clauses[k]
        # "TherAct 20 min: tossing a bean bag to a target, fifteen throws": the heading's
        # clause names the task after its colon.
        colon = self.text.rfind(":", a, b)
        if k in s.used and colon < 0:
            return None
        a = colon + 1 if colon >= 0 else a
        if any(ch.isdigit() for ch in self.text[a:b]):
            return None
        if self.lex.phrases["not_exercise"].search(self.text, a, b) is not None:
            return None
        lead = _JOIN.match(self.text, a, b)
        start = lead.end() if lead else a
        index, end, lead_cache = self._clause_index, self._clause_end, self._lead
        ex = self.list_item(k, start, b, s)
        self._clause_index, self._clause_end, self._lead = index, end, lead_cache
        if ex is not None:
            s.used.add(k)
        return ex

    def list_item(self, index: int, a: int, b: int, s: Sentence) -> ExerciseB | None:
        """A list item the lexicon does not know, under a dose written before the list."""
        self._clause_index, self._clause_end = index, b
        ex = self._unknown(a, b, s, None)
        self._fresh = None
        return ex

    def _tool_name(self, name: str, a: int, end: int, s: Sentence) -> str:
        """ "yellow putty gross grasp" is "putty gross grasp" in yellow: the colour is the
        load, and the putty stays in the name of what was done with it."""
        for m, _ in s.loose:
            if m.start >= end:
                continue
            said = self.text[m.start : m.end]
            if m.start >= a and name.lower().startswith(said.lower()):
                name = name[len(said) :].strip()
                tool = "putty" if PUTTY.search(said) else ""
                return f"{tool} {name}".strip() if name else name or said
            if PUTTY.search(said) and "putty" not in name.lower():
                return f"putty {name}"
        return name

    def _unknown(self, a: int, end: int, s: Sentence, side: Entry | None) -> ExerciseB | None:
        """Words before a dose that the lexicon does not know: keep them as the name."""
        if self._lead is None or (self._lead.start, self._lead.end) != (a, self._clause_end):
            self._lead = Lead(self.text, a, self._clause_end, self.lex)
        name = self._lead.name(end)
        if name is None:
            return None
        name = self._tool_name(name, a, end, s)
        fallback = Entry("exercise", name, category=InterventionCategory.THERAPEUTIC_EXERCISE)
        ex = self._exercise(fallback, (a, end), s, side, None, None, a)
        ex.known = False
        self._fresh = ex
        if name not in self._unknown_names:
            self._unknown_names.add(name)
            self.state.unknown_exercises.append(name)
        return ex


_DEFAULTS = {
    InterventionCategory.THERAPEUTIC_EXERCISE: ("97110", "Therapeutic exercise"),
    InterventionCategory.NEUROMUSCULAR_REEDUCATION: ("97112", "Neuromuscular re-education"),
    InterventionCategory.GAIT: ("97116", "Gait training"),
    InterventionCategory.THERAPEUTIC_ACTIVITIES: ("97530", "Therapeutic activities"),
}

__all__ = ["ReaderBase"]
