"""One-to-one pairing of predicted and true list items (Hungarian assignment on similarity).

Items are paired by maximising total similarity with scipy's `linear_sum_assignment`; a pair
below `MIN_SIMILARITY` is not a pair (the prediction is spurious, the truth item missed).
"""

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

P = TypeVar("P")
T = TypeVar("T")
MIN_SIMILARITY = 0.5
_WORD = re.compile(r"[a-z0-9]+")
# Plural and hyphen variants only: meaning-level synonyms are the drafter's job, not ours.
_ES_PLURAL = ("sses", "xes", "ches", "shes")


def words(text: str) -> list[str]:
    return list(_words(text))


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    out = []
    for word in _WORD.findall(text.lower()):
        if len(word) > 3 and word.endswith(_ES_PLURAL):
            word = word[:-2]
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        out.append(word)
    return tuple(out)


@lru_cache(maxsize=65536)
def name_similarity(a: str, b: str) -> float:
    """Max of token Jaccard and character ratio on the normalised names, in [0, 1]."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    sa, sb = set(wa), set(wb)
    jaccard = len(sa & sb) / len(sa | sb)
    ratio = SequenceMatcher(None, " ".join(wa), " ".join(wb), autojunk=False).ratio()
    return max(jaccard, ratio)


def best_similarity(predicted: str, names: Sequence[str]) -> float:
    return max((name_similarity(predicted, n) for n in names), default=0.0)


def pair(
    predicted: Sequence[P],
    truth: Sequence[T],
    similarity: Callable[[P, T], float],
    minimum: float = MIN_SIMILARITY,
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Return (pairs as (pred index, truth index), unpaired predictions, unpaired truths)."""
    if not predicted or not truth:
        return [], list(range(len(predicted))), list(range(len(truth)))
    scores = np.array([[similarity(p, t) for t in truth] for p in predicted], dtype=float)
    rows, cols = linear_sum_assignment(scores, maximize=True)
    pairs = [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if scores[r, c] >= minimum]
    used_p = {r for r, _ in pairs}
    used_t = {c for _, c in pairs}
    return (
        sorted(pairs),
        [i for i in range(len(predicted)) if i not in used_p],
        [j for j in range(len(truth)) if j not in used_t],
    )
