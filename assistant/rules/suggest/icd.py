"""ICD-10-CM suggestions for diagnoses stated in words ("R knee OA", "s/p L TKA").

Each clause of the source text is matched against the phrase table (terms.py); a concept's
candidates are the code set's billable codes under its stems, ranked by fit with the words.
The side is read from the clause ("R", "left", "B/L"); a 7th character from the note's
encounter words ("subsequent", "sequela"). When the words do not say the side, or a code
needs a 7th character they do not give, nothing is guessed: the suggestion asks, and its
candidates are one per possible answer.
"""

import re
from collections import OrderedDict
from collections.abc import Sequence

from assistant.domain.note import Note, Side, Span
from assistant.domain.suggestion import Candidate, CodeSystem, CodingSuggestion
from assistant.rules.suggest.terms import Concept, Phrase, Word, clauses, concepts
from assistant.rules.validation.icd import IcdCode, IcdCodeSet, normalise_code
from assistant.rules.validation.keywords import normalise

TOP = 5
_SIDE_WORDS = {
    "right": Side.RIGHT, "rt": Side.RIGHT, "r": Side.RIGHT,
    "left": Side.LEFT, "lt": Side.LEFT, "l": Side.LEFT,
    "bilateral": Side.BILATERAL, "bilat": Side.BILATERAL, "bil": Side.BILATERAL,
    "both": Side.BILATERAL, "bl": Side.BILATERAL,
}  # fmt: skip
_MARKERS = frozenset({"dx", "diagnosis", "diagnoses", "diagnosed", "impression", "hx", "sp"})
_STOP = frozenset({"of", "the", "and", "with", "in", "to", "for", "a", "side", "encounter"})
# Words that say the documentation did not specify: "unspecified" is what plain words such as
# "LBP" leave, so it costs least; "other" means specified but not listed.
_VAGUE = {"unspecified": 0.25, "nos": 0.25, "site": 0.25, "other": 0.5}
NEAR = 4  # a side word belongs to the diagnosis it is at most this many words from
# Encounter words -> the 7th character they give (ICD-10-CM chapter 19 conventions).
_ENCOUNTER = (
    ("sequela", "S"), ("nonunion", "K"), ("malunion", "P"), ("delayed healing", "G"),
    ("subsequent", "D"), ("routine healing", "D"), ("initial", "A"),
)  # fmt: skip
_SEVENTH = {"A": "initial encounter", "D": "subsequent encounter", "S": "sequela"}
_CODE_IN_TEXT = re.compile(r"[a-z][0-9]{2}")


def _places(words: list[Word]) -> dict[str, list[int]]:
    """Where each word stands in a clause, in order: a phrase is looked for only where its
    first word is, so a clause is read once rather than once per phrase of every concept."""
    at: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        at.setdefault(w.text, []).append(i)
    return at


def _find(words: list[Word], at: dict[str, list[int]], phrase: Phrase) -> range | None:
    """The first place the phrase occurs in the clause."""
    n = len(phrase)
    for i in at.get(phrase[0], ()):
        if i + n > len(words):
            return None
        if all(words[i + k].text == phrase[k] for k in range(1, n)):
            return range(i, i + n)
    return None


def _match(concept: Concept, words: list[Word], at: dict[str, list[int]]) -> set[int] | None:
    used: set[int] = set()
    for group in concept.groups:
        hit = next((r for p in group if (r := _find(words, at, p)) is not None), None)
        if hit is None:
            return None
        used.update(hit)
    return used


class _Index:
    """The phrase table by first word, built once: word -> the concepts (by place in the
    table) with a phrase of their first group beginning with it."""

    def __init__(self, table: tuple[Concept, ...]) -> None:
        self.table = table
        self.firsts = [concept.firsts for concept in table]
        by_word: dict[str, list[int]] = {}
        for k, firsts in enumerate(self.firsts):
            for word in firsts[0] if firsts else ():
                by_word.setdefault(word, []).append(k)
        self.by_word = {word: tuple(ks) for word, ks in by_word.items()}
        # A concept without groups needs no word: it is a candidate for every clause.
        self.always = frozenset(k for k, firsts in enumerate(self.firsts) if not firsts)

    def candidates(self, at: dict[str, list[int]]) -> list[Concept]:
        """The concepts that could match a clause, in table order (the order decides which
        concept a clause's words serve); any other lacks a word one of its groups begins
        with, so _match would find nothing."""
        ks = {k for word in at for k in self.by_word.get(word, ())} | self.always
        return [
            self.table[k]
            for k in sorted(ks)
            if not any(first.isdisjoint(at) for first in self.firsts[k])
        ]


