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
    InterventionCategory,
    MeasureKind,
    NoteType,
    Side,
)
from assistant.drafting.offline import measures
from assistant.drafting.offline.builders import (
    EXERCISE_BEARING,
    ExerciseB,
    MeasureB,
)
from assistant.drafting.offline.dosing import DosingReader
from assistant.drafting.offline.lexicon import Entry
from assistant.drafting.offline.scope import (
    DOSE,
    LOADS,
    Item,
    Sentence,
    free_kind,
    named_items,
    own_kind,
    own_side,
)
from assistant.drafting.offline.segmenter import line_starts, opens_block

_PERCENT = re.compile(r"\s*(?:%|percent\b)(?:\s*(?:limited|limitation|of normal|restricted))?")


# A label before a heading ("Therapist:", "O:", "Treatment today:") still lets it head lines.
_LABEL = re.compile(r"(?:[^:\n]*:)?[ \t]*")
_BULLET = re.compile(r"[ \t]*[-*\u2022][ \t]+")
_NEAR = 40


def _heads(text: str, start: int, at: int, stop: int) -> bool:
    """A heading heads the lines below it when it opens its sentence or ends in a colon;
    "This is a moderate complexity evaluation." names the service in prose and heads nothing
    (the exercises dictated after it are not the evaluation's)."""
    if _LABEL.fullmatch(text, start, at):
        return True
    line_end = text.find("\n", at, max(stop, at) + 8)
    return text.find(":", at, line_end if line_end >= 0 else max(stop, at) + 8) >= 0


