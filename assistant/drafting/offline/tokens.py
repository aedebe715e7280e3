"""Tokens of a drafted text: words and single punctuation marks, found once per text and
shared by every reader of it."""

import re
from functools import lru_cache
from typing import NamedTuple

# Words and single punctuation marks; hyphens separate words like spaces do, so
# "sit-to-stand" and "sit to stand" are the same three tokens.
TOKEN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9-]")


class Tokens(NamedTuple):
    spans: list[tuple[int, int]]
    words: list[str]
    lowered: list[str]
    lines: list[int]  # the line each token starts on


@lru_cache(maxsize=8)
def tokenised(text: str) -> Tokens:
    """One text's tokens, shared by the lexicon's scans and the phrase index: a long note
    was tokenised three times over. Callers must not mutate the lists."""
    spans, words = [], []
    for m in TOKEN.finditer(text):
        spans.append(m.span())
        words.append(m.group())
    line, lines, last = 0, [], 0
    for start, _ in spans:
        line += text.count("\n", last, start)
        lines.append(line)
        last = start
    return Tokens(spans, words, [w.lower() for w in words], lines)


Key = tuple[str, ...]


def tokens(text: str) -> Key:
    return tuple(TOKEN.findall(text))
