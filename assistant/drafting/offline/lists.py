"""A dose written once for a list of exercises: after it, before it, or across a slash.

Therapists dose a list once: "bicep curls, shoulder press, tricep ext 2x12 yellow TB" (after
the list), "2 x 15 R knee flexion and R knee extension" or "3x10 w/ 10 kg: leg press, RDL"
(before it), "hip flex/abd 2x10 red band" (a slash pair). The reader gives each dose to the
exercise named next to it; once the sentence is read, `share` hands the same dose to every
item of the list that has none of its own.

A list is only what the words make one: items joined by commas, "and", "&" or a slash with
nothing else between them but body regions, sides and kinds. The dose after a list is shared
only when nothing earlier in the sentence was dosed, so "SLR 3x10, LAQ, TKE 3x15" leaves LAQ
undosed for the reviewer (and the validator) to see rather than guessing which dose it had.
"""

import re
from collections.abc import Callable

from assistant.drafting.offline import doses
from assistant.drafting.offline.builders import ExerciseB, Range
from assistant.drafting.offline.scope import LOADS, Item, Sentence

# What may stand between two items of one list once the lexicon words are taken out.
_JOINERS = re.compile(
    r"(?i:[\s,/&+:;.()-]|\b(?:and|or|w/|with|then|ea|each|x|the|side|sides|on)\b)*"
)
_COPIED = ("sets", "reps", "hold_seconds", "load", "load_unit", "band_colour")
_NAMED = ("exercise", "motion")
_PASS = ("side", "region", "kind", "device")

ItemMaker = Callable[[int, int, int, Sentence], ExerciseB | None]


def names_follow(items: list[Item], pos: int) -> bool:
    """The dose at `pos` opens its clause's list: exercise names follow it, not precede it."""
    for item in items[pos + 1 :]:
        if item.hit is not None and item.hit.table in _NAMED:
            return True
        if item.hit is not None and item.hit.table in _PASS:
            continue
        if item.param is not None and item.param.kind in LOADS:
            continue
        return False
    return False


def _counted(ex: ExerciseB) -> bool:
    return any(v is not None for v in (ex.sets, ex.reps, ex.hold_seconds, ex.duration_minutes))


def _dosed(ex: ExerciseB) -> bool:
    return ex.dosed or bool(ex.band_colour) or ex.duration_minutes is not None


def _joined(text: str, a: int, b: int, named: list[Range]) -> bool:
    """text[a:b] holds nothing but lexicon words and joiners."""
    rest = [text[x] for x in range(a, b)]
    for x, y in named:
        for k in range(max(x, a), min(y, b)):
            rest[k - a] = " "
    return _JOINERS.fullmatch("".join(rest)) is not None


def _give(donor: ExerciseB, ex: ExerciseB, side: bool = True) -> None:
    """Copy the slots `ex` lacks; a band and a weight are one slot (the load)."""
    gave = False
    loaded = ex.load is not None or ex.load_unit is not None
    for slot in _COPIED:
        value = getattr(donor, slot)
        if slot in ("load", "load_unit", "band_colour") and loaded:
            continue
        if value not in (None, "") and getattr(ex, slot) in (None, ""):
            setattr(ex, slot, value)
            gave = True
    if side and ex.side is None and donor.side is not None:
        ex.side = donor.side
        gave = True
    if gave:
        ex.ranges.extend(donor.ranges[1:])  # the dose's own words are evidence for each item


def share(text: str, s: Sentence, clauses: list[Range], make: ItemMaker) -> None:
    if s.pending:
        _before(text, s, clauses, make)
    members = sorted(s.members, key=lambda m: m[1])
    _within(text, s, members)
    _after(text, s, clauses, members, make)


def _before(text: str, s: Sentence, clauses: list[Range], make: ItemMaker) -> None:
    """The dose comes first: every undosed item after it takes it, up to the next dose."""
    at = s.pending[0].start
    opened = next((k for k, (a, b) in enumerate(clauses) if a <= at < b), len(clauses))
    have = {clause for clause, _, _ in s.members}
    for k in range(opened + 1, len(clauses)):
        a, b = clauses[k]
        if k in s.dose_clauses:
            break
        if k not in have and k not in s.used and not any(ch.isdigit() for ch in text[a:b]):
            make(k, a, b, s)  # "RDL": a list item the lexicon lacks
    s.override = False
    for _, where, ex in sorted(s.members, key=lambda m: m[1][0]):
        if where[0] < at:
            continue
        if _counted(ex):
            # "green tubing rows 3x12": a band or weight before the name is still its load.
            for m in s.pending:
                if m.kind in LOADS and ex.load_unit is None:
                    doses.fill(ex, m, (m.start, m.end), s)
            break
        for m in s.pending:
            doses.fill(ex, m, (m.start, m.end), s)
    s.override = False


