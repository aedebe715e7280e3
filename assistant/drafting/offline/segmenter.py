"""Split a note into sentences and clauses, keeping offsets, and read SOAP section labels.

Therapists write one thought per line in shorthand and long run-on sentences when they
dictate, so a sentence ends at a line break, at ; or at . ! ? followed by a space (but not
after "pt." or inside "5.5" or "M17.11"). Clauses split a sentence at commas and spoken
joiners ("then", "followed by"); a clause is the unit that parameters attach to.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Section(StrEnum):
    S = "subjective"
    O = "objective"  # noqa: E741 - the SOAP letter
    A = "assessment"
    P = "plan"


_LABEL = re.compile(
    r"[ \t]*(?:[-*•·]\s*)?(?:"
    r"(?P<letter>[SOAP])\s*[:)]"
    r"|(?P<word>subjective|objective|assessment|plan|treatment|tx|interventions?|"
    r"impression|goals?)(?:\s+today)?\s*(?:[:\-\u2013]|$)"
    r")",
    re.IGNORECASE,
)
_WORD_SECTION = {
    "subjective": Section.S,
    "objective": Section.O,
    "treatment": Section.O,
    "tx": Section.O,
    "intervention": Section.O,
    "interventions": Section.O,
    "assessment": Section.A,
    "impression": Section.A,
    "goal": Section.A,
    "goals": Section.A,
    "plan": Section.P,
}
_NO_BREAK = {"pt", "dr", "mr", "mrs", "ms", "vs", "approx", "e.g", "i.e", "st", "wk", "wks"}
_SENTENCE_END = re.compile(r"[.!?]+(?=\s)|;|\n")
_BULLET = re.compile(r"[ \t]*(?:[-*•·]|\d{1,2}[.)](?!\d))[ \t]+")
_CLAUSE = re.compile(
    r",|\s(?:and\s+)?then\s|\s(?i:followed by|after that|next we did|and also)\s"
    r"|\s+[-\u2013\u2014]\s+"
)


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    section: Section | None  # from an explicit label; None when the writer gave none
    new_block: bool  # a blank line or a label came before it
    line_start: bool  # first sentence on its line
    line_end: bool  # last sentence on its line
    labelled: bool = False  # the section label is on this sentence's own line
    clauses: list[tuple[int, int]] = field(default_factory=list)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r\n":
        start += 1
    while end > start and text[end - 1] in " \t\r\n.;":
        end -= 1
    return start, end


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for match in _CLAUSE.finditer(text, start, end):
        # "June 2, 2025" and "1,000" keep their commas.
        if match.group() == "," and match.start() > 0 and text[match.start() - 1].isdigit():
            after = text[match.end() : match.end() + 2].strip()
            if after[:1].isdigit():
                continue
        a, b = _trim(text, pos, match.start())
        if b > a:
            out.append((a, b))
        pos = match.end()
    a, b = _trim(text, pos, end)
    if b > a:
        out.append((a, b))
    return out


def _breaks(line: str, offset: int) -> list[int]:
    """Offsets (in the full text) where sentences end inside one line."""
    cuts = []
    for match in _SENTENCE_END.finditer(line):
        if match.group().startswith(".") and _last_word(line, match.start()) in _NO_BREAK:
            continue
        cuts.append(offset + match.end())
    return cuts


def _last_word(line: str, end: int) -> str:
    """The last whitespace-separated word of line[:end], lowercased, trailing dots stripped.

    Walks back from `end` instead of splitting the whole prefix, which made a long one-line
    dictation quadratic in its sentences.
    """
    stop = end
    while stop > 0 and line[stop - 1].isspace():
        stop -= 1
    start = stop
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:stop].lower().rstrip(".")


def split(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    section: Section | None = None
    new_block = True
    offset = 0
    for raw in text.split("\n"):
        line_start, line_end = offset, offset + len(raw)
        offset = line_end + 1
        if not raw.strip():
            new_block = True
            continue
        pos = line_start
        bullet = _BULLET.match(raw)
        if bullet:
            pos += bullet.end()
        label = _LABEL.match(text, pos, line_end)
        labelled = label is not None
        if label:
            word = (label.group("word") or "").lower()
            letter = (label.group("letter") or "").upper()
            section = Section[letter] if letter else _WORD_SECTION[word]
            pos = label.end()
            new_block = True
        cuts = [c for c in _breaks(text[pos:line_end], pos) if c < line_end] + [line_end]
        first = True
        for cut in cuts:
            a, b = _trim(text, pos, cut)
            pos = cut
            if b <= a:
                continue
            clauses = _clauses(text, a, b)
            sentences.append(Sentence(a, b, section, new_block, first, False, labelled, clauses))
            first = False
            new_block = False
        if sentences and sentences[-1].start >= line_start:
            sentences[-1].line_end = True
    return sentences


_BULLETED = re.compile(r"[^\n]*\n[ \t]*[-*\u2022\u00b7]\s")


def line_starts(text: str, at: int) -> bool:
    """Nothing but a bullet stands between the start of the line and `at`."""
    return not text[text.rfind("\n", 0, at) + 1 : at].strip(" \t-*\u2022\u00b7")


def bullets_follow(text: str, at: int) -> bool:
    """The line after the one holding `at` is a bullet."""
    return _BULLETED.match(text, at) is not None


_HEADING_TAIL = re.compile(r"\s*(?:x\s*)?(?:\d+\s*(?:min|mins|minutes|')\s*)?[:\-\u2013]?\s*")


def opens_block(text: str, end: int, start: int, stop: int) -> bool:
    """A heading ending at `end`, in the sentence `start`..`stop`, heads the lines below it
    when it ends its line ("TherEx x 25':"), or starts its line and bullets follow
    ("TE 20 min -> STG1: ...\n- SLR 3x10")."""
    rest = text[stop : text.find("\n", stop) if "\n" in text[stop:] else len(text)]
    if _HEADING_TAIL.fullmatch(text, end, stop) and not rest.strip(" \t.:;"):
        return True
    return line_starts(text, start) and bullets_follow(text, stop)
