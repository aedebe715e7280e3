"""Objective measures: pain ratings, ROM in degrees, MMT grades, test scores, assist levels.

A measure's name is built from the words the writer used around the value (side, region,
motion, AROM/PROM), so "R knee flexion AROM 0-110°" becomes "R knee flexion AROM" = 110.
A range with no motion named ("knee 5-115") is read the usual way: extension then flexion.
"""

import re

from assistant.domain.note import MeasureKind, Side
from assistant.drafting.offline.builders import MeasureB
from assistant.drafting.offline.lexicon import Entry
from assistant.drafting.offline.params import Mention
from assistant.drafting.offline.scope import Item, Sentence

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
    items: list[Item],
    pos: int,
    value: int,
    side: Entry | None,
    kind: Entry | None,
    fallback: Side | None = None,
) -> list[MeasureB]:
    item = items[value]
    assert item.param is not None
    m = item.param
    where = [(items[pos].start, items[pos].end), (m.start, m.end)]
    where += [(i.start, i.end) for i in items[:pos] if i.hit and i.hit.table in ("side", "region")]
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
    items: list[Item],
    pos: int,
    clause_start: int,
    s: Sentence,
    text: str,
    side: Entry | None,
    fallback: Side | None = None,
) -> list[MeasureB]:
    """A degree figure, range or MMT grade with no motion word just before it."""
    region = next((i.hit.name for i in items[:pos] if i.hit and i.hit.table == "region"), "")
    region = region or s.region
    kind = next((i.hit for i in items[:pos] if i.hit and i.hit.table == "kind"), None)
    kind_word = kind.name.upper() if kind and kind.name in ("arom", "aarom", "prom") else ""
    side_value = Side(side.name) if side else s.side or fallback
    where = [(m.start, m.end)]
    if m.kind == "mmt":
        words = _NAME_NOISE.sub(" ", text[clause_start : m.start])
        name = " ".join(words.split())[-60:] or "strength"
        return [MeasureB(name, MeasureKind.MMT, m.word, "", side_value, where)]
    # A bare "2 to 3" is a mobilisation grade or a count unless ROM words surround it.
    rom_words = kind_word or re.search(
        r"\b(?:a?a?rom|prom|range)\b", text[clause_start : m.start], re.I
    )
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


def pain(m: Mention, sentence: str, offset: int, override: bool, found: list[MeasureB]) -> None:
    value = max(m.nums) if m.nums else 0.0
    if not 0 <= value <= 10:
        return
    # The qualifier sits next to its own figure: "4/10 at rest, 6/10 with stairs".
    after = re.split(r"[,;]", sentence[m.end - offset : m.end - offset + 30])[0]
    before = re.split(r"[,;]", sentence[max(0, m.start - offset - 30) : m.start - offset])[-1]
    qualifier = _qualifier(after) or _qualifier(before)
    name = f"pain ({qualifier})" if qualifier else "pain"
    if override:
        for measure in reversed(found):
            if measure.kind is MeasureKind.PAIN and measure.ranges[0][0] >= offset:
                measure.value = value
                measure.name = name if qualifier else measure.name
                measure.ranges.append((m.start, m.end))
                return
    if any(x.kind is MeasureKind.PAIN and x.name == name and x.value == value for x in found):
        return
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
        if m is None or m.kind not in ("number", "score", "distance", "degrees", "pain"):
            continue
        where.append((m.start, m.end))
        unit = m.word if m.kind == "distance" else entry.unit
        if m.kind == "score" and len(m.nums) == 2:
            unit = f"/{m.nums[1]:g}"
        return MeasureB(entry.name, MeasureKind.OUTCOME, m.nums[0], unit, None, where)
    return None
