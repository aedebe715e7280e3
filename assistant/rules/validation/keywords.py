"""Keyword tables from data/code_support.toml: does a text describe a code's kind of service?

Text and keywords are normalised the same way (lower case, anything but letters and digits
becomes one space), and each code's keywords compile into one regular expression, once.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

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


def _compile(keywords: list[str]) -> re.Pattern[str]:
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


@cache
def code_support() -> CodeSupport:
    try:
        text = (resources.files("assistant.rules") / "data" / "code_support.toml").read_text(
            encoding="utf-8"
        )
        data = tomllib.loads(text)
        by_code = {
            code: KindMatcher(row["kind"], _compile(row["keywords"]))
            for code, row in data["codes"].items()
        }
        functional = _compile(data["functional_training"]["keywords"])
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise RuleTableError(f"rule table code_support.toml: {exc}") from exc
    return CodeSupport(str(data["version"]), by_code, functional)
