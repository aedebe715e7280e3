"""One pass over a note: scan everything once, then read sentence by sentence.

The result keeps view offsets; drafter.py turns it into a `Note` with evidence spans.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from assistant.domain.note import NoteType, Side
from assistant.drafting.offline import lists, stated, statements
from assistant.drafting.offline.builders import InterventionB, Range
from assistant.drafting.offline.facts import Reader
from assistant.drafting.offline.lexicon import Lexicon, PhraseIndex
from assistant.drafting.offline.mentions import Mention
from assistant.drafting.offline.numbers import View, build_view
from assistant.drafting.offline.params import scan_params
from assistant.drafting.offline.scope import DOSE, LOADS, Item, Sentence, State
from assistant.drafting.offline.segmenter import Section, split
from assistant.drafting.offline.stated import StatedLine
from assistant.drafting.offline.statements import GoalB

_SERVICE_TABLES = ("intervention", "exercise")
_PERFORMED = DOSE | {"load", "band", "minutes", "distance", "level", "sets_minutes"}
_REPORTS = re.compile(
    r"(?i:\s*(?:pt|patient|she|he|they)?\.?\s*(?:reports|reported|states|stated|says|said|"
    r"c/o|complains|denies|notes|arrives|feels)\b)"
)
_OVERRIDE = re.compile(
    r"(?i:\b(?:progressed|progressing|increased|upgraded|advanced|bumped up|up to)\b)"
)
_ASSISTANT = re.compile(r"\b(?:PTA|OTA|COTA|SLPA)\b")
_WHEN = re.compile(r"(?i:\b(?:after|before|prior to|following|post)\s+)$")
# "cues for chin tuck posture", "cueing required for weight shift", "modified the exercise for
# glute activation before lifting" and a transcript's "Remember chin tuck posture" name what
# the cue was about, not an exercise done.
_CUED = re.compile(
    r"(?i:\b(?:(?:cues?|cueing|cuing|cued|VCs?|TCs?)(?:\s+(?:required|needed|given|provided))?"
    r"\s+(?:for|to)\s+(?:[a-z]+\s+){0,3}"
    r"|(?:modified|adjusted)\s+(?:the\s+)?(?:exercises?|activity|activities|task)\s+for\s+"
    r"(?:[a-z]+\s+){0,3}"
    r"|\bremember\s+(?:to\s+|your\s+)?(?:[a-z]+\s+){0,1}))$"
)
# A transcript's patient line: what the patient says is subjective, never work done.
_PATIENT = re.compile(
    r"(?i:[ \t]*(?:patient|client|caregiver|wife|husband|daughter|son|mother|father|mom|dad)"
    r"[ \t]*:)"
)
_WHOLE = re.compile(r"(?i:\b(?:tx|treatment|treatments|visit|all (?:exercises|activities))\b)")
# "right now", "right away", "all right": no side.
_NO_SIDE = re.compile(r"(?i:right\s+(?:now|away|here|there|back|after|before|behind|then)\b)")
_HOME = re.compile(
    r"(?i:\s*(?:(?:new|updated|revised|reviewed|issued|added\s+to)\s+)?"
    r"(?:HEP|home\s+(?:exercise\s+)?program(?:me)?|home\s+exercises?)\b)"
)
# A diagnosis line names conditions, not services done: "Dx: gait abnormality (R26.81)".
_DX_LINE = re.compile(
    r"(?i:[ \t]*(?:[-*\u2022]\s*)?(?:(?:treatment|tx|medical|referring|primary)\s+)?"
    r"(?:dx|diagnos[ie]s)\s*(?:[:\-\u2013]|\(|codes?\b))"
)
_DX_TAIL = re.compile(r"[ \t]*[-:(]?[ \t]*([^,;().\n]{0,80})")


@dataclass(slots=True)
class Diagnosis:
    code: str
    code_range: Range
    description: Range | None


@dataclass(slots=True)
class Parsed:
    view: View
    state: State
    sections: dict[Section, list[Range]] = field(default_factory=dict)
    unparsed: list[Range] = field(default_factory=list)
    goals: list[GoalB] = field(default_factory=list)
    diagnoses: list[Diagnosis] = field(default_factory=list)
    necessity: list[Range] = field(default_factory=list)
    objective_extra: list[Range] = field(default_factory=list)
    claim_lines: list[StatedLine] = field(default_factory=list)
    read: list[Range] = field(default_factory=list)  # billing lines and goal lists read whole


def _items(view: View, lex: Lexicon, phrases: PhraseIndex) -> list[Item]:
    # "cold pack after exercise" names when, not a service done.
    items = [
        Item(h.start, h.end, hit=h.entry)
        for h in lex.scan(view.text)
        if not (
            h.entry.table == "intervention"
            and _WHEN.search(view.text, max(0, h.start - 16), h.start)
        )
        and not (
            h.entry.table == "exercise" and _CUED.search(view.text, max(0, h.start - 60), h.start)
        )
    ]
    params = scan_params(view.text)
    # A parameter beats a lexicon hit it overlaps unless the hit is strictly longer
    # ("4-way hip" is an exercise; "L2" is a bike level, never a side).
    owner = [0] * (len(view.text) + 1)  # 1 + index of the parameter covering each char
    for index, p in enumerate(params):
        owner[p.start : p.end] = [index + 1] * (p.end - p.start)
    kept = []
    beaten: set[int] = set()
    for item in items:
        clash = {params[k - 1] for k in owner[item.start : item.end] if k}
        code = item.hit is not None and item.hit.table == "intervention"
        # A name that starts inside a band or weight ("green band rows", "red TB rows": the
        # lexicon knows "band rows" and "TB rows") leaves it its words and is read after it.
        split = item.hit is not None and item.hit.table == "exercise"
        split = split and any(p.kind in LOADS and p.start < item.start < p.end for p in clash)
        if not split and all(
            item.end - item.start > p.end - p.start or (code and p.kind == "number") for p in clash
        ):
            kept.append(item)
            beaten.update(id(p) for p in clash)
        elif item.hit is not None and item.hit.table == "exercise":
            after = max(p.end for p in clash)
            kept += [
                Item(after + h.start, after + h.end, hit=h.entry)
                for h in lex.scan(view.text[after : item.end])
                if not any(owner[after + h.start : after + h.end])
            ]
    kept += [Item(p.start, p.end, param=p) for p in params if id(p) not in beaten]
    kept += [
        Item(h.start, h.end, hit=h.entry)
        for h in lex.sides.find(view.text)
        if not _NO_SIDE.match(view.text, h.start)
        and view.text[max(0, h.start - 4) : h.start].lower() != "all "
    ]
    markers = (
        ("correction", phrases.matches["corrections"]),
        ("progression", _OVERRIDE),
        ("assistant", _ASSISTANT),
    )
    shares = [(p.start, p.end) for p in params if p.kind == "share"]
    for name, pattern in markers:
        found = pattern if isinstance(pattern, list) else list(pattern.finditer(view.text))
        # "(25 min by Sam Ortiz, PTA)" already says whose minutes these are.
        kept += [
            Item(m.start(), m.end(), marker=name)
            for m in found
            if not any(a <= m.start() < b for a, b in shares)
        ]
    kept.sort(key=lambda i: (i.start, i.end))
    return kept


def _note_side(items: list[Item]) -> Side | None:
    sides = {Side(i.hit.name) for i in items if i.hit and i.hit.table == "side"}
    sides.discard(Side.BILATERAL)
    return sides.pop() if len(sides) == 1 else None


def parse(text: str, lex: Lexicon, note_type: NoteType) -> Parsed:
    view = build_view(text)
    phrases = lex.index(view.text)
    items = _items(view, lex, phrases)
    region = next((i.hit.name for i in items if i.hit and i.hit.table == "region"), "")
    reader = Reader(view, lex, note_type, _note_side(items), region)
    parsed = Parsed(view, reader.state)
    parsed.claim_lines, billed = stated.billing(view.text)
    parsed.goals, listed = stated.goals(view.text)
    goal_ids = {g.id for g in parsed.goals}
    # Sentences inside a billing line or a goal list are read by `stated`, not as treatment.
    covered = _union(billed + listed)
    parsed.read = covered
    covered_starts = [a for a, _ in covered]
    dx_codes: set[str] = set()
    previous: Section | None = None
    globals_: dict[str, list[Range]] = {"skilled": [], "response": [], "purpose": []}
    cursor = 0
    patient_line = False
    for sent in split(view.text):
        if sent.new_block:
            reader.state.block = None
        while cursor < len(items) and items[cursor].start < sent.start:
            cursor += 1
        mine = []
        for index in range(cursor, len(items)):  # no slice: a copy per sentence is quadratic
            item = items[index]
            if item.start >= sent.end:
                break
            if item.end <= sent.end:
                mine.append(item)
        body = view.text[sent.start : sent.end]
        if _DX_LINE.match(body):
            mine = [i for i in mine if not (i.hit and i.hit.table in _SERVICE_TABLES)]
        dosed = any(i.param and i.param.kind in _PERFORMED for i in mine)
        named = any(i.hit and i.hit.table in ("intervention", "exercise") for i in mine)
        service = next((i.start for i in mine if i.hit and i.hit.table == "intervention"), None)
        # A service walked through as done ("Then we did gait training, ...") reads as work
        # done today, like a dose does.
        done = dosed or statements.done_lead(
            body, None if service is None else service - sent.start
        )
        at = bisect_right(covered_starts, sent.start) - 1
        aside = at >= 0 and sent.start < covered[at][1]
        goal = None if aside else statements.goal_definition(body, sent.start, len(parsed.goals))
        if goal is not None:
            section = Section.A
        elif _REPORTS.match(body):
            section = Section.S
        else:
            measures = any(
                i.param and i.param.kind in ("pain", "rom", "mmt", "degrees") for i in mine
            )
            section, _ = statements.classify(
                body,
                (sent.start, sent.end),
                phrases,
                sent.section,
                done,
                named,
                measures,
                previous,
            )
        if sent.section is not None:
            section = sent.section
            # "S: c/o pain" then "TherEx 20':" on the next line: the work was done today.
            if section is Section.S and not sent.labelled and (dosed or named):
                section = Section.O
        if sent.line_start:
            patient_line = _PATIENT.match(view.text, sent.start) is not None
        if patient_line:
            section = Section.S
        elif _HOME.match(body):
            # "HEP updated: added prone hangs 5 min" plans the patient's own work: no session
            # exercise, and its words stay in the plan.
            section = Section.P
        previous = section
        parsed.sections.setdefault(section, []).append((sent.start, sent.end))
        side = next((Side(i.hit.name) for i in mine if i.hit and i.hit.table == "side"), None)
        region = next((i.hit.name for i in mine if i.hit and i.hit.table == "region"), "")
        s = Sentence(sent.start, sent.end, section is Section.O, side, region)
        s.clauses = sent.clauses
        if aside:
            continue
        _read_sentence(reader, parsed, sent.clauses, mine, s, globals_, phrases)
        if goal is not None and goal.id not in goal_ids:
            goal_ids.add(goal.id)
            parsed.goals.append(goal)
            s.used.update(range(len(sent.clauses)))
        _diagnoses(parsed, mine, view, dx_codes)
        silent = (
            not mine
            and not statements.classify(
                body, (sent.start, sent.end), phrases, None, False, False, False, previous
            )[1]
        )
        if section is Section.O or silent:
            for index, (a, b) in enumerate(sent.clauses):
                if index not in s.used and not statements.is_filler(view.text[a:b], lex):
                    parsed.unparsed.append((a, b))
                    if section is Section.O:
                        parsed.objective_extra.append((a, b))
    reader.state.settle()
    for iv in reader.state.interventions:
        for key, ranges in globals_.items():
            mine_ranges = getattr(iv, key)
            have = set(mine_ranges)
            for r in ranges:
                if r not in have:
                    have.add(r)
                    mine_ranges.append(r)
    return parsed


def _union(ranges: list[Range]) -> list[Range]:
    """Sorted, disjoint ranges covering the same characters (empty ranges cover none)."""
    out: list[Range] = []
    for a, b in sorted(r for r in ranges if r[1] > r[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _read_sentence(
    reader: Reader,
    parsed: Parsed,
    clauses: list[Range],
    mine: list[Item],
    s: Sentence,
    globals_: dict[str, list[Range]],
    phrases: PhraseIndex,
) -> None:
    text = reader.view.text
    sentence_ivs: list[InterventionB] = []
    purpose_from: int | None = None
    # Words after "to improve ..." say why, not what was done: "for stairs" is no stair work.
    # The purpose runs to the end of its clause: in dictation the work follows after a comma
    # ("to improve knee strength for stairs, starting with leg press 3x15").
    why = phrases.first("purpose", s.start, s.end)
    purpose_end = next((b for a, b in clauses if why and a <= why.start() < b), s.end)
    necessity = False
    starts = [i.start for i in mine]  # sorted: items come in text order
    for index, (a, b) in enumerate(clauses):
        # An item belongs to the clause it starts in ("3 sets, 12 reps" spans a comma).
        # What a necessity statement goes on to name in its clause is the case for more
        # therapy ("medically necessary: lift 20 lb from floor to waist not yet met"), not
        # work done today.
        argued = phrases.first("necessity", a, b)
        stop = b if argued is None else argued.a
        clause_items = [
            i
            for i in mine[bisect_left(starts, a) : bisect_left(starts, stop)]
            if not (why and why.start() <= i.start < purpose_end)
        ]
        reader.clause(index, a, b, clause_items, s)
        for iv in [*s.touched, *([s.heading] if s.heading else [])]:
            if iv not in sentence_ivs:
                sentence_ivs.append(iv)
        found = statements.scan_clause(phrases, a, b)
        if found.necessity or necessity:
            # A necessity statement argues for the whole plan; it is not one service's
            # purpose, skill or response.
            if not necessity:
                parsed.necessity.append((s.start, s.end))
            necessity = True
            s.used.update(range(len(clauses)))
            continue
        if found.purpose_at is not None and purpose_from is None:
            purpose_from = a + found.purpose_at
            s.used.add(index)
        for key, flag in (("skilled", found.skilled), ("response", found.response)):
            if flag:
                s.used.add(index)
                heading = s.heading or (reader.state.block if s.performed else None)
                targets = s.touched or ([heading] if heading else []) or sentence_ivs
                # A statement that names no service is about the one named just before it,
                # unless it speaks of the whole visit ("tolerated tx well").
                if not targets and reader.state.last and not _WHOLE.search(text, a, b):
                    targets = [reader.state.last]
                if targets:
                    for iv in targets:
                        getattr(iv, key).append((a, b))
                else:
                    globals_[key].append((a, b))
    if s.performed and (s.members or s.pending):
        lists.share(text, s, clauses, reader.list_item)
    if purpose_from is not None:
        purpose = (purpose_from, purpose_end)
        for iv in sentence_ivs or []:
            iv.purpose.append(purpose)
        if not sentence_ivs:
            globals_["purpose"].append(purpose)
    if sentence_ivs:
        reader.state.last = sentence_ivs[-1]
    refs = statements.goal_references(text[s.start : s.end])
    for iv in sentence_ivs:
        iv.goal_ids.extend(g for g in refs if g not in iv.goal_ids)


def _diagnoses(parsed: Parsed, mine: list[Item], view: View, seen: set[str]) -> None:
    for item in mine:
        m: Mention | None = item.param
        if m is None or m.kind != "icd":
            continue
        if m.word in seen:
            continue
        seen.add(m.word)
        tail = _DX_TAIL.match(view.text, m.end)
        description = None
        if tail and tail.group(1).strip():
            start = tail.start(1)
            end = start + len(tail.group(1).rstrip(" .-"))
            description = (start, end) if end > start else None
        parsed.diagnoses.append(Diagnosis(m.word, (m.start, m.end), description))
