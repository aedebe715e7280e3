"""Keyword tables from data/code_support.toml (does a text describe a code's kind of service?)
and data/exercise_terms.toml (what an exercise's name already says).

Text and keywords are normalised the same way (lower case, anything but letters and digits
becomes one space), and each code's keywords compile into one regular expression, once.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from assistant.errors import RuleTableError

_NON_WORD = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True, slots=True)
class KindMatcher:
    kind: str
    pattern: re.Pattern[str]

    def matches(self, normalised: str) -> bool:
        return self.pattern.search(normalised) is not None


def compile_keywords(keywords: list[str]) -> re.Pattern[str]:
    """One expression for a table's keyword list (whole words; a trailing * is a prefix)."""
    parts = []
    for keyword in keywords:
        prefix = keyword.endswith("*")
        words = normalise(keyword.rstrip("*"))
        if not words:
            raise RuleTableError(f"code_support.toml: empty keyword {keyword!r}")
        parts.append(re.escape(words) + ("" if prefix else r"\b"))
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


@dataclass(frozen=True, slots=True)
class CodeSupport:
    version: str
    by_code: dict[str, KindMatcher]
    functional: re.Pattern[str]


def read_table(name: str) -> dict[str, Any]:
    """A shipped rule table (data/NAME), parsed; the one place validation reads package data."""
    text = (resources.files("assistant.rules") / "data" / name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def code_support() -> CodeSupport:
    try:
        data = read_table("code_support.toml")
        by_code = {
            code: KindMatcher(row["kind"], compile_keywords(row["keywords"]))
            for code, row in data["codes"].items()
        }
        functional = compile_keywords(data["functional_training"]["keywords"])
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise RuleTableError(f"rule table code_support.toml: {exc}") from exc
    return CodeSupport(str(data["version"]), by_code, functional)


@dataclass(frozen=True, slots=True)
class ExerciseTerms:
    version: str
    bodyweight: re.Pattern[str]
    region: re.Pattern[str]
    kinds: tuple[tuple[str, re.Pattern[str]], ...]  # (ExerciseKind value, names), in order

    def kind(self, normalised: str) -> str | None:
        return next((kind for kind, names in self.kinds if names.search(normalised)), None)


@cache
def exercise_terms() -> ExerciseTerms:
    try:
        data = read_table("exercise_terms.toml")
        kinds = tuple(
            (kind, compile_keywords(row["keywords"])) for kind, row in data["kind"].items()
        )
        return ExerciseTerms(
            str(data["version"]),
            compile_keywords(data["bodyweight"]["keywords"]),
            compile_keywords(data["region"]["keywords"]),
            kinds,
        )
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise RuleTableError(f"rule table exercise_terms.toml: {exc}") from exc
