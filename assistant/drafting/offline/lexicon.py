"""The drafter's vocabulary (data/lexicon.toml) as token dictionaries.

Aliases are looked up as token n-grams, longest first, so the longest alias wins at any
position. Case-insensitive aliases and case-sensitive abbreviations ("US" for ultrasound but
never "us") live in two dictionaries consulted together.
"""

import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from assistant.domain.note import ExerciseKind, InterventionCategory, Side
from assistant.drafting.offline.fold import key
from assistant.drafting.offline.tokens import TOKEN, Key, tokenised, tokens
from assistant.errors import RuleTableError


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing the lexicon knows: `table` says which list it came from."""

    table: str  # intervention, exercise, region, motion, side, kind, assist, device, ...
    name: str
    category: InterventionCategory | None = None
    code: str | None = None
    region: str = ""
    kind: ExerciseKind | None = None
    unit: str = ""
    two_sided: bool = False  # both limbs at once: no side unless one is written beside it
    # A shared abbreviation ("HS"): the exercise it means when moved without a hold; the
    # entry's own name, region and kind are then the one it means when held or uncounted.
    moved: "Entry | None" = None
    held: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    entry: Entry


@dataclass(slots=True)
class Matcher:
    """Finds every entry of some tables in a text; longest match wins.

    Matching walks the text's tokens and looks n-grams up in dictionaries, which is linear in
    the text and independent of the vocabulary's size (one regular expression alternating
    over a thousand aliases was a hundred times slower).
    """

    insensitive: dict[Key, Entry] = field(default_factory=dict)
    sensitive: dict[Key, Entry] = field(default_factory=dict)
    plural: bool = True
    longest: int = 1
    # Head word -> the lengths of the aliases it starts, longest first: only those n-grams
    # can match there, so the others are never built and looked up.
    first_folded: dict[str, tuple[int, ...]] = field(default_factory=dict)
    first_exact: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def add(self, entry: Entry, aliases: Iterable[str], exact: Iterable[str] = ()) -> None:
        for table, words, fold in (
            (self.insensitive, aliases, True),
            (self.sensitive, exact, False),
        ):
            for alias in words:
                key = tokens(alias.lower() if fold else alias)
                if not key:
                    continue
                variants = [key]
                if self.plural and key[-1].isalpha():
                    variants += [(*key[:-1], key[-1] + "s"), (*key[:-1], key[-1] + "es")]
                heads = self.first_folded if fold else self.first_exact
                for variant in variants:
                    table.setdefault(variant, entry)
                    sizes = {*heads.get(variant[0], ()), len(variant)}
                    heads[variant[0]] = tuple(sorted(sizes, reverse=True))
                self.longest = max(self.longest, len(key))

    def find(self, text: str) -> list[Hit]:
        found, words, lowered, lines = tokenised(text)
        # A name never runs on past its line (`lines`): "clams 2x12 green band" then "- rows
        # 1x8" on the next line is a band and rows, not "band rows".
        hits: list[Hit] = []
        folded, exact = self.first_folded, self.first_exact
        for i in range(len(found)):
            by_case, by_word = exact.get(words[i]), folded.get(lowered[i])
            if by_case is None and by_word is None:
                continue
            sizes = by_case or by_word or ()
            if by_case and by_word:
                sizes = tuple(sorted({*by_case, *by_word}, reverse=True))
            for n in sizes:
                if n > len(found) - i or lines[i + n - 1] != lines[i]:
                    continue
                entry = self.sensitive.get(tuple(words[i : i + n])) or self.insensitive.get(
                    tuple(lowered[i : i + n])
                )
                if entry is not None:
                    hits.append(Hit(found[i][0], found[i + n - 1][1], entry))
                    break
        return _longest(hits)


def _key(alias: str, sensitive: bool) -> str:
    return alias if sensitive else alias.lower()


# On a tie in length, the more specific table wins ("HS" the stretch over "HS" the region).
_PRIORITY = {"exercise": 0, "intervention": 1, "outcome": 2, "assist": 3, "motion": 4}


def _longest(hits: list[Hit]) -> list[Hit]:
    """Drop hits that overlap a longer (then more specific, then earlier) one."""
    chosen: list[Hit] = []
    ranked = sorted(hits, key=lambda h: (h.start - h.end, _PRIORITY.get(h.entry.table, 9), h.start))
    # Characters already taken by a chosen hit: the overlap test costs the hit's own length,
    # not the number of hits chosen so far (a 99 KB dictation holds thousands).
    taken = bytearray(max((h.end for h in hits), default=0))
    for hit in ranked:
        if taken.find(1, hit.start, hit.end) == -1:
            chosen.append(hit)
            taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    return sorted(chosen, key=lambda h: h.start)


class PhraseMatch(NamedTuple):
    a: int
    b: int

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


@dataclass(slots=True)
class PhraseSet:
    """Case-insensitive whole-word phrases; "cue*" matches any word starting with "cue"."""

    exact: set[Key] = field(default_factory=set)
    prefix: dict[Key, list[str]] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)
    # Head word -> the lengths of the phrases it starts, longest first (as in `Matcher`).
    first: dict[str, tuple[int, ...]] = field(default_factory=dict)
    first_prefixes: tuple[str, ...] = ()
    longest: int = 1

    @classmethod
    def of(cls, phrases: list[str]) -> "PhraseSet":
        out = cls()
        for phrase in phrases:
            key = tokens(phrase.lower().rstrip("*"))
            if not key:
                continue
            out.words.update(key)
            out.longest = max(out.longest, len(key))
            if phrase.endswith("*") and len(key) == 1:
                out.first_prefixes += (key[0],)
            else:
                sizes = {*out.first.get(key[0], ()), len(key)}
                out.first[key[0]] = tuple(sorted(sizes, reverse=True))
            if phrase.endswith("*"):
                out.prefix.setdefault(key[:-1], []).append(key[-1])
            else:
                out.exact.add(key)
        return out

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[PhraseMatch]:
        end = len(text) if endpos is None else endpos
        found = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(text, pos, end)]
        return self.over(found)

    def over(self, found: list[tuple[int, int, str]]) -> Iterator[PhraseMatch]:
        """Matches over an already tokenised (start, end, lowercase word) list."""
        spans = [(a, b) for a, b, _ in found]
        return self.over_heads(spans, [w for _, _, w in found], range(len(found)))

    def over_heads(
        self, spans: list[tuple[int, int]], lowered: list[str], heads: Iterable[int]
    ) -> Iterator[PhraseMatch]:
        """Matches starting at the tokens `heads` (ascending), which must hold every token
        a phrase can start at; a match's tokens start no other match."""
        free = 0
        for i in heads:
            if i < free:
                continue
            n = self._length_at(lowered, i)
            if n:
                yield PhraseMatch(spans[i][0], spans[i + n - 1][1])
                free = i + n

    def _length_at(self, lowered: list[str], i: int) -> int:
        """The tokens in the longest phrase starting at token i; 0 for none."""
        head = lowered[i]
        sizes = self.first.get(head, ())
        if self.first_prefixes and head.startswith(self.first_prefixes):
            sizes = (*sizes, 1)
        for n in sizes:
            if n <= len(lowered) - i and self._matches(tuple(lowered[i : i + n])):
                return n
        return 0

    def _matches(self, key: Key) -> bool:
        return key in self.exact or any(
            key[-1].startswith(p) for p in self.prefix.get(key[:-1], ())
        )

    def earliest_end(self, found: list[tuple[int, int, str]]) -> int | None:
        """The fewest leading tokens of `found` that hold a whole phrase, or None.

        `search` over any prefix of the tokens finds a phrase exactly when the prefix is at
        least this long, so one pass answers it for every prefix.
        """
        best: int | None = None
        for i, (_, _, head) in enumerate(found):
            if best is not None and i + 1 >= best:
                break
            if head not in self.first and not (
                self.first_prefixes and head.startswith(self.first_prefixes)
            ):
                continue
            for n in range(1, min(self.longest, len(found) - i) + 1):
                if best is not None and i + n >= best:
                    break
                if self._matches(tuple(w for _, _, w in found[i : i + n])):
                    best = i + n
                    break
        return best

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> PhraseMatch | None:
        return next(self.finditer(text, pos, endpos), None)

    def only(self, text: str) -> bool:
        """True when every word of text is one of these phrases' words."""
        return all(w.lower() in self.words for w in TOKEN.findall(text) if w.isalnum())


