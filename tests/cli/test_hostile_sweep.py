"""The hostile-input sweep: every command fed what a careless user, a broken script or a bad
environment hands it ends with exit 2 and one `error:` line naming the problem, stores
nothing, and never shows a traceback.

Rows run the real CLI in-process (typer's runner goes through the same entry point as the
console script); a few rows run the installed script in a subprocess as well. Other hostile
rows live beside their command's tests (test_hostile_cli.py, test_store_cli.py); this table
holds one row per kind of input for every command, including the ones those files lack.
"""

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.settings import get_settings
from assistant.store.db import Database
from tests.cli.conftest import ROOT, SCRIPT
from tests.store_support import StoreTarget, _truncate, settings_for, store_target

__all__ = ["store_target"]

VISIT = str(ROOT / "examples" / "visit.json")
NOTE = str(ROOT / "examples" / "notes" / "pt_daily_knee.json")
DICTATION = str(ROOT / "examples" / "dictation.txt")
PTP = str(ROOT / "tests" / "fixtures" / "ptp_sample.txt")
RVU = str(ROOT / "tests" / "fixtures" / "pprrvu_sample.csv")
HUGE_NUMBER = "9" * 5000
PATIENT = ["patient", "add", "--name", "Jo Roe", "--dob", "1950-01-01", "--mrn", "M-9"]
CLINICIAN = ["clinician", "add", "--name", "B Lee", "--credentials", "PT", "--role", "PT"]
SESSION = ["session", "new", DICTATION, "--patient", "M-1", "--clinician", "pt@c.test"]
STORED = ("patient", "clinician", "session", "note", "ncci_edit", "fee")


@dataclass(frozen=True)
class Row:
    args: tuple[str, ...]
    message: str  # a fragment of the one error line
    stdin: bytes | None = None
    env: dict[str, str] = field(default_factory=dict)
    absent: str | None = None  # a secret that must not be echoed


def row(*args: str, message: str, **kw: object) -> Row:
    return Row(args, message, **kw)  # type: ignore[arg-type]


ROWS = {
    # Files that are not what the command reads.
    "bill-empty": row("bill", "{empty}", message="is empty"),
    "bill-dev-zero": row("bill", "/dev/zero", message="looks binary"),
    "bill-directory": row("bill", "{dir}", message="Is a directory"),
    "bill-missing": row("bill", "{missing}", message="No such file"),
    "bill-malformed": row("bill", "-", message="malformed JSON", stdin=b'{"date_of_service":'),
    "bill-latin1": row("bill", "-", message="not UTF-8", stdin=b'{"x": "caf\xe9"}'),
    "bill-nul": row("bill", "-", message="binary", stdin=b'{"x": "\x00"}'),
    "validate-dev-zero": row("validate", NOTE, "--context", "/dev/zero", message="binary"),
    "draft-directory": row("draft", "{dir}", message="Is a directory"),
    "draft-timers-object": row(
        "draft", DICTATION, "--timers", "{object}", message="expected a JSON list"
    ),
    "ncci-dev-zero": row("ncci", "import", "/dev/zero", message="binary"),
    "ncci-directory-of-nothing": row("ncci", "import", "{dir}", message="holds no .txt"),
    "fees-not-cms": row("fees", "import", VISIT, "--year", "2025", message="not a CMS PPRRVU"),
    "session-dev-zero": row(
        "session", "new", "/dev/zero", "--patient", "M", "--clinician", "c@x", message="binary"
    ),
    # Option values typer refuses: one line, not a boxed panel.
    "bill-format": row("bill", VISIT, "--format", "xml", message="Invalid value for '--format'"),
    "codes-format": row("codes", "--format", "xml", message="'--format'"),
    "schema-name": row("schema", "nope", message="'nope' is not one of"),
    "eval-n-zero": row("eval", "generate", "--n", "0", message="'--n'"),
    "eval-n-word": row("eval", "generate", "--n", "abc", message="'--n'"),
    "eval-seed-digits": row("eval", "generate", "--seed", HUGE_NUMBER, message="'--seed'"),
    "note-id-digits": row("note", "show", HUGE_NUMBER, message="'note_id'"),
    "note-id-negative": row("note", "show", "-1", message="No such option: -1"),
    "fees-year-digits": row("fees", "import", RVU, "--year", HUGE_NUMBER, message="'--year'"),
    "token-id-word": row("token", "revoke", "x", message="'token_id'"),
    "unknown-command": row("nope", message="No such command"),
    # A gate that does not exist is refused before minutes of drafting.
    "eval-gate": row("eval", "run", "--n", "1", "--gate", "nope", message="--gate 'nope'"),
    # Records no person has.
    "patient-nul-name": row(*PATIENT[:2], "--name", "A\x00B", *PATIENT[4:], message="control"),
    "patient-long-name": row(*PATIENT[:2], "--name", "x" * 20_000, *PATIENT[4:], message="200"),
    "patient-mrn-newline": row(*PATIENT[:6], "--mrn", "M\n9", message="MRN holds a control"),
    "patient-born-year-one": row(
        *PATIENT[:4], "--dob", "0001-01-01", *PATIENT[6:], message="date of birth 0001-01-01"
    ),
    "patient-born-9999": row(
        *PATIENT[:4], "--dob", "9999-12-30", *PATIENT[6:], message="date of birth 9999-12-30"
    ),
    "patient-ytd-nan": row(*PATIENT, "--ytd-allowed", "nan", message="amount carried in"),
    "clinician-nul-name": row(
        *CLINICIAN[:2], "--name", "B\x00", *CLINICIAN[4:], "--email", "b@c.test", message="control"
    ),
    "clinician-password-latin1": row(
        *CLINICIAN,
        "--email",
        "b@c.test",
        "--password-stdin",
        message="--password-stdin is not UTF-8",
        stdin=b"caf\xe9 au lait 2024\n",
    ),
    "session-date-9999": row(*SESSION, "--date", "9999-12-30", message="date of service 9999"),
    "session-date-year-one": row(*SESSION, "--date", "0001-01-01", message="date of service"),
    "plan-date-impossible": row(
        "plan", "add", "--patient", "M-1", "--first-treatment", "2025-02-30", message="2025-02-30"
    ),
    # Settings that cannot be used.
    "bill-home-file": row("bill", VISIT, env={"PTSCRIBE_HOME": "{file}"}, message="is a file"),
    "bill-max-bytes": row(
        "bill", VISIT, env={"PTSCRIBE_MAX_INPUT_BYTES": "lots"}, message="MAX_INPUT_BYTES='lots'"
    ),
    "bill-db-garbage": row("bill", VISIT, env={"DATABASE_URL": "garbage"}, message="DATABASE_URL"),
    "validate-db-garbage": row(
        "validate", NOTE, env={"DATABASE_URL": "garbage"}, message="DATABASE_URL"
    ),
    "draft-db-garbage": row(
        "draft", DICTATION, env={"DATABASE_URL": "garbage"}, message="DATABASE_URL"
    ),
    "upgrade-db-garbage": row("db", "upgrade", env={"DATABASE_URL": "::"}, message="DATABASE_URL"),
    "ncci-db-driver": row(
        "ncci",
        "import",
        PTP,
        env={"DATABASE_URL": "mysql://clinic:s3cret-pw@db.example/pt"},
        message="cannot use (mysql)",
        absent="s3cret-pw",
    ),
    "audit-db-driver": row(
        "audit",
        "verify",
        env={"DATABASE_URL": "postgresql+nodriver://u:s3cret-pw@h/x"},
        message="DATABASE_URL='postgresql+nodriver://u:***@h/x'",
        absent="s3cret-pw",
    ),
}