def _within(text: str, s: Sentence, members: list[tuple[int, Range, ExerciseB]]) -> None:
    """Items of one clause joined only by "/", "and" or commas share the last one's dose."""
    group: list[ExerciseB] = []
    for index, (clause, where, ex) in enumerate(members):
        if index and (
            members[index - 1][0] == clause
            and _joined(text, members[index - 1][1][1], where[0], s.named.get(clause, []))
        ):
            group.append(ex)
        else:
            _settle(group)
            group = [ex]
    _settle(group)


def _settle(group: list[ExerciseB]) -> None:
    """A slash pair or "X and Y" dosed at its end: each item takes what it lacks."""
    if len(group) < 2 or not _dosed(group[-1]):
        return
    for ex in group[:-1]:
        _give(group[-1], ex)


def _after(
    text: str,
    s: Sentence,
    clauses: list[Range],
    members: list[tuple[int, Range, ExerciseB]],
    make: ItemMaker,
) -> None:
    """Clauses that only name exercises, then one whose first exercise is dosed."""
    by_clause: dict[int, list[tuple[Range, ExerciseB]]] = {}
    for clause, where, ex in members:
        by_clause.setdefault(clause, []).append((where, ex))
    # The clause a dose opened ("three sets of fifteen for each: eversion") gave its dose
    # to the list already; it is a list item like the rest.
    dosed = s.dose_clauses - {_clause_of(clauses, m.start) for m in s.pending}
    for k in range(1, len(clauses)):
        run: list[ExerciseB] = []
        if k in by_clause:
            first_where, donor = by_clause[k][0]
            if k not in dosed or not _dosed(donor):
                continue
            if not _joined(text, clauses[k][0], first_where[0], s.named.get(k, [])):
                continue
            j = k - 1
        elif k in dosed and (k - 1) in by_clause:
            # "bird dogs, dead bugs and side planks, two sets of ten each": the dose took the
            # last name before it.
            *rest, (_, donor) = by_clause[k - 1]
            if not _dosed(donor):
                continue
            run.extend(ex for _, ex in rest)
            j = k - 2
        else:
            continue
        unknown: list[int] = []
        while j >= 0 and j not in dosed:
            a, b = clauses[j]
            items = by_clause.get(j, [])
            if not items:
                if any(ch.isdigit() for ch in text[a:b]):
                    break
                unknown.append(j)
            else:
                # The clause that opens the list may lead in with anything: "Let's do bird
                # dogs, ...", "TherEx 30 min: Patient performed TKE, ...".
                opens = j == 0 or text.rfind(":", a, items[0][0][0]) >= 0
                if not _joined(text, items[0][0][0] if opens else a, b, s.named.get(j, [])):
                    break
                run.extend(ex for _, ex in items)
                if opens:
                    j -= 1
                    break
            j -= 1
        if any(clause <= j for clause in dosed):
            continue  # something before the list was dosed: which dose is meant is unsure
        # A list item the lexicon lacks is kept only inside a list that starts the
        # sentence or follows a colon ("TherEx 24 min: bicep curls, shoulder press, ...").
        start = j + 1
        if unknown and (start == 0 or ":" in text[clauses[start][0] : clauses[start][1]]):
            made = [make(k2, *clauses[k2], s) for k2 in unknown]
            run.extend(item for item in made if item is not None)
        for ex in run:
            _give(donor, ex, side=False)
    _trailing_side(text, s, clauses, by_clause)


def _clause_of(clauses: list[Range], at: int) -> int:
    return next((k for k, (a, b) in enumerate(clauses) if a <= at < b), -1)


def _trailing_side(
    text: str,
    s: Sentence,
    clauses: list[Range],
    by_clause: dict[int, list[tuple[Range, ExerciseB]]],
) -> None:
    """ ", left side" after a list and its dose: the side of each item of it without one."""
    for k in range(1, len(clauses)):
        side = s.sides.get(k)
        if k in by_clause or side is None or not _joined(text, *clauses[k], s.named.get(k, [])):
            continue
        j = k - 1
        while j >= 0 and j not in s.sides:
            for _, ex in by_clause.get(j, []):
                if ex.side is None:
                    ex.side = side
                    ex.ranges.append(clauses[k])
            j -= 1