# The groups read by range; fillers are only ever tested clause by clause.
INDEXED = (
    "skilled",
    "response",
    "necessity",
    "purpose",
    "plan",
    "subjective",
    "assessment",
    "corrections",
)


def _inside(text: str, at: int) -> bool:
    return at > 1 and text[at - 1] == "-" and text[at - 2].isalnum()


class PhraseIndex:
    """Every phrase group's matches in one text, found once, queried by range."""

    def __init__(self, text: str, phrases: dict[str, PhraseSet]) -> None:
        toks = tokenised(text)
        # Where each distinct word stands: a group is tried only at the tokens its phrases
        # can start at, not walked over the whole text once per group.
        where: dict[str, list[int]] = {}
        for i, word in enumerate(toks.lowered):
            where.setdefault(word, []).append(i)
        self.matches = {}
        for name in INDEXED:
            group = phrases[name]
            heads = [i for w in where.keys() & group.first.keys() for i in where[w]]
            if group.first_prefixes:
                heads += [
                    i
                    for w, at in where.items()
                    if w not in group.first and w.startswith(group.first_prefixes)
                    for i in at
                ]
            heads.sort()
            found = group.over_heads(toks.spans, toks.lowered, heads)
            # "re-education" holds no "education": a phrase starts at a word's start.
            self.matches[name] = [m for m in found if not _inside(text, m.a)]
        self.starts = {name: [m.a for m in ms] for name, ms in self.matches.items()}

    def first(self, name: str, start: int, end: int) -> PhraseMatch | None:
        matches = self.matches[name]
        for index in range(bisect_left(self.starts[name], start), len(matches)):
            match = matches[index]
            if match.a >= end:
                return None
            if match.b <= end:
                return match
        return None

    def has(self, name: str, start: int, end: int) -> bool:
        return self.first(name, start, end) is not None


