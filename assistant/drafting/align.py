"""Find where a model's quoted or named fact sits in the source text.

A model's words are a claim, not evidence: evidence is a real slice of the therapist's input.
Three passes, strictest first, each returning `source[start:end]` exactly:

1. the same words, whole words only, then ignoring case (a regex on the original text, so
   offsets never shift the way `lower()` can shift them for a few Unicode letters); runs of
   whitespace match any whitespace;
3. fuzzy token alignment: the window of source words that best matches the phrase's words
   (difflib over normalised tokens, a token also matching a close spelling or plural), kept
   only above a similarity threshold. Without a match the fact gets no evidence and the
   validator asks the therapist to confirm it.
"""

import re
from difflib import SequenceMatcher
from functools import lru_cache

from assistant.domain.note import Span

_TOKEN = re.compile(r"\w+(?:['.]\w+)*")
# Share of the phrase's words that must be found, in order, in the chosen source window.
MIN_RATIO = 0.75
# A single word aligns only to the same word (plural aside); one fuzzy word is too weak a claim.
MIN_FUZZY_TOKENS = 2
MAX_PHRASE = 2_000


def _norm(token: str) -> str:
    token = token.lower()
    if len(token) > 3 and token.endswith("es") and token[-3] in "sxz":
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


@lru_cache(maxsize=4096)
def _close(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) < 5 or len(b) < 5:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.85


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(_norm(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _span(source: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=source[start:end])


def _fuzzy(source: str, phrase: str) -> Span | None:
    words = [t for t, _, _ in _tokens(phrase)]
    if len(words) < MIN_FUZZY_TOKENS:
        return None
    src = _tokens(source)
    best: tuple[float, int, int] | None = None
    n = len(words)
    for i, (tok, _, _) in enumerate(src):
        # A window must start on a word of the phrase; this keeps the scan linear in practice.
        if not any(_close(tok, w) for w in words):
            continue
        for size in range(max(1, n - 2), n + 3):
            window = src[i : i + size]
            if len(window) < size:
                break
            matched = _matched(words, [t for t, _, _ in window])
            # Penalise windows wider than the phrase so the span stays tight.
            score = matched / max(n, size)
            if matched / n >= MIN_RATIO and (best is None or score > best[0]):
                best = (score, window[0][1], window[-1][2])
    if best is None:
        return None
    return _span(source, best[1], best[2])


def _matched(words: list[str], window: list[str]) -> int:
    """Longest in-order matching of phrase words to window words, close spellings allowed."""
    # Small dynamic programme (LCS); phrases and windows are a few dozen words at most.
    prev = [0] * (len(window) + 1)
    for w in words:
        cur = [0]
        for j, t in enumerate(window):
            cur.append(prev[j] + 1 if _close(w, t) else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _bounded(phrase: str) -> str:
    """The phrase as a regex, flexible in whitespace, that does not start or end mid-word."""
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    head = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    tail = r"(?!\w)" if re.search(r"\w$", phrase) else ""
    return head + body + tail


def _single(source: str, phrase: str) -> Span | None:
    """One word: the first source word with the same normal form ("bridge" -> "bridges")."""
    words = _tokens(phrase)
    if len(words) != 1:
        return None
    for tok, start, end in _tokens(source):
        if tok == words[0][0]:
            return _span(source, start, end)
    return None


def align(source: str, phrase: str) -> Span | None:
    """The span of `source` that best supports `phrase`, or None."""
    phrase = phrase.strip()
    if not phrase or not source or len(phrase) > MAX_PHRASE:
        return None
    # Whole words only: "arm" must not be found inside "warm up".
    pattern = _bounded(phrase)
    m = re.search(pattern, source) or re.search(pattern, source, re.IGNORECASE)
    if m:
        return _span(source, m.start(), m.end())
    return _single(source, phrase) or _fuzzy(source, phrase)


def evidence(source: str, phrases: list[str]) -> list[Span]:
    """Spans for each phrase that aligns, in the order given; a span inside another is dropped."""
    spans: list[Span] = []
    for phrase in phrases:
        span = align(source, phrase)
        if span is not None and not any(s.start <= span.start and span.end <= s.end for s in spans):
            spans.append(span)
    return spans
