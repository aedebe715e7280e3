"""The JSON API under load: a real uvicorn server, 50 concurrent clients, real databases.

Four mixed runs per database: every client loops over GET /health,
GET /api/notes/{id} and POST /api/notes/{id}/validate (each with a bearer token) and the web
review page GET /notes/{id} (with a browser session's cookie), so the four are measured
under the same load; p50/p95 of each is printed with each p95 as a multiple of the health
p95.
- saturated: 50 clients, no pause between requests. The server is always behind, so this
  gives the requests served per second; its ratios say more about scheduling than cost:
  /health, which needs no worker thread, skips the queue the other three wait in.
- paced: each client pauses between requests (exponential, mean set so the 50 offer half
  the saturated throughput: a server provisioned for its load, and busy). Here the ratios
  measure what a request costs, with the queueing a busy server has; as the server gets
  faster the load offered grows with it.
- light: the same at a tenth of the saturated throughput, nearer a clinic's day (50
  clinicians do not make hundreds of requests a second each).
- one client, one request at a time: the cost of each kind next to /health's with nothing
  else running, the floor under the paced ratios.
The server runs as `ptscribe serve` runs it (each worker pinned to a CPU, api/affinity.py);
the clients are aiohttp's, the lightest asyncio client at hand: they share the machine's
cores with the server and the database.
Then the same clients sign prepared notes (every warning acknowledged) as fast as they can:
signs per second.
Goals: GET note p95 within 3x the health p95; validate p95 within 5x; the review page's
p95 within 3x (the web issue's figure).

Runs on SQLite in a temporary folder, and on PostgreSQL when DATABASE_URL is set or the
local server (postgresql+psycopg://postgres@127.0.0.1:5432/test) answers, in a throwaway
schema. `python bench/api_bench.py [requests-per-client] [workers]`.
"""

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from api.security import SESSION_COOKIE
from assistant.domain.billing import Role, TimerSegment
from assistant.errors import SignBlockedError
from assistant.services import accounts, notes, people, signing
from assistant.settings import Settings, get_settings
from assistant.store import migrate
from assistant.store.db import Database, StoreError, scratch_schema

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 50
# 120 each: 1,500 of each kind per run, so that a p95 rests on 75 requests above it (at 30
# the health p95, the yardstick of every ratio, moved by a third between runs).
PER_CLIENT = int(sys.argv[1]) if len(sys.argv) > 1 else 120
LIGHT_PER_CLIENT = max(PER_CLIENT // 4, 10)  # a light run takes long: fewer requests
WORKERS = int(sys.argv[2]) if len(sys.argv) > 2 else 1
NOTES = 20  # read and validated round-robin
SIGNS = 200
LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEXT = (ROOT / "bench" / "data" / "clean_dictation.txt").read_text(encoding="utf-8")
EMAIL = "bench-pt@clinic.test"
PASSWORD = "bench password 1"
KINDS = ("health", "note", "validate", "review")


def _timers(day: date) -> list[TimerSegment]:
    start = datetime.combine(day, datetime.min.time()).replace(hour=9)
    return [
        TimerSegment(code="97110", start=start, end=start + timedelta(minutes=25)),
        TimerSegment(
            code="97140", start=start + timedelta(minutes=25), end=start + timedelta(minutes=35)
        ),
    ]


def _seed(db: Database) -> tuple[str, str, list[int], list[int]]:
    """A PT, notes to read and notes ready to sign (each its own patient: no copy-forward
    warning between them); returns the PT's bearer token, a browser session's id and both
    id lists."""
    people.add_clinician(db, name="Pat Lee", credentials="PT, DPT", role=Role.PT, email=EMAIL)
    accounts.set_password(db, EMAIL, PASSWORD)
    day = date(2025, 6, 2)
    read, ready = [], []
    for n in range(NOTES + SIGNS):
        mrn = f"B-{n}"
        people.add_patient(db, name=f"Bench {n}", date_of_birth=date(1950, 1, 1), mrn=mrn)
        people.add_plan(db, mrn=mrn, first_treatment=date(2025, 5, 1), goals=["Walk 500 ft"])
        view = notes.new_session(
            db, TEXT, mrn=mrn, clinician_email=EMAIL, timers=_timers(day), day=day
        )
        if n < NOTES:
            read.append(view.note_id)
            continue
        try:
            signing.sign(db, view.note_id, revision=1, clinician_email=EMAIL)
        except SignBlockedError as exc:
            for f in exc.findings:
                notes.acknowledge(db, view.note_id, revision=1, rule=f["rule"], path=f["path"])
        ready.append(view.note_id)
    token, _ = accounts.create_token(db, EMAIL, label="bench")
    session, _ = accounts.login(db, EMAIL, PASSWORD)
    return token, session, read, ready


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(settings: Settings) -> Any:
    port = _free_port()
    env = {**os.environ, "PTSCRIBE_HOME": str(settings.home)}
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        # As `ptscribe serve` builds it: each worker pinned to a CPU of its own.
        "api.main:served_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
        "--no-access-log",
        # uvicorn closes a connection idle for 5 s; a pooled one reused as it closed
        # failed a run once with httpx.ReadError. The paced clients idle between requests.
        "--timeout-keep-alive",
        "60",
    ]
    proc = subprocess.Popen(command, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _session(base: str, **kwargs: Any) -> aiohttp.ClientSession:
    # aiohttp, not httpx: on two cores the load generator shares the CPU with the server,
    # and an httpx AsyncClient spent more of it per request than the server did (its
    # "saturated" rate was the client's own limit, and its event loop's queueing sat in
    # every latency, /health's included).
    connector = aiohttp.TCPConnector(limit=CLIENTS, keepalive_timeout=60)
    timeout = aiohttp.ClientTimeout(total=120)
    return aiohttp.ClientSession(base_url=base, connector=connector, timeout=timeout, **kwargs)


async def _mixed(
    base: str,
    token: str,
    session: str,
    read: list[int],
    pause: float = 0.0,
    clients: int = CLIENTS,
    per_client: int = PER_CLIENT,
) -> tuple[dict[str, list[float]], float]:
    """Each kind's latencies, and the seconds the whole run took; `pause`: each client's
    mean seconds between requests (exponential, seeded), none when 0."""
    rng = random.Random(7)
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    bearer = {"Authorization": f"Bearer {token}"}
    async with _session(base, cookies={SESSION_COOKIE: session}) as c:

        async def client(k: int) -> None:
            for i in range(per_client):
                if pause:
                    await asyncio.sleep(rng.expovariate(1 / pause))
                note = read[(k + i) % len(read)]
                kind = KINDS[(k + i) % len(KINDS)]
                if kind == "health":
                    method, url, headers = "GET", "/health", {}
                elif kind == "note":
                    method, url, headers = "GET", f"/api/notes/{note}", bearer
                elif kind == "validate":
                    method, url, headers = "POST", f"/api/notes/{note}/validate", bearer
                else:
                    method, url, headers = "GET", f"/notes/{note}", {}
                t0 = time.perf_counter()
                # No redirect followed: a session refused would otherwise time the login page.
                async with c.request(method, url, headers=headers, allow_redirects=False) as r:
                    body = await r.read()
                times[kind].append(time.perf_counter() - t0)
                if r.status != 200:
                    raise RuntimeError(f"{kind}: HTTP {r.status} {body[:200]!r}")

        t0 = time.perf_counter()
        await asyncio.gather(*(client(k) for k in range(clients)))
        return times, time.perf_counter() - t0


async def _signs(base: str, token: str, ready: list[int]) -> float:
    queue = list(ready)
    async with _session(base, headers={"Authorization": f"Bearer {token}"}) as c:

        async def client() -> None:
            while queue:
                note = queue.pop()
                sign = f"/api/notes/{note}/sign"
                async with c.post(sign, json={"revision": 1}, allow_redirects=False) as r:
                    body = await r.read()
                if r.status != 200:
                    raise RuntimeError(f"sign: HTTP {r.status} {body[:200]!r}")

        t0 = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        return len(ready) / (time.perf_counter() - t0)


def _ms(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def run(label: str, settings: Settings) -> dict[str, float]:
    # The seeding here and the server read the same private data folder, never the user's.
    os.environ["PTSCRIBE_HOME"] = str(settings.home)
    get_settings.cache_clear()
    db = Database.from_settings(settings)
    migrate.upgrade(db)
    token, session, read, ready = _seed(db)
    db.dispose()
    with _server(settings) as base:
        times, elapsed = asyncio.run(_mixed(base, token, session, read))
        rate = sum(len(v) for v in times.values()) / elapsed
        # At most half the saturated rate offered: each client pauses 2 x CLIENTS / rate
        # seconds on average before each request.
        paced, _ = asyncio.run(_mixed(base, token, session, read, pause=2 * CLIENTS / rate))
        light, _ = asyncio.run(
            _mixed(base, token, session, read, 10 * CLIENTS / rate, per_client=LIGHT_PER_CLIENT)
        )
        alone, _ = asyncio.run(_mixed(base, token, session, read, clients=1, per_client=400))
        per_second = asyncio.run(_signs(base, token, ready))
    print(f"\n{label}: {CLIENTS} clients x {PER_CLIENT} requests, {WORKERS} worker(s)")
    print(f"  saturated: {rate:.0f} requests/s served")
    _print(times)
    print(f"  paced: {CLIENTS} clients offering {rate / 2:.0f} requests/s")
    p95 = _print(paced)
    print(f"  light: {CLIENTS} clients offering {rate / 10:.0f} requests/s")
    _print(light)
    # No load: what each request costs next to /health's, with no queue to share. The
    # paced ratios can only come below these where the queueing both wait in is long.
    print("  one client, one request at a time")
    _print(alone)
    print(f"  signs: {per_second:.1f}/s ({len(ready)} notes, {CLIENTS} clients)")
    return {**p95, "signs_per_second": per_second, "requests_per_second": rate}


def _print(times: dict[str, list[float]]) -> dict[str, float]:
    p95 = {k: _ms(v, 95) for k, v in times.items()}
    for kind, values in times.items():
        ratio = "" if kind == "health" else f"  ({p95[kind] / p95['health']:.1f}x health p95)"
        print(
            f"    {kind:9} n={len(values):5}  p50 {_ms(values, 50):7.1f} ms"
            f"  p95 {p95[kind]:7.1f} ms{ratio}"
        )
    goals = {"note": 3, "validate": 5, "review": 3}
    print(
        "    goals: "
        + "; ".join(
            f"{kind} p95 <= {k}x health {'met' if p95[kind] <= k * p95['health'] else 'MISSED'}"
            for kind, k in goals.items()
        )
    )
    return p95


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL") or LOCAL_PG
    try:
        db = Database.from_settings(Settings(database_url=url))
        with db.engine.connect():
            pass
        db.dispose()
        return url
    except (StoreError, Exception):  # no server: the SQLite figures stand alone
        return None


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", Settings(home=Path(tmp) / "home"))
    url = _postgres_url()
    if url is None:
        print("\nPostgreSQL: not reachable, skipped")
        return
    with (
        tempfile.TemporaryDirectory() as tmp,
        scratch_schema(Settings(database_url=url), "bench_api") as scratch,
    ):
        run("PostgreSQL", Settings(home=Path(tmp) / "home", database_url=scratch))


if __name__ == "__main__":
    main()