_INDEX: list[_Index] = []


def _index() -> _Index:
    """The index of the phrase table in use, rebuilt only if that table is reloaded."""
    table = concepts()
    if not _INDEX or _INDEX[0].table is not table:
        _INDEX[:] = [_Index(table)]
    return _INDEX[0]


def _side(words: Sequence[Word], near: frozenset[int]) -> tuple[Side | None, int | None]:
    """The side word nearest the matched words, and where it is."""
    best: tuple[int, Side, int] | None = None
    for i, w in enumerate(words):
        side = _SIDE_WORDS.get(w.text)
        if w.text == "b" and i + 1 < len(words) and words[i + 1].text == "l":
            side = Side.BILATERAL  # "B/L"
        if side is None or (w.text == "l" and i > 0 and words[i - 1].text == "b"):
            continue
        distance = min(abs(i - j) for j in near)
        if distance <= NEAR and (best is None or distance < best[0]):
            best = (distance, side, i)
    return (best[1], best[2]) if best else (None, None)


def description_side(code: IcdCode) -> Side | None:
    words = set(normalise(code.description).split())
    if "bilateral" in words or {"right", "left"} <= words:
        return Side.BILATERAL
    if "right" in words:
        return Side.RIGHT
    if "left" in words:
        return Side.LEFT
    return None


def _extras(code: IcdCode, said: frozenset[str]) -> float:
    cost = 0.0
    for w in normalise(code.description).split():
        if w in said or w in _STOP or w in ("right", "left", "bilateral"):
            continue
        cost += _VAGUE.get(w, 1.0)
    return cost


def _needs_seventh(codes: tuple[IcdCode, ...]) -> bool:
    # Injury codes (S, T) are billable only with a 7th character: eight characters with the dot.
    return bool(codes) and all(c.code[0] in "ST" and len(c.code) == 8 for c in codes)


def _encounter(text: str) -> str | None:
    plain = normalise(text)
    return next((letter for words, letter in _ENCOUNTER if f" {words}" in f" {plain}"), None)


def _dominance(code: IcdCode, side: Side | None) -> float:
    # ICD-10-CM guideline I.C.6.a: when dominance is not documented, a right side affected is
    # dominant and a left side non-dominant.
    plain = normalise(code.description)
    if side is Side.RIGHT and "right non dominant" in plain:
        return 0.5
    if side is Side.LEFT and "left dominant" in plain:
        return 0.5
    return 0.0


def _rank(codes: list[IcdCode], side: Side | None, said: frozenset[str]) -> list[IcdCode]:
    def key(c: IcdCode) -> tuple[int, float, int, str]:
        own = description_side(c)
        side_rank = 0 if own is side else 1
        cost = _extras(c, said) + _dominance(c, side)
        return (side_rank, cost, len(c.description), c.code)

    return sorted(codes, key=key)


def _heading(icd: IcdCodeSet, code: IcdCode) -> IcdCode:
    parent = icd.lookup(code.code[:-1])
    return parent if parent.valid else code


class _Found:
    """A concept matched in one clause; shared by every note with the same text, so never
    changed once made."""

    __slots__ = ("concept", "marked", "used", "words")

    def __init__(
        self, concept: Concept, words: tuple[Word, ...], used: frozenset[int], marked: bool
    ) -> None:
        self.concept, self.words, self.used, self.marked = concept, words, used, marked


# What a text's clauses match depends on the text and the phrase table alone. A note is
# validated again at every step of its lifecycle (draft, acknowledge, sign) with the same
# source text, so the matches are kept per text (and per table, should it be reloaded).
_FOUND_MAX = 256
_found_cache: OrderedDict[tuple[_Index, str], tuple[_Found, ...]] = OrderedDict()


def _found(note: Note) -> tuple[_Found, ...]:
    text = note.source_text
    index = _index()
    key = (index, text)  # the index itself, so a replaced table can never match
    hit = _found_cache.get(key)
    if hit is not None:
        _found_cache.move_to_end(key)
        return hit
    found = tuple(_scan(text, index))
    _found_cache[key] = found
    if len(_found_cache) > _FOUND_MAX:
        _found_cache.popitem(last=False)
    return found


