"""The user's imported tables: streamed in, stored in the database, read back strictly."""

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import text

from assistant.domain.billing import Visit
from assistant.errors import InputError, RuleTableError
from assistant.rules.billing import bill
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.fees import FeeSchedule
from assistant.services.imported import (
    MAX_LINE,
    adopt_files,
    import_fees,
    import_ncci,
    ncci_sources,
    stream_lines,
)
from assistant.services.reference import _cache as reference_cache
from assistant.services.reference import tables, tables_for
from assistant.settings import Settings
from assistant.store.db import Database

FIXTURES = Path(__file__).parents[1] / "fixtures"
PTP = FIXTURES / "ptp_sample.txt"
RVU = FIXTURES / "pprrvu_sample.csv"


@pytest.fixture
def settings(store_settings: Settings) -> Settings:
    return store_settings


def _loaded(db: Database) -> tuple[NcciTable | None, FeeSchedule]:
    with db.transaction() as tx:
        found = tables(tx)
    return found.ncci, found.fees


def _ncci_rows(db: Database) -> list[tuple[object, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT * FROM ncci_edit ORDER BY id"))]


def _part(folder: Path, name: str, rows: list[str]) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("CPT codes copyright AMA\n" + "".join(r + "\n" for r in rows))
    return path


def test_parts_of_the_quarter_are_imported_together(db: Database, tmp_path: Path) -> None:
    other = _part(tmp_path / "parts", "part2.txt", ["99213\t99214\t\t20200101\t*\t1\tx"])
    more = _part(tmp_path / "parts", "part3.txt", ["97164\t97530\t\t20200101\t*\t1\tx"])
    (tmp_path / "parts" / "readme.pdf").write_bytes(b"%PDF")
    paths = ncci_sources([str(PTP), str(tmp_path / "parts")])
    assert [p.name for p in paths] == ["ptp_sample.txt", "part2.txt", "part3.txt"]
    result = import_ncci(paths, db)
    assert [(p.name, p.rows, p.kept) for p in result.parts] == [
        ("ptp_sample.txt", 5, 4),
        ("part2.txt", 1, 0),
        ("part3.txt", 1, 1),
    ]
    assert result.kept == 5
    table, _ = _loaded(db)
    assert table is not None
    assert len(table) == 5
    assert table.label == "imported:ptp_sample.txt, part2.txt, part3.txt"
    assert other.exists()
    assert more.exists()


def test_parts_without_any_therapy_edit_keep_the_current_table(
    db: Database, tmp_path: Path
) -> None:
    import_ncci([PTP], db)
    before = _ncci_rows(db)
    other = _part(tmp_path, "part2.txt", ["99213\t99214\t\t20200101\t*\t1\tx"])
    with pytest.raises(InputError, match=r"no edits between therapy codes in part2\.txt"):
        import_ncci([other], db)
    assert _ncci_rows(db) == before


def test_a_bad_part_names_the_file_and_stores_nothing(db: Database, tmp_path: Path) -> None:
    bad = _part(tmp_path, "part4.txt", ["97110\t97112\t\t2025-01-01\t*\t0\tx"])
    with pytest.raises(InputError, match=r"^part4.txt: line 2: not a PTP edit row"):
        import_ncci([PTP, bad], db)
    assert _ncci_rows(db) == []
    assert _loaded(db)[0] is None


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ncci_edit SET indicator = '7'",
        "UPDATE ncci_edit SET column1 = '97x'",
        "DELETE FROM ncci_edit",
    ],
)
def test_a_corrupt_stored_ncci_table_says_re_import(db: Database, sql: str) -> None:
    import_ncci([PTP], db)
    with db.engine.begin() as conn:
        conn.execute(text(sql))
        # The import log versions the cache: a new entry makes the loader read again.
        conn.execute(
            text(
                "INSERT INTO reference_import (kind, source, rows, imported_at) "
                "VALUES ('ncci', 'tampered', 0, CURRENT_TIMESTAMP)"
            )
        )
    with pytest.raises(RuleTableError, match="re-import it with `ptscribe ncci import"):
        _loaded(db)


def test_no_imported_table_means_the_seed(db: Database, tmp_path: Path) -> None:
    assert _loaded(db)[0] is None
    # No database at all: the shipped tables, and no database file is created for it.
    empty = Settings(home=tmp_path / "empty-home")
    assert tables_for(empty).ncci is None
    assert not empty.database_file.exists()


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


