"""The last hostile inputs of issue 8, at the service layer (the CLI twins are in
tests/cli/test_minor_inputs_cli.py): each is read right or refused with a clear line."""

from datetime import date
from pathlib import Path

import pytest

from assistant.domain.note import NoteType
from assistant.domain.session import DraftContext
from assistant.errors import InputError
from assistant.services.billing import bill_text
from assistant.services.dictation import read_dictation
from assistant.services.drafting import DraftOutcome, draft_session, session_from_text
from assistant.services.inputs import check_version, decode
from assistant.services.validation import parse_context

TODAY = date(2026, 12, 1)
TWO_BLOCKS = "DOS 6/2/2025.\nTherEx 300 min: squats 3x10.\nTherEx 300 min: bridges 3x10.\n"
EVALUATION = "DOS 6/2/2025. 97162 PT evaluation 45 min. R knee OA, pain 4/10."


def drafted(text: str, **context: object) -> DraftOutcome:
    ctx = DraftContext.model_validate({"schema_version": "1", **context}) if context else None
    return draft_session(session_from_text(text, context=ctx, today=TODAY), "offline")


def test_two_blocks_of_one_service_are_not_silently_one() -> None:
    outcome = drafted(TWO_BLOCKS)
    repeats = [f for f in outcome.findings if f.rule == "DR005"]
    assert len(repeats) == 1, outcome.findings
    assert "stated twice with 300 min" in repeats[0].message
    assert "state the total" in repeats[0].message


def test_a_restated_figure_without_new_exercises_stays_quiet() -> None:
    outcome = drafted("DOS 6/2/2025. TherEx 20 min: SLR 3x10. TherEx 20 min.")
    assert "DR005" not in [f.rule for f in outcome.findings]


def test_an_evaluation_named_by_its_code_needs_no_complexity_words() -> None:
    outcome = drafted(EVALUATION, note_type=NoteType.EVALUATION)
    assert "DR004" not in [f.rule for f in outcome.findings]
    assert outcome.claim is not None
    assert [(line.code, line.units) for line in outcome.claim.lines] == [("97162", 1)]


def test_an_evaluation_without_code_or_complexity_still_asks() -> None:
    outcome = drafted("DOS 6/2/2025. PT evaluation 45 min.", note_type=NoteType.EVALUATION)
    assert "DR004" in [f.rule for f in outcome.findings]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Seen March four 2025. TherEx 20 min: SLR 3x10.", date(2025, 3, 4)),
        ("DOS March four twenty twenty five. TherEx 20 min.", date(2025, 3, 4)),
        ("DOS June twenty one, 2025. TherEx 20 min.", date(2025, 6, 21)),
    ],
)
def test_a_spoken_day_that_is_not_an_ordinal_is_a_date(text: str, day: date) -> None:
    assert session_from_text(text, today=TODAY).date_of_service == day


def test_a_spoken_year_is_not_taken_for_the_day() -> None:
    # "twenty twenty five" is the year: there is no day to read, so none is made up.
    assert session_from_text("DOS March twenty twenty five.", today=TODAY).date_of_service == TODAY


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "dictation.txt"
    path.write_bytes("TherEx 20 min: SLR 3x10, pain 4/10.\n".encode(encoding))
    assert read_dictation(str(path)) == "TherEx 20 min: SLR 3x10, pain 4/10.\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_mark_says_how_to_convert(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "dictation.txt"
    path.write_bytes("TherEx 20 min: SLR 3x10.\n".encode(encoding))
    with pytest.raises(
        InputError, match=r"looks like UTF-16 text without a byte-order mark.*iconv"
    ):
        read_dictation(str(path))


def test_nul_bytes_are_still_binary() -> None:
    with pytest.raises(InputError, match="looks binary"):
        decode(b"\x00" * 64, "zero.bin")
    with pytest.raises(InputError, match="starts like UTF-16 text but is not"):
        decode(b"\xff\xfe\x00\xd8a\x00", "broken.txt")  # a lone surrogate


@pytest.mark.parametrize(("value", "shown"), [("NaN", "nan"), ("Infinity", "inf")])
def test_a_non_finite_amount_is_named_as_such(value: str, shown: str) -> None:
    text = (
        '{"date_of_service": "2025-06-02", "ytd_allowed": ' + value + ", "
        '"services": [{"code": "97110", "minutes": 30}]}'
    )
    with pytest.raises(
        InputError, match=f"ytd_allowed: Input should be a finite number \\(got {shown}\\)"
    ):
        bill_text(text, "visit.json")


def test_a_non_finite_context_amount_is_named_as_such() -> None:
    with pytest.raises(InputError, match="ytd_allowed: Input should be a finite number"):
        parse_context('{"schema_version": "1", "ytd_allowed": NaN}', "ctx.json")


def test_an_integer_schema_version_says_to_quote_it() -> None:
    with pytest.raises(
        InputError, match=r'schema_version must be a string: write "schema_version": "1", not 1$'
    ):
        check_version({"schema_version": 1}, "1", "note", "n.json")
    with pytest.raises(InputError, match="schema_version must be a string"):
        parse_context('{"schema_version": 1}', "ctx.json")