@dataclass(frozen=True, slots=True)
class Lexicon:
    version: str
    things: Matcher  # interventions, exercises, regions, motions, kinds, assist, devices...
    sides: Matcher
    phrases: dict[str, PhraseSet]
    complexity: dict[str, tuple[str, PhraseSet]]
    labels: dict[str, str]  # code -> heading label
    # Codes chosen by how many muscles were treated: the few-muscle code -> (limit, code
    # for more than the limit), e.g. dry needling 20560 (one or two) -> (2, "20561").
    by_muscles: dict[str, tuple[int, str]]
    # Each service's own abbreviations ("MT", "TherEx"): words that name it and say nothing
    # more (the note's lines drop a heading that is only these, its code and its minutes).
    abbreviations: dict[InterventionCategory, frozenset[str]] = field(default_factory=dict)

    def scan(self, text: str) -> list[Hit]:
        return self.things.find(text)

    def index(self, text: str) -> PhraseIndex:
        return PhraseIndex(text, self.phrases)


def _named_tables(data: dict[str, Any], things: Matcher) -> None:
    for table in ("regions", "motions", "assist", "devices", "weight_bearing"):
        for name, aliases in data[table].items():
            entry = Entry(table.rstrip("s"), name)
            upper = [a for a in aliases if a.isupper() and len(a) <= 3]
            things.add(entry, [a for a in aliases if a not in upper], upper)
    for name, aliases in data["kinds"].items():
        entry = Entry("kind", name, kind=ExerciseKind(name))
        upper = [a for a in aliases if a.isupper()]
        things.add(entry, [a for a in aliases if a not in upper], upper)
    for name, row in data["outcomes"].items():
        things.add(Entry("outcome", name, unit=row["unit"]), [], row["aliases"])


