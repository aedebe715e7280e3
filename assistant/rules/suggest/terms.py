"""The diagnosis phrase table (data/dx_terms.toml) and the words of a text with their places.

Words are matched as lower-case letter-and-digit runs, so "s/p L TKA" is the words s, p, l,
tka and every word keeps its character offsets into the source text for evidence.
"""

import re
from dataclasses import dataclass
from functools import cache

from assistant.errors import RuleTableError
from assistant.rules.validation.keywords import normalise, read_table

_WORD = re.compile(r"[A-Za-z0-9]+")
# A clause ends at a line break or at sentence punctuation that is not a code's dot (M17.11).
_CLAUSE_END = re.compile(r"\n|[.;!?](?![0-9])")

Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # lower case
    start: int
    end: int


def clauses(text: str) -> list[list[Word]]:
    out: list[list[Word]] = []
    start = 0
    for end in [m.start() for m in _CLAUSE_END.finditer(text)] + [len(text)]:
        # finditer with pos/endpos reports offsets into the whole text.
        words = [
            Word(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)
        ]
        if words:
            out.append(words)
        start = end + 1
    return out


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    groups: tuple[tuple[Phrase, ...], ...]  # one phrase of every group must be present
    stems: tuple[str, ...]
    neutral: frozenset[str]
    symptom: bool

    @property
    def words(self) -> frozenset[str]:
        return frozenset(w for group in self.groups for phrase in group for w in phrase)

    @property
    def firsts(self) -> tuple[frozenset[str], ...]:
        """Per group, the words its phrases begin with: a clause holding none of one group's
        cannot match, whatever else it says."""
        return tuple(frozenset(phrase[0] for phrase in group) for group in self.groups)


def _phrase(text: str) -> Phrase:
    words = tuple(normalise(text).split())
    if not words:
        raise RuleTableError(f"dx_terms.toml: empty phrase {text!r}")
    return words


@cache
def concepts() -> tuple[Concept, ...]:
    try:
        data = read_table("dx_terms.toml")
        return tuple(
            Concept(
                row["name"],
                tuple(tuple(_phrase(p) for p in group) for group in row["all"]),
                tuple(row["stems"]),
                frozenset(normalise(" ".join(row.get("neutral", []))).split()),
                bool(row.get("symptom", False)),
            )
            for row in data["concept"]
        )
    except (OSError, KeyError, TypeError) as exc:
        raise RuleTableError(f"rule table dx_terms.toml: {exc}") from exc
