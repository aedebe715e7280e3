"""Where a number goes: doses into exercises, minutes into services or timed tasks.

`ReaderBase` (placing.py) knows the services and exercises a clause names; this layer places
the parameters that go with them. See facts.py for the scope rules.
"""

import re

from assistant.domain.note import DistanceUnit, InterventionCategory
from assistant.drafting.offline import doses, lists, measures
from assistant.drafting.offline.builders import EXERCISE_BEARING, ExerciseB, InterventionB
from assistant.drafting.offline.lexicon import Entry
from assistant.drafting.offline.mentions import Mention
from assistant.drafting.offline.placing import PUTTY, ReaderBase
from assistant.drafting.offline.scope import DOSE, LOADS, Item, Sentence

_FROM = re.compile(r"(?i:\bfrom\s*)$")
_COLON = re.compile(r"[ \t]*:")
# What may stand between a restated value and the rest of its dose: "twelve with one pound".
_RESTATED = re.compile(r"(?i:[\s,;]*(?:(?:with|w/|at|@|using|of|the|just)\b[\s,]*)*)")
_OWNERS = ("intervention", "exercise")
_WALK = Entry(
    "exercise", "ambulation", category=InterventionCategory.GAIT, region="lower extremities"
)


class DosingReader(ReaderBase):
    """Parameters into the exercise, service or task they belong to."""

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
            return doses.bare_number(m, s) or self._lone_count(m, a, s)
        if m.kind == "minutes":
            return self._minutes(m, items, pos, s, current, a)
        if m.kind == "share":
            return doses.share(m, s, self.state.block)
        if (
            s.progressing
            and m.kind in LOADS
            and _FROM.search(self.text, max(a, m.start - 8), m.start)
        ):
            return True  # "progressed from 1#": the value it was, not the one done today
        target = current
        if target is None and m.kind in DOSE | LOADS and s.corrected is not None:
            end, restated = s.corrected
            if end <= m.start and _RESTATED.fullmatch(self.text, end, m.start):
                target = restated
        putty = m.kind == "band" and PUTTY.search(self.text, m.start, m.end) is not None
        if target is None and putty:
            s.loose.append((m, True))  # "orange putty lateral pinch 2 min": the task follows
            return True
        if target is None and m.kind in DOSE | LOADS and lists.names_follow(items, pos):
            s.pending.append(m)  # "2 x 15 R knee flexion and R knee extension"
            return True
        if m.kind == "band" and _COLON.match(self.text, m.end):
            s.loose.append((m, True))  # "green putty: gross grasp 3 min, pinch rolls 2 min"
            return True
        if target is None and m.kind in DOSE | LOADS | {"distance", "level", "height"}:
            start = self._lead_start(items, a, m.start, s)
            if start is not None:
                target = self._unknown(start, m.start, s, side)
                if target is None and not s.progressing:
                    target = self._named_before(s)
            target = target or s.exercise
        if target is None and m.kind == "band":
            s.loose.append((m, False))  # "yellow putty gross grasp 3 min": the name follows
            return True
        if target is None:
            return False
        return doses.fill(target, m, where, s)

    def _minutes(
        self,
        m: Mention,
        items: list[Item],
        pos: int,
        s: Sentence,
        current: ExerciseB | None,
        a: int,
    ) -> bool:
        where = (m.start, m.end)
        value = int(m.nums[0])
        unit = self.text[m.start : m.end].rstrip()
        ex = current or s.exercise
        # 150' on a walk is feet; 8' on a bike is minutes.
        heading = s.heading or self.state.block
        last = self.state.interventions[-1] if self.state.interventions else None
        timed = self._timed_task(m, items, a, s, current, heading or last)
        if timed is not None:
            timed.set("duration_minutes", float(value), where, s.override)
            s.last_slot = (timed, "duration_minutes")
            s.override = False
            return True
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
            self.state.minutes_from[id(iv)] = m.start
        elif iv.minutes != value:
            self.state.minute_conflicts.append(f"{iv.code or iv.label}: {iv.minutes} and {value}")
        elif id(iv) in self.state.minutes_from:
            self.state.minute_repeats.append((iv, self.state.minutes_from[id(iv)], m.start, value))
        iv.ranges.append(where)
        if m.word:  # "20-25 min": the upper figure is kept, and the reviewer told
            self.state.minute_ranges.append(f"{iv.code or iv.label}: {m.word}-{value}")
        s.last_slot = (iv, "minutes")
        s.override = False
        return True

    def _timed_task(
        self,
        m: Mention,
        items: list[Item],
        a: int,
        s: Sentence,
        current: ExerciseB | None,
        heading: InterventionB | None,
    ) -> ExerciseB | None:
        """ "TherAct 10 min: keyboard typing task 5 min": under a service whose minutes are
        already written, fewer minutes after words the lexicon lacks time a task of that
        name, not the service again."""
        if current is not None or heading is None or heading.minutes is None:
            return None
        if heading.category not in EXERCISE_BEARING or not 0 < m.nums[0] < heading.minutes:
            return None
        start = self._lead_start(items, a, m.start, s)
        if start is None:
            return None
        if s.assistant or any(
            (i.marker or (i.hit is not None and i.hit.table in _OWNERS))
            and start <= i.start < m.start
            for i in items
        ):
            return None  # a named service or exercise, or whose share, owns the minutes
        return self._unknown(start, m.start, s, None)


__all__ = ["DosingReader"]