# Words clinicians shorten inside an exercise's name ("gastroc str", "cerv retraction",
# "cerv rot"): each alias is also known with them shortened, one at a time and all at once.
_SHORT = {"stretch": "str", "cervical": "cerv", "rotation": "rot", "rotations": "rot"}


def _shortened(aliases: list[str]) -> list[str]:
    out = list(aliases)
    for alias in aliases:
        words = alias.split()
        spots = [k for k, w in enumerate(words) if w.lower() in _SHORT]
        for chosen in [[k] for k in spots] + ([spots] if len(spots) > 1 else []):
            short = [_SHORT[key(w)] if k in chosen else w for k, w in enumerate(words)]
            out.append(" ".join(short))
    return out


def _exercise_entry(row: dict[str, Any]) -> Entry:
    return Entry(
        "exercise",
        row["name"],
        category=InterventionCategory(row["category"]),
        region=row.get("region", ""),
        kind=ExerciseKind(row["kind"]) if row.get("kind") else None,
        two_sided=bool(row.get("two_sided", False)),
    )


def _load(data: dict[str, Any]) -> Lexicon:
    things = Matcher()
    labels: dict[str, str] = {}
    abbreviations: dict[InterventionCategory, frozenset[str]] = {}
    for row in data["intervention"]:
        category = InterventionCategory(row["category"])
        entry = Entry("intervention", row["label"], category=category, code=row.get("code"))
        # The code itself names the service too: "97110 x 23 min", "97116 x 10 min: ...".
        codes = [row["code"]] if row.get("code") else []
        things.add(entry, row.get("aliases", []), [*row.get("exact", []), *codes])
        abbreviations[category] = abbreviations.get(category, frozenset()) | set(
            row.get("exact", [])
        )
        if row.get("code"):
            labels[row["code"]] = row["label"]
    exercises: dict[str, Entry] = {}
    for row in data["exercise"]:
        entry = _exercise_entry(row)
        exercises.setdefault(entry.name, entry)
        things.add(entry, _shortened(row.get("aliases", [])), row.get("exact", []))
    for row in data.get("shared", []):
        held, moved = exercises[row["held"]], exercises[row["moved"]]
        # Read under the abbreviation itself, so it never merges with either exercise
        # written out in the same note; the dose names it when the note is built.
        shared = replace(held, name=row["exact"][0], moved=moved, held=held.name)
        things.add(shared, row.get("aliases", []), row["exact"])
    _named_tables(data, things)

    sides = Matcher(plural=False)
    for name, aliases in data["sides"].items():
        entry = Entry("side", Side(name).value)
        upper = [a for a in aliases if not a.islower()]
        sides.add(entry, [a for a in aliases if a.islower()], upper)

    phrases = {name: PhraseSet.of(words) for name, words in data["phrases"].items()}
    complexity = {}
    for level, row in data["evaluation_complexity"].items():
        complexity[level] = (row["code"], PhraseSet.of(row["aliases"]))
    by_muscles = {
        str(row["code"]): (int(row["up_to"]), str(row["more"]))
        for row in data.get("by_muscle_count", [])
    }
    return Lexicon(
        str(data["version"]), things, sides, phrases, complexity, labels, by_muscles, abbreviations
    )


@cache
def lexicon() -> Lexicon:
    try:
        raw = (resources.files("assistant.drafting") / "data" / "lexicon.toml").read_text(
            encoding="utf-8"
        )
        return _load(tomllib.loads(raw))
    except (OSError, KeyError, TypeError, ValueError, re.error) as exc:
        raise RuleTableError(f"drafting lexicon lexicon.toml: {exc}") from exc
