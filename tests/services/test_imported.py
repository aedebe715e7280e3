"""The user's imported tables: streamed in, stored under PTSCRIBE_HOME, read back strictly."""

from pathlib import Path

import pytest

from assistant.errors import InputError, RuleTableError
from assistant.services.imported import (
    MAX_LINE,
    import_fees,
    import_ncci,
    load_fees,
    load_ncci,
    ncci_sources,
    stream_lines,
)
from assistant.settings import Settings

FIXTURES = Path(__file__).parents[1] / "fixtures"
PTP = FIXTURES / "ptp_sample.txt"
RVU = FIXTURES / "pprrvu_sample.csv"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home")


def _part(folder: Path, name: str, rows: list[str]) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("CPT codes copyright AMA\n" + "".join(r + "\n" for r in rows))
    return path


def test_parts_of_the_quarter_are_imported_together(settings: Settings, tmp_path: Path) -> None:
    other = _part(tmp_path / "parts", "part2.txt", ["99213\t99214\t\t20200101\t*\t1\tx"])
    more = _part(tmp_path / "parts", "part3.txt", ["97164\t97530\t\t20200101\t*\t1\tx"])
    (tmp_path / "parts" / "readme.pdf").write_bytes(b"%PDF")
    paths = ncci_sources([str(PTP), str(tmp_path / "parts")])
    assert [p.name for p in paths] == ["ptp_sample.txt", "part2.txt", "part3.txt"]
    result = import_ncci(paths, settings)
    assert [(p.name, p.rows, p.kept) for p in result.parts] == [
        ("ptp_sample.txt", 5, 4),
        ("part2.txt", 1, 0),
        ("part3.txt", 1, 1),
    ]
    assert result.kept == 5
    table = load_ncci(settings)
    assert table is not None
    assert len(table) == 5
    assert other.exists()
    assert more.exists()


def test_parts_without_any_therapy_edit_keep_the_current_table(
    settings: Settings, tmp_path: Path
) -> None:
    import_ncci([PTP], settings)
    before = settings.ncci_file.read_text()
    other = _part(tmp_path, "part2.txt", ["99213\t99214\t\t20200101\t*\t1\tx"])
    with pytest.raises(InputError, match=r"no edits between therapy codes in part2\.txt"):
        import_ncci([other], settings)
    assert settings.ncci_file.read_text() == before


def test_a_bad_part_names_the_file_and_stores_nothing(settings: Settings, tmp_path: Path) -> None:
    bad = _part(tmp_path, "part4.txt", ["97110\t97112\t\t2025-01-01\t*\t0\tx"])
    with pytest.raises(InputError, match=r"^part4.txt: line 2: not a PTP edit row"):
        import_ncci([PTP, bad], settings)
    assert not settings.ncci_file.exists()


@pytest.mark.parametrize(
    "content",
    [
        "garbage\n",
        "column1,column2,effective,deletion,indicator,source\n97110,97112,2025-13-01,,0,x\n",
        "column1,column2,effective,deletion,indicator,source\n97110,97112,2025-01-01,,7,x\n",
        "column1,column2,effective,deletion,indicator,source\n97110\n",
        "column1,column2,effective,deletion,indicator,source\n",
        "\x00\x01binary",
    ],
)
def test_a_corrupt_stored_ncci_table_says_re_import(settings: Settings, content: str) -> None:
    settings.home.mkdir(parents=True)
    settings.ncci_file.write_text(content)
    with pytest.raises(RuleTableError, match="re-import it with `ptscribe ncci import"):
        load_ncci(settings)


def test_no_imported_table_means_the_seed(settings: Settings) -> None:
    assert load_ncci(settings) is None


def test_streaming_refuses_a_line_no_cms_file_has(tmp_path: Path) -> None:
    huge = tmp_path / "zero.txt"
    huge.write_text("9" * (MAX_LINE + 10))
    with pytest.raises(InputError, match="longer than"):
        list(stream_lines(huge))
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"97110\t\x00\n")
    with pytest.raises(InputError, match="binary"):
        list(stream_lines(binary))
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"caf\xe9\n")
    with pytest.raises(InputError, match="not UTF-8"):
        list(stream_lines(latin))


def test_fee_import_stores_the_year_and_load_lays_it_over_the_shipped(
    settings: Settings,
) -> None:
    result = import_fees(RVU, settings, 2025)
    assert (result.year, result.kept, result.read) == (2025, 6, 7)
    assert "97530" in result.missing
    assert "97010" not in result.missing
    schedule = load_fees(settings)
    assert schedule.label(2025) == "imported:pprrvu_sample.csv"
    assert str(schedule.rvus(2025)["97110"].total) == "0.94"
    assert "97530" not in schedule.rvus(2025)  # the file is the year's official figures
    assert "97110" in schedule.rvus(2026)  # other years keep the shipped figures


def test_fee_year_comes_from_the_cms_file_name(settings: Settings, tmp_path: Path) -> None:
    named = tmp_path / "PPRRVU26_JAN.csv"
    named.write_bytes(RVU.read_bytes())
    assert import_fees(named, settings).year == 2026
    with pytest.raises(InputError, match="pass --year"):
        import_fees(RVU, settings)


@pytest.mark.parametrize(
    "content",
    [
        "{",
        '{"year": 2025}',
        '{"year": 2025, "source": "x", "codes": {"97110": {"work": "x"}}}',
        '{"year": 2025, "source": "x", "codes": {"97110": {"work": "-1", "pe": "0", "mp": "0"}}}',
    ],
)
def test_a_corrupt_stored_fee_file_says_re_import(settings: Settings, content: str) -> None:
    settings.fees_dir.mkdir(parents=True)
    (settings.fees_dir / "rvu_2025.json").write_text(content)
    with pytest.raises(RuleTableError, match="re-import it with `ptscribe fees import"):
        load_fees(settings)
