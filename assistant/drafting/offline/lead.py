"""The words a writer puts before a dose, read as the name of an exercise the lexicon lacks.

"wall angels 3x10": the words from the start of the clause to the dose name the exercise when
there are one to five of them besides fillers, none is a short lower-case word, the first is
no preposition ("with the same 2 pounds" qualifies the exercise before it) and no
self-correction stands among them.

A clause is tokenised once and each dose's lead is a prefix of it, so a clause holding
thousands of doses stays linear. When a dose starts inside a word (rare: "treat 5/10" read from
"at") the prefix of the clause's tokens is not the lead's, and the lead is read on its own.
"""

import re
from bisect import bisect_left, bisect_right
from string import ascii_letters, digits

from assistant.drafting.offline.lexicon import Lexicon
from assistant.drafting.offline.tokens import TOKEN

WORDS = re.compile(r"[A-Za-z][A-Za-z'/-]*")
_WORD_CHARS = frozenset(ascii_letters + "'/-")
_TOKEN_CHARS = frozenset(ascii_letters + digits)
MAX_NAME_WORDS = 5


def _norm(word: str) -> str:
    return word.lower().rstrip("/")


# Words that join a new item to a list: "..., and side steps 3 laps" names side steps; only
# the word after them may make the clause a qualifier ("and with 2#").
_JOINS = frozenset({"and", "then", "also"})


def _opening(words: list[str]) -> int:
    """The index of the first word after the joiners that open a clause."""
    k = 0
    while k < len(words) - 1 and _norm(words[k]) in _JOINS:
        k += 1
    return k


def read_name(text: str, lex: Lexicon) -> str | None:
    """The exercise name the words of `text` give, or None when they give none."""
    lead = WORDS.findall(text)
    lead = lead[_opening(lead) :]
    if lead and _norm(lead[0]) in lex.phrases["prepositions"].words:
        return None
    stop = lex.phrases["not_names"].words
    words = [w for w in lead if _norm(w) not in stop]
    if not words or len(words) > MAX_NAME_WORDS or any(len(w) < 3 for w in words if w.islower()):
        return None
    if lex.phrases["corrections"].search(text):
        return None
    return " ".join(words)


class Lead:
    """The words of one clause text[start:end], ready to answer `name(at)` for any dose."""

    def __init__(self, text: str, start: int, end: int, lex: Lexicon) -> None:
        self.text, self.start, self.end, self.lex = text, start, end, lex
        words = [(m.end(), m.group()) for m in WORDS.finditer(text, start, end)]
        self.word_ends = [e for e, _ in words]
        self.words = [w for _, w in words]
        stop = lex.phrases["not_names"].words
        self.kept = [i for i, w in enumerate(self.words) if _norm(w) not in stop]
        self.first = _opening(self.words)
        found = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(text, start, end)]
        self.token_ends = [e for _, e, _ in found]
        # Tokens needed before a self-correction is complete; None: the clause holds none.
        self.correction = lex.phrases["corrections"].earliest_end(found)

    def _splits_word(self, at: int) -> bool:
        if at <= self.start or at >= len(self.text):
            return False
        before, after = self.text[at - 1], self.text[at]
        return (before in _WORD_CHARS and after in _WORD_CHARS) or (
            before in _TOKEN_CHARS and after in _TOKEN_CHARS
        )

    def name(self, at: int) -> str | None:
        """What `read_name(text[start:at])` gives, without re-reading the clause's words."""
        if not self.start <= at <= self.end or self._splits_word(at):
            return read_name(self.text[self.start : at], self.lex)
        count = bisect_right(self.word_ends, at)  # words wholly before `at`
        first = min(self.first, count - 1)  # joiners only: no kept word, no name below
        if count == 0 or _norm(self.words[first]) in self.lex.phrases["prepositions"].words:
            return None
        kept = bisect_left(self.kept, count)
        if not 0 < kept <= MAX_NAME_WORDS:
            return None
        words = [self.words[i] for i in self.kept[:kept]]
        if any(len(w) < 3 for w in words if w.islower()):
            return None
        if self.correction is not None and self.correction <= bisect_right(self.token_ends, at):
            return None
        return " ".join(words)
