"""Objective measures: pain ratings, ROM in degrees, MMT grades, test scores, assist levels.

A measure's name is built from the words the writer used around the value (side, region,
motion, AROM/PROM), so "R knee flexion AROM 0-110°" becomes "R knee flexion AROM" = 110.
A range with no motion named ("knee 5-115") is read the usual way: extension then flexion.
"""

import re
from bisect import bisect_left

from assistant.domain.note import MeasureKind, Side
from assistant.drafting.offline.builders import MAX_EVIDENCE, MeasureB, Range
from assistant.drafting.offline.lexicon import Entry
from assistant.drafting.offline.mentions import Mention
from assistant.drafting.offline.scope import Item, Sentence, State

VALUES = {"degrees", "rom", "mmt", "number"}
_SIDE_PREFIX = {Side.RIGHT: "R", Side.LEFT: "L", Side.BILATERAL: "B"}
_QUALIFIERS = [
    (re.compile(r"\b(?:pre|before|start|beginning|arrival|arrives?|initially)\b", re.I), "pre"),
    (re.compile(r"\b(?:post|after|end|following|at d/c|leaving)\b", re.I), "post"),
    (re.compile(r"\bat rest\b|\brest(?:ing)?\b", re.I), "at rest"),
    (re.compile(r"\b(?:at )?worst\b", re.I), "at worst"),
    (re.compile(r"\b(?:at )?best\b", re.I), "at best"),
    (re.compile(r"\bw(?:ith|/)\s*(activity|stairs|walking|standing|sitting)\b", re.I), ""),
]
_NAME_NOISE = re.compile(
    r"\b(?:mmt|strength|strength is|grade|graded|measured|is|=|at|of|was|rom|today)\b|[:=]", re.I
)
_ROM_WORDS = re.compile(r"\b(?:a?a?rom|prom|range)\b", re.I)
NAME_CHARS = 60


class Before:
    """What stands before a position in one clause text[start:end], each read once a clause.

    A clause can hold thousands of measures ("quad 4/5 hams 4/5 ..." run on); reading the
    words before each one again made such a clause quadratic.
    """

    def __init__(self, items: list[Item], text: str, start: int, end: int) -> None:
        self.items, self.text, self.start, self.end = items, text, start, end
        self._marks: tuple[list[int], list[Range]] | None = None
        self._firsts: dict[str, int] | None = None
        self._rom_end: int | None = -1

    def marks(self, pos: int) -> list[Range]:
        """The first side and region words among items[:pos]: more than evidence can show."""
        if self._marks is None:
            found = [
                (k, (i.start, i.end))
                for k, i in enumerate(self.items)
                if i.hit and i.hit.table in ("side", "region")
            ]
            self._marks = [k for k, _ in found], [r for _, r in found]
        indexes, ranges = self._marks
        return ranges[: min(2 * MAX_EVIDENCE, bisect_left(indexes, pos))]

    def first(self, table: str, pos: int) -> Entry | None:
        """The first lexicon hit of `table` among items[:pos]."""
        if self._firsts is None:
            self._firsts = {}
            for k, i in enumerate(self.items):
                if i.hit is not None:
                    self._firsts.setdefault(i.hit.table, k)
        at = self._firsts.get(table)
        return self.items[at].hit if at is not None and at < pos else None

    def rom_words(self, at: int) -> bool:
        """ROM words ("AROM", "range") in text[start:at], read as that slice would be."""
        if self._rom_end == -1:
            found = _ROM_WORDS.search(self.text[self.start : self.end])
            self._rom_end = self.start + found.end() if found else None
        if self._rom_end is not None and self._rom_end <= at:
            return True
        # A word that ends just at `at` counts in the slice even when the text goes on.
        part = self.text[self.start : at]
        return _ROM_WORDS.search(part, max(0, len(part) - 16)) is not None

    def name(self, at: int) -> str:
        """The last NAME_CHARS of the words before `at`, noise words dropped."""
        width = 4 * NAME_CHARS
        while True:
            low = max(self.start, at - width)
            joined = " ".join(_NAME_NOISE.sub(" ", self.text[low:at]).split())
            if low == self.start:
                return joined
            # Only the first words of a window can read differently from the whole prefix
            # (a word cut in two); past them the window's words are the prefix's.
            rest = joined.split(" ", 3)
            if len(rest) == 4 and len(rest[3]) >= NAME_CHARS:
                return joined
            width *= 4


def next_value(items: list[Item], pos: int) -> int | None:
    """Index of the ROM/MMT value that follows a motion word, if the clause has one."""
    for index in range(pos + 1, min(pos + 4, len(items))):
        item = items[index]
        if item.hit is not None:
            if item.hit.table in ("side", "kind", "region"):
                continue
            return None
        if item.param is None:
            return None
        kind = item.param.kind
        if kind in VALUES:
            if kind == "number" and not 0 <= item.param.nums[0] <= 200:
                return None
            return index
        return None
    return None


def _label(*parts: str) -> str:
    return " ".join(p for p in parts if p).strip() or "ROM"