class Reader(DosingReader):
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
        self._clause_index = index
        s.named[index] = [(i.start, i.end) for i in items if i.hit is not None]
        if any(i.param and i.param.kind in DOSE | LOADS for i in items):
            s.dose_clauses.add(index)
        if side is not None:
            s.sides[index] = Side(side.name)
        skip: set[int] = set()
        # Counted once per clause, not once per exercise in it.
        lone_exercise = len(named_items(items)) == 1
        # The clause's only exercise takes its first kind word; among several, each takes the
        # one beside it, or one beside none of them.
        unbound = free_kind(items) if kind is not None and not lone_exercise else None
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
                restated = current or s.exercise
                if item.marker == "correction" and restated is not None:
                    s.corrected = (item.end, restated)
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
                if opens_block(self.text, item.end, s.start, s.end) and _heads(
                    self.text, s.start, item.start, s.end
                ):
                    self.state.block = iv
                elif line_starts(self.text, item.start):
                    self.state.block = None  # a new heading line ends the one before
                current = None
            elif entry is not None and entry.table == "exercise":
                used = True
                value = measures.next_value(items, pos)
                found = items[value].param if value is not None else None
                depth = found is not None and self.text[max(0, found.start - 3) : found.start]
                if value is not None and found is not None and depth == "to " and s.performed:
                    skip.add(value)  # "mini squats to 45 degrees": how deep, no measure
                    own = own_side(items, pos) or (side if lone_exercise else None)
                    typed = own_kind(items, pos, kind if lone_exercise else unbound)
                    current = self._exercise(entry, where, s, own, region, typed, item.start)
                    current.ranges.append((found.start, found.end))
                elif value is not None and found is not None and found.kind in ("degrees", "mmt"):
                    # "shoulder ER 45 degrees" measures the motion; nothing was exercised.
                    skip.add(value)
                    self.state.measures.extend(
                        measures.motion_measures(
                            entry.name, "", before, pos, value, side, kind, s.side or self.note_side
                        )
                    )
                elif s.performed and self._may_add(entry, items, s):
                    own = own_side(items, pos) or (side if lone_exercise else None)
                    typed = own_kind(items, pos, kind if lone_exercise else unbound)
                    current = self._exercise(entry, where, s, own, region, typed, item.start)
            elif entry is not None and entry.table == "motion":
                used = True
                current = self._motion(entry, items, pos, s, side, region, kind, skip) or current
            elif entry is not None and entry.table in ("assist", "weight_bearing", "outcome"):
                used = True
                if s.performed or entry.table == "outcome":
                    skip.update(self._other_measure(entry, items, pos, s, current))
            elif entry is not None:
                used = used or entry.table in ("device", "kind", "region")
            elif param is not None:
                used = self._param(param, items, pos, a, s, current, side) or used
                if self._fresh is not None:
                    # "ER/IR w/ YTB 3x10": the words named one exercise, dosed twice.
                    current, self._fresh = current or self._fresh, None
                loose = any(m is param for m, _ in s.loose)  # kept for the name after it
                if (
                    s.exercise is not None
                    and current is None
                    and param.kind in DOSE | LOADS
                    and not loose
                ):
                    current = s.exercise
        # "..., two sets of ten each side": a clause with a dose and a side but no name.
        if (
            side is not None
            and current is not None
            and current.side is None
            and not named_items(items)
        ):
            current.side = Side(side.name)
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
        # "ER/IR 2x15" in a shoulder note: the note's region when the sentence names none.
        region_name = region.name if region else s.region or self.note_region
        name = f"{region_name} {entry.name}".strip()
        found = items[value].param if value is not None else None
        percent = found and found.kind == "number" and _PERCENT.match(self.text, found.end)
        if value is not None and found is not None and percent:
            # "Lumbar flex 50% limited": a share of the motion, never degrees.
            skip.add(value)
            spots = [(items[pos].start, items[pos].end), (found.start, percent.end())]
            own = side.name if side else None
            self.state.measures.append(
                MeasureB(
                    name, MeasureKind.OTHER, found.nums[0], "%", Side(own) if own else None, spots
                )
            )
            return None
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
        dosed = dosed or self._listed_alone(items, pos, s)
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

    def _listed_alone(self, items: list[Item], pos: int, s: Sentence) -> bool:
        """ "- L hip abd" alone on a bullet line under an exercise heading: an item of the list
        written without its dose (which the validator then asks for), not a motion in prose."""
        heading = s.heading or self.state.block
        if heading is None or heading.category not in EXERCISE_BEARING:
            return False
        here = items[pos]
        # A list line is short: look no further than a few words either side, so a long
        # run-on line costs nothing here.
        a = self.text.rfind("\n", max(0, here.start - _NEAR), here.start) + 1
        b = self.text.find("\n", here.end, here.end + _NEAR)
        b = len(self.text) if b < 0 and len(self.text) - here.end <= _NEAR else b
        bullet = _BULLET.match(self.text, a, here.start) if a or here.start <= _NEAR else None
        if bullet is None or b < 0:
            return False
        lo, hi = pos, pos
        while lo > 0 and items[lo - 1].start >= a:
            lo -= 1
        while hi + 1 < len(items) and items[hi + 1].start < b:
            hi += 1
        words = items[lo : hi + 1]
        if any(i.hit is None or i.hit.table not in ("side", "region", "motion") for i in words):
            return False
        rest = list(self.text[bullet.end() : b])
        for i in words:
            rest[i.start - bullet.end() : i.end - bullet.end()] = " " * (i.end - i.start)
        return not "".join(rest).strip(" \t.,;")

    def _other_measure(
        self, entry: Entry, items: list[Item], pos: int, s: Sentence, current: ExerciseB | None
    ) -> list[int]:
        """The measure an assist level or a test names; the index of the value it took."""
        activity = current.name if current else s.heading.label if s.heading else "mobility"
        found = measures.other_measure(entry, items, pos, activity)
        if found is None:
            return []
        self.state.measures.append(found)
        if entry.unit in ("lb", "kg"):
            # "L grip 66 lb": a force measured on one side; the weight is no exercise load.
            side = own_side(items, pos)
            found.side = found.side or (Side(side.name) if side else None)
        end = found.ranges[-1]
        return [k for k, i in enumerate(items) if i.param and (i.start, i.end) == end]


__all__ = ["Reader"]
