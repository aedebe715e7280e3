"""The CMS PPRRVU reader: columns found by header words, malformed files refused."""

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.rules.rvu_file import read_pprrvu
from assistant.rules.tables import catalog

SAMPLE = Path(__file__).parents[1] / "fixtures" / "pprrvu_sample.csv"
KEEP = frozenset(catalog())
HEADER = "HCPCS,MOD,DESCRIPTION,STATUS CODE,WORK RVU,NON-FAC PE RVU,FACILITY PE RVU,MP RVU"


def test_reads_the_wrapped_header_and_keeps_catalog_codes_without_modifier() -> None:
    result = read_pprrvu(SAMPLE.read_text().splitlines(), KEEP)
    assert sorted(result.rows) == ["97010", "97110", "97112", "97116", "97140", "97162"]
    row = result.rows["97110"]
    assert (row.status, row.work, row.pe, row.mp) == (
        "A",
        Decimal("0.45"),
        Decimal("0.47"),
        Decimal("0.02"),
    )
    # The GP modifier row of 97140 and the non-therapy 99213 are not kept.
    assert result.rows["97140"].pe == Decimal("0.42")
    assert (result.read, result.skipped) == (7, 2)
    assert result.factor == Decimal("32.3465")


def test_a_one_line_header_in_another_column_order_reads_too() -> None:
    text = [HEADER, "97110,,EXERCISE,A,0.45,0.41,0.20,0.01"]
    row = read_pprrvu(text, KEEP).rows["97110"]
    assert (row.work, row.pe, row.mp) == (Decimal("0.45"), Decimal("0.41"), Decimal("0.01"))


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["hello", "world"], "no code rows"),
        (["97110,,EXERCISE,A,0.45,0.41,0.20,0.01"], "no header"),
        (["HCPCS,MOD,DESCRIPTION", "97110,,EXERCISE"], "no header"),
        ([HEADER, "97110,,EXERCISE,A,lots,0.41,0.20,0.01"], "WORK RVU 'lots' is not a number"),
        ([HEADER, "97110,,EXERCISE,A,-1,0.41,0.20,0.01"], "out of range"),
        ([HEADER, "97110,,EXERCISE,ACTIVE,0.45,0.41,0.20,0.01"], "status code"),
        ([HEADER, "97110,,EXERCISE,A,0.45"], "not a PPRRVU row"),
        (
            [HEADER, "97110,,EX,A,0.45,0.41,0.20,0.01", "not-a-code,,X,A,1,1,1,1"],
            "not a PPRRVU row",
        ),
        ([*["title"] * 25, HEADER], "no code rows in the first"),
    ],
)
def test_malformed_files_are_refused_with_one_line(lines: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        read_pprrvu(lines, KEEP)
    assert "\n" not in str(info.value)
