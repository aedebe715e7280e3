"""Words matched case-insensitively are looked up by the same fold the regex engine used:
a long s, a Kelvin sign or a Turkish I in a dictation crashed the draft with a KeyError."""

import re
from datetime import date

import pytest

from assistant.domain.session import SessionInput
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.offline.fold import key

LONG_S, KELVIN, DOTLESS_I = "\u017f", "\u212a", "\u0131"


def test_the_fold_covers_every_letter_re_folds_onto_ascii() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    folded = {c for c in map(chr, range(128, 0x110000)) if letter.fullmatch(c)}
    assert folded == {LONG_S, KELVIN, "\u0130", DOTLESS_I}
    for c in folded:
        assert key(c) in {"i", "k", "s"}, hex(ord(c))


def _billed(text: str) -> list[tuple[str, int | None]]:
    note = OfflineDrafter().draft(SessionInput(text=text, date_of_service=date(2025, 6, 2))).note
    return [(i.code, i.minutes) for i in note.interventions]


@pytest.mark.parametrize(
    "text",
    [
        f"TherEx 10 min: {LONG_S}ix sets of SLR",
        f"TherEx 10 min SLR 2x10 5 lb{LONG_S}",
        f"gait 100 feet, then 20 yard{LONG_S}",
        f"walked f{DOTLESS_I}ve hundred feet",
        f"TherEx 10 min SLR 3x10 2 {KELVIN}g",
        f"Seen the {LONG_S}econd of June 2025. TherEx 10 min",
        f"DOS {LONG_S}ep 4, 2025 TherEx 10 min",
    ],
)
def test_a_dictation_with_a_folding_letter_drafts(text: str) -> None:
    assert _billed(text)


def test_a_folded_number_word_reads_as_its_ascii_spelling() -> None:
    assert _billed(f"TherEx {LONG_S}even min") == _billed("TherEx seven min") == [("97110", 7)]
