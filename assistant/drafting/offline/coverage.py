"""Nothing dictated is lost: what no fact holds is quoted in O and, unless read, listed.

S, A and P quote the writer's sentences whole, but O is rebuilt from the facts (services,
exercises, measures), so words of an objective sentence that no fact's evidence covers
("in sitting", "single point cane", "Total timed 34 min") would vanish from the note. After
the facts are built, every such stretch is quoted at the end of O; a stretch nothing read at
all is also listed as unparsed, so the reviewer is told. Words read into a fact that has no
evidence of its own (the visit's totals, a stated billing line, a response) are quoted but not
listed; speech fillers and punctuation are neither.

A stretch is quoted with the start of its clause ("3 sets of 10 with a 3 pound ankle weight",
not "ankle weight"; "Mini squats at the counter", not "at the counter"): a reader of the
note sees what the words were about, while only the stretch itself is listed as unparsed.
"""

import re

from assistant.domain.note import Span
from assistant.drafting.offline.builders import Range
from assistant.drafting.offline.lexicon import PhraseSet
from assistant.drafting.offline.numbers import View

_EDGES = " \t\r\n,;:.-()[]/+&*"
# Where a clause ends: punctuation before a space, or a line break (the point of "2.5 lb",
# the colon of "10:30" and the comma of "1,000" end none).
_CLAUSE_END = re.compile(r"[,;:.!?](?=\s)|\n")


class _Clauses:
    """Clause starts within one O range, asked for in increasing positions: the text is
    scanned once, however many stretches the range holds (a run-on dictation is one range)."""

    def __init__(self, source: str, start: int) -> None:
        self.source = source
        self.scanned = start
        self.last = start

    def start_of(self, at: int) -> int:
        for m in _CLAUSE_END.finditer(self.source, self.scanned, at):
            self.last = m.end()
        self.scanned = max(self.scanned, at)
        return self.last


def _source(view: View, r: Range) -> tuple[int, int]:
    a, b = r
    if b <= a:
        return 0, 0
    return view.starts[a], view.ends[b - 1]


def leftovers(
    view: View,
    objective: list[Range],
    evidence: list[Span],
    shown: list[Range],
    read: list[Range],
    fillers: PhraseSet,
) -> tuple[list[str], list[Span]]:
    """The quotes to add to O and the spans to list as unparsed.

    `objective`, `shown` (quoted already, like a purpose) and `read` are view ranges;
    `evidence` holds the source spans of every fact and of the unparsed passages.
    """
    source = view.source
    covered = bytearray(len(source) + 1)
    for sp in evidence:
        covered[sp.start : sp.end] = b"\x01" * (sp.end - sp.start)
    for r in shown:
        a, b = _source(view, r)
        covered[a:b] = b"\x01" * (b - a)
    known = bytearray(len(source) + 1)
    for r in read:
        a, b = _source(view, r)
        known[a:b] = b"\x01" * (b - a)
    quotes: list[str] = []
    unparsed: list[Span] = []
    for r in objective:
        start, end = _source(view, r)
        pieces: list[str] = []
        quoted_to = start  # the end of the last quote: a clause is never quoted twice
        clauses = _Clauses(source, start)
        at = start
        while at < end:
            gap = covered.find(0, at, end)
            if gap < 0:
                break
            stop = covered.find(1, gap, end)
            stop = end if stop < 0 else stop
            at = stop
            text = source[gap:stop]
            lead = len(text) - len(text.lstrip(_EDGES))
            piece = text.strip(_EDGES)
            if not any(ch.isalnum() for ch in piece) or fillers.only(piece):
                continue
            a = gap + lead
            b = a + len(piece)
            clause = max(clauses.start_of(a), quoted_to)
            if pieces and clause == quoted_to:
                # The same clause as the quote before: one quote runs on to this stretch.
                pieces[-1] = (pieces[-1] + source[quoted_to:b]).strip(_EDGES)
            else:
                pieces.append(source[clause:b].strip(_EDGES))
            quoted_to = b
            if known.find(0, a, b) >= 0:
                unparsed.append(Span(start=a, end=b, text=piece))
        if pieces:
            quotes.append(" ... ".join(pieces) + ("" if pieces[-1][-1] in ".!?" else "."))
    return quotes, unparsed