def _scan(text: str, index: _Index) -> list[_Found]:
    out: list[_Found] = []
    for k, words in enumerate(clauses(text)):
        texts = [w.text for w in words]
        marked = k == 0 or bool(_MARKERS & set(texts)) or "s p" in " ".join(texts)
        at = _places(words)
        taken: list[set[int]] = []
        kept = tuple(words)
        for concept in index.candidates(at):
            used = _match(concept, words, at)
            if used is None or any(used <= earlier for earlier in taken):
                continue
            taken.append(used)
            out.append(_Found(concept, kept, frozenset(used), marked))
    return out


def _coded(note: Note, concept: Concept) -> bool:
    codes = [normalise_code(d.code) for d in note.diagnoses]
    return any(code.startswith(stem) for code in codes for stem in concept.stems)


def icd_suggestions(note: Note, icd: IcdCodeSet) -> list[CodingSuggestion]:
    found = [f for f in _found(note) if not _coded(note, f.concept)]
    conditions = [f for f in found if not f.concept.symptom]
    uncoded = not note.diagnoses
    out: list[CodingSuggestion] = []
    seen: set[str] = set()
    for f in found:
        # Symptoms in passing ("knee pain 4/10") are not diagnoses: only where the clause
        # states a diagnosis, or where the note states no condition and no code at all.
        if f.concept.symptom and not (f.marked or (uncoded and not conditions)):
            continue
        if not f.concept.symptom and not (f.marked or uncoded):
            continue
        if f.concept.name in seen:
            continue
        suggestion = _suggest(note, icd, f)
        if suggestion is not None:
            seen.add(f.concept.name)
            out.append(suggestion)
    return out


def _suggest(note: Note, icd: IcdCodeSet, f: _Found) -> CodingSuggestion | None:
    codes = tuple(c for stem in f.concept.stems for c in icd.billable_under(stem))
    if not codes:
        return None  # a code set without these codes: nothing to suggest from
    lateral = any(description_side(c) in (Side.LEFT, Side.RIGHT) for c in codes)
    side, at = _side(f.words, f.used) if lateral else (None, None)
    used = f.used | ({at} if at is not None else set())
    said = frozenset(w.text for w in f.words) | f.concept.words | f.concept.neutral
    questions: list[str] = []
    pool = list(codes)
    if _needs_seventh(codes):
        letter = _encounter(note.source_text)
        if letter is None:
            questions.append("the encounter (7th character: A initial, D subsequent, S sequela)")
            pool = list({_heading(icd, c).code: _heading(icd, c) for c in pool}.values())
        else:
            pool = [c for c in pool if c.code.endswith(letter)] or pool
    if side is not None:
        pool = [c for c in pool if description_side(c) in (side, None)] or pool
    elif lateral:
        questions.append("the side (right, left or both)")
    first, last = min(used), max(used)
    span = Span(
        start=f.words[first].start,
        end=f.words[last].end,
        text=note.source_text[f.words[first].start : f.words[last].end],
    )
    if questions:
        candidates = _one_per_side(pool, said) if side is None and lateral else []
        candidates = candidates or [_candidate(c, "") for c in _rank(pool, side, said)[:TOP]]
        question = "The words do not say " + " or ".join(questions) + "."
    else:
        candidates = [_candidate(c, "") for c in _rank(pool, side, said)[:TOP]]
        question = ""
    return CodingSuggestion(
        system=CodeSystem.ICD10CM,
        words=span.text,
        evidence=[span],
        path="diagnoses",
        candidates=candidates,
        question=question,
    )


def _one_per_side(pool: list[IcdCode], said: frozenset[str]) -> list[Candidate]:
    out = []
    for side in (Side.RIGHT, Side.LEFT, Side.BILATERAL):
        best = _rank([c for c in pool if description_side(c) is side], side, said)
        if best:
            out.append(_candidate(best[0], f"if {side}"))
    return out


def _candidate(code: IcdCode, reason: str) -> Candidate:
    if not code.billable and not reason:
        reason = "add the 7th character"
    return Candidate(code=code.code, description=code.description, reason=reason)
