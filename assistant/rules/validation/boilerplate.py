"""Vague and boilerplate wording: the tables of data/boilerplate.toml as small predicates.

Used by DOC001-DOC004 and by TE001, which names a flowsheet or a generic phrase in its hint
instead of a second finding about the same missing exercises.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from assistant.errors import RuleTableError
from assistant.rules.validation.keywords import normalise, read_table, words_of


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    parts = []
    for phrase in phrases:
        words = normalise(phrase.rstrip("*"))
        if not words:
            raise RuleTableError(f"boilerplate.toml: empty phrase {phrase!r}")
        parts.append(re.escape(words) + (r"[a-z0-9]*" if phrase.endswith("*") else r"\b"))
    # Longest first, so "tolerated well" is taken out whole before "tolerated".
    parts.sort(key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


@dataclass(frozen=True, slots=True)
class Filler:
    phrases: re.Pattern[str]
    filler: frozenset[str]

    def only(self, text: str) -> bool:
        """Text that says something, but nothing beyond these phrases and filler words."""
        plain = normalise(text)
        if not plain:
            return False
        # A number is content: "2x/wk" states a frequency, "3/10" a score.
        return all(w in self.filler for w in words_of(self.phrases.sub(" ", plain)))


@dataclass(frozen=True, slots=True)
class Boilerplate:
    version: str
    flowsheet: re.Pattern[str]
    generic_exercise: re.Pattern[str]
    response: Filler
    plan: Filler


def _filler(row: dict[str, list[str]]) -> Filler:
    return Filler(_pattern(row["phrases"]), frozenset(normalise(w) for w in row["filler"]))


@cache
def boilerplate() -> Boilerplate:
    try:
        data = read_table("boilerplate.toml")
        return Boilerplate(
            str(data["version"]),
            _pattern(data["flowsheet"]["phrases"]),
            _pattern(data["generic_exercise"]["phrases"]),
            _filler(data["response"]),
            _filler(data["plan"]),
        )
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise RuleTableError(f"rule table boilerplate.toml: {exc}") from exc