def motion_measures(
    motion: str,
    region: str,
    before: Before,
    pos: int,
    value: int,
    side: Entry | None,
    kind: Entry | None,
    fallback: Side | None = None,
) -> list[MeasureB]:
    items = before.items
    item = items[value]
    assert item.param is not None
    m = item.param
    # Evidence: the motion, its value, and the side and region words written before them
    # (only the first few: no more can be shown, and taking all made long clauses quadratic).
    where = [(items[pos].start, items[pos].end), (m.start, m.end), *before.marks(pos)]
    side_value = Side(side.name) if side else fallback
    kind_word = kind.name.upper() if kind and kind.name in ("arom", "aarom", "prom") else ""
    prefix = _SIDE_PREFIX.get(side_value, "") if side_value else ""
    name = _label(prefix, region, motion, kind_word)
    if m.kind == "mmt":
        label = _label(prefix, region, motion)
        return [MeasureB(label, MeasureKind.MMT, m.word, "", side_value, where)]
    degrees = m.nums[-1]
    if not -90 <= degrees <= 360:
        return []
    return [MeasureB(name, MeasureKind.ROM, degrees, "deg", side_value, where)]


def loose_measures(
    m: Mention,
    before: Before,
    pos: int,
    s: Sentence,
    side: Entry | None,
    fallback: Side | None = None,
) -> list[MeasureB]:
    """A degree figure, range or MMT grade with no motion word just before it."""
    text = before.text
    region_hit = before.first("region", pos)
    region = (region_hit.name if region_hit else "") or s.region
    kind = before.first("kind", pos)
    kind_word = kind.name.upper() if kind and kind.name in ("arom", "aarom", "prom") else ""
    side_value = Side(side.name) if side else s.side or fallback
    where = [(m.start, m.end)]
    if m.kind == "mmt":
        name = before.name(m.start)[-NAME_CHARS:] or "strength"
        return [MeasureB(name, MeasureKind.MMT, m.word, "", side_value, where)]
    # A bare "2 to 3" is a mobilisation grade or a count unless ROM words surround it.
    rom_words = kind_word or before.rom_words(m.start)
    unit = m.kind == "degrees" or bool(re.search(r"°|º|deg", text[m.start : m.end]))
    if m.kind == "rom" and not unit and not rom_words:
        return []
    if not region and not rom_words and not unit:
        return []
    prefix = _SIDE_PREFIX.get(side_value, "") if side_value else ""
    if m.kind == "rom":
        low, high = m.nums[0], m.nums[-1]
        out = [
            MeasureB(
                _label(prefix, region, "flexion", kind_word),
                MeasureKind.ROM,
                high,
                "deg",
                side_value,
                where,
            )
        ]
        if -90 <= -low <= 360:
            out.insert(
                0,
                MeasureB(
                    _label(prefix, region, "extension", kind_word),
                    MeasureKind.ROM,
                    -low or 0.0,
                    "deg",
                    side_value,
                    where,
                ),
            )
        return [x for x in out if -90 <= float(x.value) <= 360]
    value = m.nums[-1]
    if not -90 <= value <= 360:
        return []
    return [
        MeasureB(
            _label(prefix, region, kind_word or "ROM"),
            MeasureKind.ROM,
            value,
            "deg",
            side_value,
            where,
        )
    ]


def pain(m: Mention, text: str, sentence: Range, override: bool, state: State) -> None:
    """A pain rating in the sentence text[sentence[0]:sentence[1]]."""
    start, end = sentence
    value = max(m.nums) if m.nums else 0.0
    if not 0 <= value <= 10:
        return
    # The qualifier sits next to its own figure: "4/10 at rest, 6/10 with stairs".
    after = re.split(r"[,;]", text[m.end : min(end, m.end + 30)])[0]
    before = re.split(r"[,;]", text[max(start, m.start - 30) : m.start])[-1]
    qualifier = _qualifier(after) or _qualifier(before)
    name = f"pain ({qualifier})" if qualifier else "pain"
    found, ratings = state.measures, state.pain_ratings
    if override:
        for measure in reversed(found):
            if measure.ranges[0][0] < start:
                break  # measures come in text order: the rest are earlier sentences'
            if measure.kind is MeasureKind.PAIN:
                ratings[(measure.name, measure.value)] -= 1
                measure.value = value
                measure.name = name if qualifier else measure.name
                measure.ranges.append((m.start, m.end))
                ratings[(measure.name, measure.value)] += 1
                return
    if ratings[(name, value)] > 0:
        return  # the same rating said twice
    ratings[(name, value)] += 1
    found.append(MeasureB(name, MeasureKind.PAIN, value, "/10", None, [(m.start, m.end)]))


def _qualifier(text: str) -> str:
    for pattern, label in _QUALIFIERS:
        match = pattern.search(text)
        if match:
            return label or f"with {match.group(1).lower()}"
    return ""


def other_measure(entry: Entry, items: list[Item], pos: int, activity: str) -> MeasureB | None:
    where = [(items[pos].start, items[pos].end)]
    if entry.table == "assist":
        return MeasureB(
            f"{activity} assistance"[:200], MeasureKind.OTHER, entry.name, "", None, where
        )
    if entry.table == "weight_bearing":
        return MeasureB("weight-bearing status", MeasureKind.OTHER, entry.name, "", None, where)
    for item in items[pos + 1 : pos + 4]:
        m = item.param
        weighed = m is not None and m.kind == "load" and entry.unit in ("lb", "kg")
        if m is None or (
            m.kind not in ("number", "score", "distance", "degrees", "pain") and not weighed
        ):
            continue
        where.append((m.start, m.end))
        unit = m.word if m.kind in ("distance", "load") else entry.unit
        if m.kind == "score" and len(m.nums) == 2:
            unit = f"/{m.nums[1]:g}"
        return MeasureB(entry.name, MeasureKind.OUTCOME, m.nums[0], unit, None, where)
    return None
