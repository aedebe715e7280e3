"""`ptscribe export` and `ptscribe claims export` as a user runs them: files, exit codes,
one-line errors."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from assistant.cli.app import app
from assistant.services.exports.fhir_read import read_bundle
from assistant.settings import Settings, get_settings
from assistant.store.db import Database
from tests.exports.support import page_count
from tests.store_support import draft, seed, signed_note

Invoke = Callable[..., Result]


@pytest.fixture
def run(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Database, Invoke]]:
    monkeypatch.setenv("PTSCRIBE_HOME", str(store_settings.home))
    if store_settings.database_url:
        monkeypatch.setenv("DATABASE_URL", store_settings.database_url)
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    get_settings.cache_clear()
    db = Database.from_settings(store_settings)
    yield db, lambda *args: CliRunner().invoke(app, list(args))
    db.dispose()
    get_settings.cache_clear()


def test_export_pdf_and_fhir_to_files(run: tuple[Database, Invoke], tmp_path: Path) -> None:
    db, invoke = run
    s = seed(db)
    note_id = signed_note(db, s.pt)
    out = tmp_path / "note.pdf"
    result: Result = invoke("export", str(note_id), "--format", "pdf", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert page_count(out.read_bytes()) >= 1
    result = invoke("export", str(note_id), "--format", "fhir")
    assert result.exit_code == 0, result.output
    assert read_bundle(result.stdout).note_id == note_id


def test_export_refusals_are_one_line(run: tuple[Database, Invoke], tmp_path: Path) -> None:
    db, invoke = run
    s = seed(db)
    unsigned = draft(db, s.pt)
    result: Result = invoke("export", str(unsigned), "--format", "fhir")
    assert result.exit_code == 3
    assert result.stderr.strip().startswith(
        f"error: note {unsigned} is in review: only a signed note"
    )
    assert result.stdout == ""
    result = invoke("export", "999", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: no note 999"
    assert not (tmp_path / "x.pdf").exists()
    result = invoke("claims", "export", "--note", str(unsigned))
    assert result.exit_code == 3
    assert "only a signed note's claim is exported for billing" in result.stderr


def test_claims_export_csv_json_and_bad_ranges(
    run: tuple[Database, Invoke], tmp_path: Path
) -> None:
    db, invoke = run
    s = seed(db)
    signed_note(db, s.pt)
    result: Result = invoke("claims", "export", "--from", "2025-06-01", "--to", "2025-06-30")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows[0].startswith("note_id,note_sha256,claim_kind")
    assert len(rows) == 3
    out = tmp_path / "feed.json"
    result = invoke(
        "claims",
        "export",
        "--from",
        "2025-06-01",
        "--to",
        "2025-06-30",
        "--format",
        "json",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text())["lines"]) == 2
    for args, message in [
        (("--from", "2025-06-30", "--to", "2025-06-01"), "before it starts"),
        (("--from", "2024-01-01", "--to", "2025-06-01"), "export at most 366 days"),
        (("--from", "2025-02-30", "--to", "2025-06-01"), "--from '2025-02-30' is not a date"),
        (("--from", "2025-06-01"), "give --from and --to"),
    ]:
        result = invoke("claims", "export", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)