def test_fee_import_stores_the_year_and_load_lays_it_over_the_shipped(db: Database) -> None:
    result = import_fees(RVU, db, 2025)
    # Six catalog rows are read; 97010 is status B (no national payment), so five are stored.
    assert (result.year, result.kept, result.read) == (2025, 5, 7)
    assert result.unpriced == ("97010 (B)",)
    assert "97530" in result.missing
    assert "97010" not in result.missing
    _, schedule = _loaded(db)
    assert schedule.label(2025) == "imported:pprrvu_sample.csv"
    assert str(schedule.rvus(2025)["97110"].total) == "0.94"
    assert "97530" not in schedule.rvus(2025)  # the file is the year's official figures
    assert "97110" in schedule.rvus(2026)  # other years keep the shipped figures


def test_a_carrier_priced_row_is_not_a_zero_fee(db: Database, tmp_path: Path) -> None:
    # The CMS file prints 0.00 RVUs for a carrier-priced (C) code: importing them priced the
    # line at $0.00 and counted it towards KX as nothing. The line names the status instead.
    carrier = "97039,,UNLISTED MODALITY,C,,0.00,0.00,,0.00,,0.00,0.00,0.00,0,XXX,0,0,0,0,0,0,0,0,0,"
    path = tmp_path / "PPRRVU25_OCT.csv"
    path.write_text(RVU.read_text(encoding="utf-8") + carrier + "32.3465\n", encoding="utf-8")
    result = import_fees(path, db)
    assert result.unpriced == ("97010 (B)", "97039 (C)")
    _, schedule = _loaded(db)
    assert "97039" not in schedule.rvus(2025)
    billed = bill(
        Visit.model_validate(
            {
                "date_of_service": "2025-06-02",
                "services": [{"code": "97039", "minutes": 15}, {"code": "97110", "minutes": 15}],
                "ytd_allowed": 2300.0,
            }
        ),
        fees=schedule,
    )
    line = next(li for li in billed.lines if li.code == "97039")
    assert line.expected_payment is None
    found = [f.rule for f in billed.findings]
    assert "BIL042" in found
    assert "BIL033" in found  # KX is undecided while a line has no fee


def test_fee_year_comes_from_the_cms_file_name(db: Database, tmp_path: Path) -> None:
    named = tmp_path / "PPRRVU26_JAN.csv"
    named.write_bytes(RVU.read_bytes())
    assert import_fees(named, db).year == 2026
    with pytest.raises(InputError, match="pass --year"):
        import_fees(RVU, db)


@pytest.mark.parametrize(
    "content",
    [
        "{",
        '{"year": 2025}',
        '{"year": 2025, "source": "x", "codes": {"97110": {"work": "x"}}}',
        '{"year": 2025, "source": "x", "codes": {"97110": {"work": "-1", "pe": "0", "mp": "0"}}}',
    ],
)
def test_a_corrupt_old_fee_file_is_refused_by_the_upgrade(
    db: Database, settings: Settings, content: str
) -> None:
    settings.fees_dir.mkdir(parents=True)
    (settings.fees_dir / "rvu_2025.json").write_text(content)
    with pytest.raises(RuleTableError, match="re-import it with `ptscribe fees import"):
        adopt_files(db, settings)
    assert (settings.fees_dir / "rvu_2025.json").exists()  # nothing is lost


def test_a_corrupt_stored_fee_figure_says_re_import(db: Database) -> None:
    import_fees(RVU, db, 2025)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE fee SET pe = 'x' WHERE code = '97110'"))
        conn.execute(
            text(
                "INSERT INTO reference_import (kind, year, source, rows, imported_at) "
                "VALUES ('fees', 2025, 'tampered', 0, CURRENT_TIMESTAMP)"
            )
        )
    with pytest.raises(RuleTableError, match="re-import it with `ptscribe fees import"):
        _loaded(db)


