"""AU0xx: audit red flags found by comparing the note with the patient's previous signed notes.

Similarity (AU001) is the Jaccard index of word 3-shingles over the four SOAP sections after
lower-casing and dropping punctuation. It was chosen over difflib's SequenceMatcher because it
is linear in the text length (the validator runs on every keystroke-save and in bulk audits)
and because it ignores reordered paragraphs, which copy-forward templates often shuffle. One
changed word alters at most three shingles, so a copied note with a new date and pain score
stays well above 0.9, while notes that describe a different session fall far below it.
"""

from collections.abc import Iterator
from functools import lru_cache

from assistant.domain.note import Exercise, Note
from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.exercise import parameters_present
from assistant.rules.validation.keywords import normalise, words_of
from assistant.rules.validation.review import Review

rule = RuleSet()
CLONE_THRESHOLD = 0.9
MIN_WORDS = 20  # shorter texts are too small to call copied
SHINGLE = 3
SECTIONS = ("subjective", "objective", "assessment", "plan")
SAME_DOSE_VISITS = 3  # this visit and the two before it

Signature = tuple[object, ...]


@lru_cache(maxsize=1024)
def shingles(text: str) -> frozenset[tuple[str, ...]]:
    # Cached by text: the same previous notes are compared on every save of a draft.
    words = words_of(text)
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(zip(*(words[i:] for i in range(SHINGLE)), strict=False))


def similarity(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@rule("AU001")
def cloned_text(review: Review) -> Iterator[Issue]:
    if not review.context or not review.context.previous_notes:
        return
    mine = shingles(review.note.soap_text)
    if not mine:
        return
    best, match = 0.0, None
    for previous in review.context.previous_notes:
        score = similarity(mine, shingles(previous.soap_text))
        if score > best:
            best, match = score, previous
    if best >= CLONE_THRESHOLD and match is not None:
        yield Issue(
            _copied_section(review.note, match),
            f"the note text is {best:.0%} the same as the signed note of "
            f"{match.date_of_service.isoformat()}",
        )


def _copied_section(note: Note, previous: Note) -> str:
    """The first SOAP section that is itself a copy, so the reviewer knows where to look."""
    for section in SECTIONS:
        mine = shingles(getattr(note, section))
        if similarity(mine, shingles(getattr(previous, section))) >= CLONE_THRESHOLD:
            return section
    return SECTIONS[0]


def signature(ex: Exercise) -> Signature:
    return (
        normalise(ex.name),
        ex.side,
        ex.kind,
        ex.sets,
        ex.reps,
        ex.load,
        ex.load_unit,
        normalise(ex.band_colour),
        ex.hold_seconds,
        ex.duration_minutes,
        ex.distance,
        ex.distance_unit,
    )


def _doses(note: Note) -> frozenset[Signature]:
    return frozenset(signature(ex) for iv in note.interventions for ex in iv.exercises)


@rule("AU002")
def progression(review: Review) -> Iterator[Issue]:
    if not review.context:
        return
    day = review.note.date_of_service
    earlier = sorted(
        (n for n in review.context.previous_notes if n.date_of_service < day),
        key=lambda n: n.date_of_service,
        reverse=True,
    )[: SAME_DOSE_VISITS - 1]
    if len(earlier) < SAME_DOSE_VISITS - 1:
        return
    history = [_doses(n) for n in earlier]
    for path, ex in review.exercises():
        if ex.progression.strip() or not parameters_present(ex):
            continue
        sig = signature(ex)
        if all(sig in doses for doses in history):
            yield Issue(
                f"{path}.progression",
                f"'{ex.name}' has had the same parameters for {SAME_DOSE_VISITS} visits "
                "with no progression or reason documented",
            )


RULES = rule.rules
