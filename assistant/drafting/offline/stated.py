"""Statements the writer makes about the note itself: the billing line and the goal list.

"Billed: 97110 x3 GP; 97140 x1 GP" and "Billing 97110 times 2, 97112 times 1" are what the
writer says they billed; they become the note's proposed claim lines so the validator can set
them against the claim recomputed from the minutes, and they never feed that claim.

"Goals: STG1 stairs with one rail; LTG2 ..." and "Goals on the plan are STG1 ..., and LTG2 ..."
list goals one after another, each item running to the next goal id.

Both are found over the whole text before sentences are read, because their items run across
the ";" and "," that split sentences and clauses; the parser skips the sentences they cover.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass

from assistant.domain.note import GoalTerm
from assistant.drafting.offline.builders import Range
from assistant.drafting.offline.statements import GoalB

# A CPT code, or a HCPCS level II code (a letter and four digits, e.g. G0283 for Medicare's
# unattended electrical stimulation).
_CODE = r"(?:\d{5}|[A-V]\d{4})\b"
_BILL_HEAD = re.compile(
    r"(?i:\b(?:billed|billing|billable|bill(?:ed)?\s+(?:as|for)|charges?|charged|"
    r"cpt(?:\s+codes?)?|codes?\s+billed)\b\s*(?:is|are|was|were|as|today)?\s*[:\-=]?\s*)"
    r"(?=" + _CODE + r")"
)
_MODIFIER = r"(?:GP|GO|GN|CQ|CO|KX|59|XE|XS|XP|XU|GA|GY|GZ|76|77|KF)"
_BILL_LINE = re.compile(
    r"(" + _CODE + r")\s*(?:[xX\u00d7*]|times|for|(?i:x))?\s*(\d{1,2})?\s*(?:(?i:units?|u)\b)?"
    r"((?:\s*[-,]?\s*" + _MODIFIER + r"\b)*)"
)
_BILL_SEP = re.compile(r"\s*(?:[,;&+/]|\band\b)\s*(?:and\s+)?")
_GOAL_HEAD = re.compile(
    r"(?i:\b(?:(?:her|his|the|pt'?s|patient'?s)\s+)?goals?\b(?:\s+(?:on|in|from|of)\s+"
    r"(?:the\s+)?(?:plan(?:\s+of\s+care)?|poc))?\s*(?:are|include|includes|were|remain)?\s*"
    r"[:\-]?\s*)(?=(?:STG|LTG)\s*#?\s*\d)"
)
_GOAL_ITEM = re.compile(r"(?i:\b(STG|LTG)\s*#?\s*(\d{1,2})\b\s*[:.)\-]?\s*)")
_ITEM_TAIL = re.compile(r"[\s,;]*(?:and\s*)?$")
_END = re.compile(r"\.(?=\s|$)|\n")


@dataclass(frozen=True, slots=True)
class StatedLine:
    code: str
    units: int
    modifiers: tuple[str, ...]


def billing(text: str) -> tuple[list[StatedLine], list[Range]]:
    """Stated claim lines and the ranges of text that state them."""
    lines: list[StatedLine] = []
    ranges: list[Range] = []
    for head in _BILL_HEAD.finditer(text):
        pos = head.end()
        end = pos
        while True:
            match = _BILL_LINE.match(text, pos)
            if match is None:
                break
            mods = tuple(re.findall(_MODIFIER, match.group(3) or ""))
            units = int(match.group(2)) if match.group(2) else 1
            if 1 <= units <= 100:
                lines.append(StatedLine(match.group(1), units, mods[:5]))
            end = match.end()
            sep = _BILL_SEP.match(text, end)
            if sep is None or not re.match(_CODE, text[sep.end() : sep.end() + 6]):
                break
            pos = sep.end()
        if end > head.end():
            ranges.append((head.start(), end))
    return lines, ranges


def goals(text: str, count: int = 0) -> tuple[list[GoalB], list[Range]]:
    """Goals listed after a 'Goals:' lead, each to the next goal id or the sentence's end.

    Goal ids and sentence ends are found once for the whole text; a lead inside a list already
    read ("Goals: STG1 ..., goals: STG2 ...") adds nothing new and is skipped, so a long run-on
    list stays linear.
    """
    out: list[GoalB] = []
    ranges: list[Range] = []
    ids = list(_GOAL_ITEM.finditer(text))
    starts = [m.start() for m in ids]
    ends = [m.start() for m in _END.finditer(text)]
    read_to = -1
    for head in _GOAL_HEAD.finditer(text):
        if head.start() < read_to:
            continue
        at = bisect_left(ends, head.end())
        limit = ends[at] if at < len(ends) else len(text)
        items = _items(text, ids, starts, head.end(), limit)
        if items:
            ranges.append((head.start(), limit))
        if not items or items[0].start() != head.end():
            continue
        read_to = limit
        for index, item in enumerate(items):
            end = items[index + 1].start() if index + 1 < len(items) else limit
            body = text[item.end() : end]
            end = item.end() + len(_ITEM_TAIL.sub("", body))
            if end - item.end() < 3:
                continue
            kind = item.group(1).upper()
            term = GoalTerm.LONG if kind == "LTG" else GoalTerm.SHORT
            out.append(GoalB(f"{kind}{item.group(2)}", term, (item.end(), end), [item.span()]))
    return out, ranges


def _items(
    text: str, ids: list[re.Match[str]], starts: list[int], start: int, limit: int
) -> list[re.Match[str]]:
    """The goal ids in text[start:limit], as a search bounded to it would find them."""
    out = ids[bisect_left(starts, start) : bisect_left(starts, limit)]
    if out and out[-1].end() > limit:  # it ran past the sentence's end: read it within it
        last = _GOAL_ITEM.match(text, out[-1].start(), limit)
        out = out[:-1] + ([last] if last else [])
    return out