@pytest.fixture
def home(
    store_target: StoreTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A migrated, empty store in a private home, named by the environment."""
    settings = settings_for(store_target, tmp_path / "home")
    db = Database.from_settings(settings)
    if store_target.postgres:
        _truncate(db)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PTSCRIBE_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("DATABASE_URL", settings.database_url)
    (tmp_path / "folder").mkdir()
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "object.json").write_text('{"code": "97110"}')
    (tmp_path / "a-file").write_text("x")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
    _assert_nothing_stored(db)
    db.dispose()


def _assert_nothing_stored(db: Database) -> None:
    with db.engine.connect() as conn:
        for table in STORED:
            count = conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
            assert count == 0, f"{table} holds {count} rows after a refused command"


def _filled(value: str, tmp_path: Path) -> str:
    return value.format(
        empty=tmp_path / "empty.json",
        dir=tmp_path / "folder",
        missing=tmp_path / "missing.json",
        file=tmp_path / "a-file",
        object=tmp_path / "object.json",
    )


def _one_error_line(exit_code: int, stderr: str, message: str, absent: str | None) -> None:
    lines = stderr.splitlines()
    assert exit_code == 2, stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    assert message in lines[0]
    assert absent is None or absent not in stderr


@pytest.mark.parametrize("case", ROWS.values(), ids=ROWS.keys())
def test_refused_with_one_line(case: Row, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in case.env.items():
        monkeypatch.setenv(name, _filled(value, home))
    get_settings.cache_clear()
    args = [_filled(a, home) for a in case.args]
    result = CliRunner().invoke(app, args, input=case.stdin)
    # Anything but the exit typer raises is an unhandled exception: a traceback for a user.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    _one_error_line(result.exit_code, result.stderr, case.message, case.absent)
    assert result.stdout == ""


SUBPROCESS = ["bill-format", "bill-db-garbage", "ncci-db-driver", "session-date-9999"]


@pytest.mark.parametrize("name", SUBPROCESS)
def test_the_console_script_agrees(name: str, home: Path) -> None:
    case = ROWS[name]
    env = {**os.environ, "NO_COLOR": "1", **{k: _filled(v, home) for k, v in case.env.items()}}
    proc = subprocess.run(
        [str(SCRIPT), *(_filled(a, home) for a in case.args)],
        input=case.stdin,
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr
    _one_error_line(proc.returncode, stderr, case.message, case.absent)
