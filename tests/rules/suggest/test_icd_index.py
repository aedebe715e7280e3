"""The phrase index finds exactly what reading every clause against every phrase finds.

The reference below is the plain scan: each concept in table order, each group, each phrase
looked for at every place in the clause. The texts hold every phrase of the table, phrases
that overlap, repeat or run to a clause's end, and the bench dictation.
"""

from pathlib import Path

from assistant.domain.note import Diagnosis
from assistant.rules.suggest.icd import _found, icd_suggestions
from assistant.rules.suggest.terms import Phrase, Word, clauses, concepts
from assistant.services.icd import icd_code_set
from tests.rules.suggest.test_icd import note

BENCH = Path(__file__).resolve().parents[3] / "bench" / "data" / "clean_dictation.txt"


def _scan(words: list[Word], phrase: Phrase) -> range | None:
    texts = [w.text for w in words]
    n = len(phrase)
    for i in range(len(texts) - n + 1):
        if tuple(texts[i : i + n]) == phrase:
            return range(i, i + n)
    return None


def _plain(text: str) -> list[tuple[str, list[int], int]]:
    out = []
    for words in clauses(text):
        taken: list[set[int]] = []
        for concept in concepts():
            used: set[int] | None = set()
            for group in concept.groups:
                hit = next((r for p in group if (r := _scan(words, p)) is not None), None)
                if hit is None or used is None:
                    used = None
                    break
                used.update(hit)
            if used is None or any(used <= earlier for earlier in taken):
                continue
            taken.append(used)
            out.append((concept.name, sorted(used), words[0].start))
    return out


def _texts() -> list[str]:
    texts = [BENCH.read_text(encoding="utf-8")]
    for concept in concepts():
        phrases = [" ".join(p) for group in concept.groups for p in group]
        firsts = [" ".join(group[0]) for group in concept.groups]
        last = [" ".join(group[-1]) for group in concept.groups]
        texts += [
            "Dx: R " + " ".join(firsts),
            "pt has L " + " ".join(reversed(last)) + " and " + " ".join(firsts),
            "; ".join(phrases),
            # A phrase's first word repeated, and a phrase cut off at the clause's end.
            " ".join(p.split()[0] + " " + p for p in phrases) + ". " + phrases[-1].split()[0],
        ]
    return texts


def test_indexed_matching_equals_the_plain_scan() -> None:
    texts = _texts()
    assert len(texts) > 100
    for text in texts:
        found = [(f.concept.name, sorted(f.used), f.words[0].start) for f in _found(note(text))]
        assert found == _plain(text), text


def test_suggestions_are_the_same_on_every_call() -> None:
    icd = icd_code_set()
    for text in _texts():
        assert icd_suggestions(note(text), icd) == icd_suggestions(note(text), icd)


def test_matches_kept_for_a_text_are_those_a_fresh_scan_finds() -> None:
    # The second reading of each text comes from the per-text cache.
    for text in _texts()[:40]:
        first = _found(note(text))
        again = _found(note(text))
        assert [(f.concept.name, sorted(f.used)) for f in again] == [
            (f.concept.name, sorted(f.used)) for f in first
        ]
        assert _plain(text) == [(f.concept.name, sorted(f.used), f.words[0].start) for f in again]


def test_a_cached_text_is_still_judged_with_its_ownnote() -> None:
    """The matches are kept per text; whether a diagnosis is already coded is the note's."""
    icd = icd_code_set()
    text = "Dx: R knee OA. Pt performed exercises."
    uncoded = icd_suggestions(note(text), icd)
    assert any(c.code.startswith("M17") for s in uncoded for c in s.candidates)
    coded = note(text).model_copy(update={"diagnoses": [Diagnosis(code="M17.11")]})
    assert not any(
        c.code.startswith("M17") for s in icd_suggestions(coded, icd) for c in s.candidates
    )