def test_old_file_tables_move_into_the_database_once(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    # An earlier version kept the tables as files under the home: the upgrade moves them.
    settings.home.mkdir(parents=True, exist_ok=True)
    settings.ncci_file.write_text(
        "column1,column2,effective,deletion,indicator,source\n"
        "97140,97530,2020-01-01,,1,old quarter\n"
    )
    settings.fees_dir.mkdir(parents=True)
    (settings.fees_dir / "rvu_2025.json").write_text(
        '{"year": 2025, "source": "PPRRVU25_JAN.csv", "conversion_factor": "32.3465", '
        '"codes": {"97110": {"status": "A", "work": "0.45", "pe": "0.47", "mp": "0.02"}}}'
    )
    with pytest.raises(RuleTableError, match="run `ptscribe db upgrade`"):
        tables_for(settings)  # until then bill, draft and validate refuse to guess
    assert adopt_files(db, settings) == ["ncci_ptp.csv", "rvu_2025.json"]
    ncci, fees = _loaded(db)
    assert ncci is not None
    assert ncci.label == "imported:ncci_ptp.csv"
    assert fees.label(2025) == "imported:PPRRVU25_JAN.csv"
    assert str(fees.rvus(2025)["97110"].total) == "0.94"
    assert settings.ncci_file.with_name("ncci_ptp.csv.moved").exists()
    assert adopt_files(db, settings) == []
    assert tables_for(settings).ncci is not None


def test_one_off_reads_keep_no_cache_entry(db: Database, settings: Settings) -> None:
    # A server billing without its own database handle must not grow the cache per call.
    import_ncci([PTP], db)
    before = dict(reference_cache)
    for _ in range(3):
        assert tables_for(settings).ncci is not None
    assert reference_cache == before


# Excel's "Unicode text" is UTF-16 little-endian with a mark and tab-separated cells; other
# tools write big-endian or UTF-32. Each must import as the UTF-8 file does.
WIDE = ["utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32"]


def _encoded(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def _excel_tabs(csv_text: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(
        csv.reader(io.StringIO(csv_text))
    )
    return out.getvalue()


@pytest.mark.parametrize("encoding", WIDE)
def test_a_wide_ptp_file_imports_as_the_utf8_one(
    db: Database, tmp_path: Path, encoding: str
) -> None:
    wide = tmp_path / "ptp_wide.txt"
    wide.write_bytes(_encoded(PTP.read_text(), encoding))
    result = import_ncci([wide], db)
    assert [(p.rows, p.kept) for p in result.parts] == [(5, 4)]
    table, _ = _loaded(db)
    assert table is not None
    assert len(table) == 4


@pytest.mark.parametrize("encoding", WIDE)
@pytest.mark.parametrize("tabs", [False, True], ids=["commas", "tabs"])
def test_a_wide_or_tab_separated_rvu_file_imports_as_the_csv(
    db: Database, tmp_path: Path, encoding: str, tabs: bool
) -> None:
    text = RVU.read_text()
    wide = tmp_path / "PPRRVU25_JAN.txt"
    wide.write_bytes(_encoded(_excel_tabs(text) if tabs else text, encoding))
    result = import_fees(wide, db)
    # As the CSV: six catalog rows, five stored (97010 is status B, no national fee).
    assert (result.year, result.kept, result.read) == (2025, 5, 7)
    assert str(result.factor) == "32.3465"
    _, schedule = _loaded(db)
    assert str(schedule.rvus(2025)["97110"].total) == "0.94"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_mark_says_so_and_stores_nothing(
    db: Database, tmp_path: Path, encoding: str
) -> None:
    for path in (tmp_path / "ptp.txt", tmp_path / "PPRRVU25_JAN.csv"):
        source = PTP if path.suffix == ".txt" else RVU
        path.write_bytes(source.read_text().encode(encoding))
    with pytest.raises(InputError, match=r"^ptp\.txt looks like UTF-16 text without a byte-order"):
        import_ncci([tmp_path / "ptp.txt"], db)
    with pytest.raises(InputError, match="looks like UTF-16 text without a byte-order mark"):
        import_fees(tmp_path / "PPRRVU25_JAN.csv", db)
    assert _ncci_rows(db) == []
    assert _loaded(db)[1].label(2025) != "imported:PPRRVU25_JAN.csv"


def test_a_broken_utf16_file_names_its_encoding(tmp_path: Path) -> None:
    # A lone high surrogate after good text: the mark promised UTF-16 and the bytes break it.
    broken = tmp_path / "broken.txt"
    broken.write_bytes("97110\t97112\n".encode("utf-16") + b"\x00\xd8\x41\x00")
    with pytest.raises(InputError, match=r"^broken\.txt starts like UTF-16 text but is not"):
        list(stream_lines(broken))
