"""`ptscribe clinician add` (with its password), `account`, `token` and `serve`."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner, Result

from assistant.cli.app import app
from assistant.services import accounts
from assistant.settings import Settings, get_settings
from assistant.store.db import Database

Run = Callable[..., Result]
PT = ["clinician", "add", "--name", "Pat Lee", "--credentials", "PT, DPT", "--role", "PT"]


@pytest.fixture
def run(store_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    monkeypatch.setenv("PTSCRIBE_HOME", str(store_settings.home))
    if store_settings.database_url:
        monkeypatch.setenv("DATABASE_URL", store_settings.database_url)
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    get_settings.cache_clear()

    def invoke(*args: str, stdin: str | None = None) -> Result:
        return CliRunner().invoke(app, list(args), input=stdin)

    yield invoke
    get_settings.cache_clear()


def _ok(result: Result) -> dict:
    assert result.exit_code == 0, (result.exit_code, result.output)
    return json.loads(result.stdout)


def test_clinician_add_prints_a_one_time_password(run: Run, db: Database) -> None:
    out = _ok(run(*PT, "--email", "pt@c.test"))
    once = out["one_time_password"]
    assert out["must_change_password"] is True
    assert len(once) >= accounts.MIN_PASSWORD
    _, principal = accounts.login(db, "pt@c.test", once)
    assert principal.must_change_password is True
    assert principal.role == "PT"


def test_clinician_add_takes_the_password_from_stdin(run: Run, db: Database) -> None:
    out = _ok(run(*PT, "--email", "pt@c.test", "--password-stdin", stdin="my long passphrase\n"))
    assert "one_time_password" not in out
    _, principal = accounts.login(db, "pt@c.test", "my long passphrase")
    assert principal.must_change_password is False


def test_a_short_password_from_stdin_adds_no_clinician(run: Run, db: Database) -> None:
    result = run(*PT, "--email", "pt@c.test", "--password-stdin", stdin="short\n")
    assert result.exit_code == 2
    assert "at least" in result.stderr
    with db.transaction() as tx, pytest.raises(accounts.NotFoundError):
        tx.people.clinician_by_email("pt@c.test")


def test_account_add_and_password_reset(run: Run, db: Database) -> None:
    out = _ok(
        run(
            "account",
            "add",
            "--email",
            "b@c.test",
            "--name",
            "Bea",
            "--role",
            "biller",
            "--password-stdin",
            stdin="billing passphrase\n",
        )
    )
    assert out["role"] == "biller"
    assert "password_hash" not in out
    token, _ = accounts.login(db, "b@c.test", "billing passphrase")
    reset = _ok(run("account", "password", "b@c.test"))
    assert reset["must_change_password"] is True
    # A reset ends the sessions the old password opened.
    assert accounts.principal_for_session(db, token) is None
    accounts.login(db, "b@c.test", reset["one_time_password"])
    refused = run("account", "add", "--email", "x@c.test", "--name", "X", "--role", "PT")
    assert refused.exit_code == 2
    assert "clinician add" in refused.stderr


def test_token_create_list_revoke(run: Run, db: Database) -> None:
    _ok(run(*PT, "--email", "pt@c.test"))
    made = _ok(run("token", "create", "pt@c.test", "--label", "emr"))
    assert made["token"].startswith(accounts.TOKEN_PREFIX)
    assert accounts.principal_for_bearer(db, made["token"]) is not None
    listed = _ok(run("token", "list", "pt@c.test"))["tokens"]
    assert [(t["id"], t["label"]) for t in listed] == [(made["id"], "emr")]
    assert made["token"] not in json.dumps(listed)
    _ok(run("token", "revoke", str(made["id"])))
    assert accounts.principal_for_bearer(db, made["token"]) is None
    again = run("token", "revoke", str(made["id"]))
    assert again.exit_code == 3
    assert run("token", "create", "ghost@c.test").exit_code == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, process: subprocess.Popen) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise AssertionError(process.communicate()[1])
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("the server did not come up")


def _workers_cpus(parent: int) -> list[set[str]]:
    """For each worker process of `parent` (not multiprocessing's resource tracker), the
    CPU lists its threads may run on."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != parent:
                continue
            if b"resource_tracker" in Path(f"/proc/{entry}/cmdline").read_bytes():
                continue
            lists = set()
            for tid in os.listdir(f"/proc/{entry}/task"):
                status = Path(f"/proc/{entry}/task/{tid}/status").read_text()
                lists.add(status.split("Cpus_allowed_list:")[1].split()[0])
        except (OSError, IndexError):
            continue
        found.append(lists)
    return found


def test_serve_runs_workers_over_real_http(
    store_settings: Settings, db: Database, run: Run, tmp_path: Path
) -> None:
    """Two uvicorn workers from the import-string factory, each pinned to a CPU of its own;
    a login flow over real HTTP; a chunked oversized body cut at the cap; and the server's
    own logs hold no secret."""
    out = _ok(run(*PT, "--email", "pt@c.test", "--password-stdin", stdin="served passphrase\n"))
    assert out["email"] == "pt@c.test"
    token, _ = accounts.create_token(db, "pt@c.test")
    port = _free_port()
    env = {
        **os.environ,
        "PTSCRIBE_HOME": str(store_settings.home),
        "PTSCRIBE_MAX_BODY_BYTES": "4096",
        "PTSCRIBE_CPU_LOCKS": str(tmp_path / "cpus"),
    }
    env.pop("PTSCRIBE_PIN_CPU", None)
    if store_settings.database_url:
        env["DATABASE_URL"] = store_settings.database_url
    cli = [sys.executable, "-c", "from assistant.cli.app import main; main()"]
    process = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/ready", process)
        if hasattr(os, "sched_getaffinity") and len(os.sched_getaffinity(0)) >= 2:
            # /ready answered from one worker: the other may still be starting.
            for _ in range(100):
                workers = _workers_cpus(process.pid)
                if len(workers) == 2 and all(len(w) == 1 for w in workers):
                    break
                time.sleep(0.1)
            assert len(workers) == 2, workers
            assert all(len(w) == 1 and "," not in next(iter(w)) for w in workers), workers
            assert workers[0] != workers[1], workers  # a CPU each
        with httpx.Client(base_url=base) as client:
            logged = client.post(
                "/api/login", json={"email": "pt@c.test", "password": "served passphrase"}
            )
            assert logged.status_code == 200, logged.text
            csrf = logged.json()["csrf_token"]
            session = logged.cookies["ptscribe_session"]
            assert client.get("/api/me").json()["email"] == "pt@c.test"
            assert (
                client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code
                == 200
            )
            assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
            # Access lines name the path, never the query string.
            assert client.get("/health", params={"q": "MRN-QUERY-7741"}).status_code == 200
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            # One write of the whole request: the server may answer 413 and close as soon as
            # the cap is passed, and chunk-by-chunk writes then met a closed socket
            # (BrokenPipeError) by chance.
            raw.sendall(
                b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
                + (b"3e8\r\n" + b"p" * 1000 + b"\r\n") * 10
                + b"0\r\n\r\n"
            )
            answer = raw.recv(4096)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
    finally:
        process.terminate()
        stdout, stderr = process.communicate(timeout=30)
    logs = stdout + stderr
    assert "Uvicorn running" in logs or "Started parent process" in logs
    assert '"GET /health HTTP/1.1" 200' in logs
    for secret in ("served passphrase", token, csrf, session, "MRN-QUERY-7741"):
        assert secret not in logs


def test_serve_refuses_an_unmigrated_database(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTSCRIBE_HOME", str(tmp_path / "fresh"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["serve", "--port", str(_free_port())])
    get_settings.cache_clear()
    assert result.exit_code == 1
    assert "ptscribe db upgrade" in result.stderr


@pytest.mark.parametrize("host", ["999.1.1.1", "no-such-host.invalid", "127.0.0.1\x00x"])
def test_serve_refuses_an_unknown_host_in_one_line(run: Run, host: str) -> None:
    result = run("serve", "--host", host, "--port", str(_free_port()))
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("error: --host ")
    assert "is not an address this machine knows" in result.stderr


def test_serve_refuses_a_port_in_use_in_one_line(run: Run) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
