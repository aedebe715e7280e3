"""The store's CLI contract: JSON out, --format table, exit 2 bad input, 3 conflict/blocked."""

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from assistant.cli.app import app
from assistant.settings import Settings, get_settings
from tests.store_support import ROOT, StoreTarget, store_target

__all__ = ["store_target"]
Run = Callable[..., Result]


def _env(settings: Settings) -> dict[str, str]:
    env = {"PTSCRIBE_HOME": str(settings.home), "NO_COLOR": "1"}
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
    return env


@pytest.fixture
def env(store_target: StoreTarget, tmp_path: Path) -> dict[str, str]:
    """A fresh database for the CLI: an empty SQLite file or truncated PostgreSQL tables."""
    from assistant.store.db import Database
    from tests.store_support import _truncate, settings_for

    settings = settings_for(store_target, tmp_path / "home")
    if store_target.postgres:
        db = Database.from_settings(settings)
        _truncate(db)
        db.dispose()
    else:
        settings.database_file.unlink()  # `db upgrade` must create it
    return _env(settings)


@pytest.fixture
def run(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()

    def invoke(*args: str, stdin: str | None = None) -> Result:
        return CliRunner().invoke(app, list(args), input=stdin)

    yield invoke
    get_settings.cache_clear()


def _ok(result: Result) -> dict:
    assert result.exit_code == 0, (result.exit_code, result.output)
    return json.loads(result.stdout)


def _setup(run: Run) -> None:
    _ok(run("db", "upgrade"))
    _ok(
        run(
            "clinician",
            "add",
            "--name",
            "Pat Lee",
            "--credentials",
            "PT, DPT",
            "--role",
            "PT",
            "--email",
            "pt@c.test",
        )
    )
    _ok(
        run(
            "clinician",
            "add",
            "--name",
            "Alex Kim",
            "--credentials",
            "PTA",
            "--role",
            "PTA",
            "--email",
            "pta@c.test",
            "--supervisor",
            "pt@c.test",
        )
    )
    _ok(
        run(
            "patient",
            "add",
            "--name",
            "Jane Roe",
            "--dob",
            "1958-03-04",
            "--mrn",
            "M-1",
            "--payer",
            "Medicare",
            "--ytd-allowed",
            "120.50",
        )
    )
    _ok(
        run(
            "plan",
            "add",
            "--patient",
            "M-1",
            "--first-treatment",
            "2025-05-01",
            "--certified-through",
            "2025-07-29",
            "--goal",
            "Stairs",
            "--goal",
            "Walk 500 ft",
        )
    )


def test_lifecycle_through_the_cli(run: Run) -> None:
    _setup(run)
    created = _ok(
        run(
            "session",
            "new",
            str(ROOT / "examples" / "dictation.txt"),
            "--patient",
            "M-1",
            "--clinician",
            "pt@c.test",
            "--date",
            "2025-06-02",
        )
    )
    assert set(created) == {"note_id", "revision", "status", "claim", "findings"}
    note_id = str(created["note_id"])
    shown = _ok(run("note", "show", note_id))
    assert set(shown) == {
        "note_id",
        "status",
        "revision",
        "note",
        "claim",
        "findings",
        "signatures",
        "addenda",
    }
    assert shown["status"] == "in_review"
    assert shown["signatures"] == []

    blocked = run("note", "sign", note_id, "--revision", "1", "--clinician", "pt@c.test")
    assert blocked.exit_code == 3
    assert blocked.stderr.count("\n") == 1
    assert blocked.stderr.startswith("error: cannot sign")
    warnings = json.loads(blocked.stdout)["blocking"]
    for f in warnings:
        _ok(
            run("note", "ack", note_id, "--revision", "1", "--rule", f["rule"], "--path", f["path"])
        )
    signed = _ok(run("note", "sign", note_id, "--revision", "1", "--clinician", "pt@c.test"))
    assert signed["status"] == "signed"
    assert len(signed["signatures"]) == 1

    again = run("note", "sign", note_id, "--revision", "1", "--clinician", "pt@c.test")
    assert again.exit_code == 3
    assert "cannot sign" in again.stderr
    verified = _ok(run("audit", "verify"))
    assert verified["ok"] is True
    assert verified["events"] >= 10


def test_revise_with_a_stale_revision_exits_3(run: Run, tmp_path: Path) -> None:
    _setup(run)
    created = _ok(
        run(
            "session",
            "new",
            "-",
            "--patient",
            "M-1",
            "--clinician",
            "pt@c.test",
            "--date",
            "2025-06-02",
            stdin=(ROOT / "examples" / "shorthand.txt").read_text(),
        )
    )
    note_id = str(created["note_id"])
    doc = tmp_path / "note.json"
    doc.write_text(json.dumps(_ok(run("note", "show", note_id))["note"]))
    assert (
        _ok(run("note", "revise", note_id, "--revision", "1", "--file", str(doc)))["revision"] == 2
    )
    stale = run("note", "revise", note_id, "--revision", "1", "--file", str(doc))
    assert stale.exit_code == 3
    assert "stale" in stale.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("patient", "add", "--name", "X", "--dob", "1958-02-30", "--mrn", "M-2"), "--dob"),
        (
            (
                "patient",
                "add",
                "--name",
                "X",
                "--dob",
                "1958-02-01",
                "--mrn",
                "M-2",
                "--ytd-allowed",
                "-5",
            ),
            "PT and SLP amount carried in",
        ),
        (
            ("session", "new", "missing.txt", "--patient", "M-1", "--clinician", "pt@c.test"),
            "cannot read",
        ),
        (
            (
                "session",
                "new",
                "examples/dictation.txt",
                "--patient",
                "NOPE",
                "--clinician",
                "pt@c.test",
            ),
            "no patient",
        ),
        (
            (
                "session",
                "new",
                "examples/dictation.txt",
                "--patient",
                "M-1",
                "--clinician",
                "pt@c.test",
                "--date",
                "June",
            ),
            "--date",
        ),
        (("note", "show", "999"), "no note 999"),
        (("note", "sign", "999", "--revision", "1", "--clinician", "pt@c.test"), "no note 999"),
        # Ids past the key columns' range once reached the driver (OverflowError on SQLite,
        # "integer out of range" on PostgreSQL) instead of reading as not found.
        (("note", "show", "99999999999999999999"), "no note 99999999999999999999"),
        (("note", "show", "2147483648"), "no note 2147483648"),
        (
            ("note", "sign", "99999999999999999999", "--revision", "1", "--clinician", "pt@c.test"),
            "no note 99999999999999999999",
        ),
        (
            (
                "clinician",
                "add",
                "--name",
                "B",
                "--credentials",
                "PTA",
                "--role",
                "PTA",
                "--email",
                "b@c.test",
                "--supervisor",
                "ghost@c.test",
            ),
            "no clinician",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(run: Run, args: tuple[str, ...], message: str) -> None:
    _setup(run)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


def test_duplicate_clinician_is_a_conflict(run: Run) -> None:
    _setup(run)
    result = run(
        "clinician",
        "add",
        "--name",
        "P",
        "--credentials",
        "PT",
        "--role",
        "PT",
        "--email",
        "PT@c.test",
    )
    assert result.exit_code == 3
    assert "already exists" in result.stderr


def test_commands_before_db_upgrade_say_what_to_do(run: Run, store_target: StoreTarget) -> None:
    if store_target.postgres:
        pytest.skip("the PostgreSQL test schema is migrated once per session")
    result = run("note", "show", "1")
    assert result.exit_code == 1
    assert "ptscribe db upgrade" in result.stderr


def test_table_format(run: Run) -> None:
    _setup(run)
    created = _ok(
        run(
            "session",
            "new",
            str(ROOT / "examples" / "dictation.txt"),
            "--patient",
            "M-1",
            "--clinician",
            "pt@c.test",
        )
    )
    result = run("note", "show", str(created["note_id"]), "--format", "table")
    assert result.exit_code == 0
    assert "in_review" in result.stdout
    assert "Findings" in result.stdout
    assert "97110" in result.stdout


def test_installed_script_upgrades_and_verifies(env: dict[str, str]) -> None:
    script = Path(sys.executable).parent / "ptscribe"
    full = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env
    for args in (["db", "upgrade"], ["audit", "verify"]):
        proc = subprocess.run(
            [str(script), *args], capture_output=True, text=True, env=full, cwd=ROOT, timeout=60
        )
        assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"events": 0, "ok": True}


def test_audit_verify_exits_1_on_a_changed_event(run: Run, env: dict[str, str]) -> None:
    from sqlalchemy import text

    from assistant.store.db import Database

    _setup(run)
    settings = Settings(home=Path(env["PTSCRIBE_HOME"]), database_url=env.get("DATABASE_URL"))
    db = Database.from_settings(settings)
    with db.engine.begin() as conn:
        if db.is_postgres:
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
        conn.execute(text("UPDATE audit_event SET detail = 'patient 9' WHERE seq = 2"))
        if db.is_postgres:
            conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER USER"))
    db.dispose()
    result = run("audit", "verify")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["seq"] == 2
