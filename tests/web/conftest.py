"""The web tests' world: a demo clinic in a private SQLite database, the real app served by
uvicorn on a loopback port, and Debian's Chromium driven by Playwright.

Outside CI a missing browser, Playwright or axe-core skips the browser tests with the reason;
with CI=true it fails them instead, so CI can never pass by not running them. Every page
visited is screenshotted under test-artifacts/web/ and checked with axe-core.
"""

import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from api.main import create_app
from assistant.services import demo
from assistant.settings import Settings, get_settings
from assistant.store import migrate
from assistant.store.db import Database

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = Path(os.environ.get("PTSCRIBE_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# As the machine notes say Debian's Chromium runs here as root, with no calls home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


@dataclass
class Clinic:
    url: str
    db: Database
    settings: Settings


@dataclass
class Seeded:
    db: Database
    settings: Settings


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """The demo clinic in a private SQLite home (one per test session; tests add their own
    patients and notes, so they never depend on one another's)."""
    home = tmp_path_factory.mktemp("web-home")
    saved = os.environ.get("PTSCRIBE_HOME")
    os.environ["PTSCRIBE_HOME"] = str(home)
    # SQLite even where DATABASE_URL names a PostgreSQL (the store's tests run there): the
    # pages' tests would seed their demo clinic into that database's own tables.
    saved_url = os.environ.pop("DATABASE_URL", None)
    get_settings.cache_clear()
    settings = get_settings()
    db = Database.from_settings(settings)
    migrate.upgrade(db)
    demo.seed(db)
    yield Seeded(db, settings)
    db.dispose()
    if saved is None:
        os.environ.pop("PTSCRIBE_HOME", None)
    else:
        os.environ["PTSCRIBE_HOME"] = saved
    if saved_url is not None:
        os.environ["DATABASE_URL"] = saved_url
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _clinic_home(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    # Service calls read PTSCRIBE_HOME: keep it on the clinic's even if a test changed it.
    monkeypatch.setenv("PTSCRIBE_HOME", str(seeded.settings.home))
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def clinic(seeded: Seeded) -> Iterator[Clinic]:
    """The demo clinic behind the real app served by uvicorn on a loopback port."""
    config = uvicorn.Config(
        create_app(seeded.settings), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield Clinic(f"http://127.0.0.1:{port}", seeded.db, seeded.settings)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        unavailable(f"axe-core is not installed at {AXE} (make axe, which needs npm)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    """A page that fails its test if the Content-Security-Policy refused anything on it: a
    refused script or style is a part of the page the user silently did without (htmx once
    settled a style attribute after every save)."""
    opened = context.new_page()
    refused: list[str] = []

    def seen(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            refused.append(message.text)

    opened.on("console", seen)
    yield opened
    assert not refused, refused


class Pages:
    """Screenshots and accessibility checks of every page a test visits."""

    def __init__(self, axe: str) -> None:
        self.axe = axe
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def check(self, page: Any, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        page.evaluate(self.axe)
        result = page.evaluate(
            "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
            " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
        )
        bad = [v for v in result if v["impact"] in ("serious", "critical")]
        (ARTIFACTS / f"{name}.axe.json").write_text(json.dumps(result, indent=1))
        assert not bad, f"{name}: serious or critical accessibility violations: {bad}"


@pytest.fixture(scope="session")
def pages(axe_source: str) -> Pages:
    return Pages(axe_source)


def log_in(page: Any, url: str, who: demo.Login) -> None:
    page.goto(url + "/login")
    page.fill("#email", who.email)
    page.fill("#password", who.password)
    page.click("form[action='/signin'] button[type=submit]")
    page.wait_for_load_state()


def record_figure(name: str, value: float, unit: str, goal: str) -> None:
    """Figures for the report, appended to test-artifacts/web/figures.json."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "figures.json"
    figures = json.loads(path.read_text()) if path.exists() else {}
    figures[name] = {"value": round(value, 4), "unit": unit, "goal": goal}
    path.write_text(json.dumps(figures, indent=1))


_serial = iter(range(1, 1_000_000))


def new_patient(clinic: Clinic | Seeded, *, cosign: bool = False) -> tuple[int, str]:
    """A patient of the test's own (id, MRN) with a plan of care, so tests do not share notes."""
    from datetime import date, timedelta

    from assistant.services import people, worklist

    mrn = f"T-{os.getpid()}-{next(_serial)}"
    people.add_patient(
        clinic.db, name=f"Test Patient {mrn}", date_of_birth=date(1960, 5, 5), mrn=mrn
    )
    start = date.today() - timedelta(days=20)
    people.add_plan(
        clinic.db,
        mrn=mrn,
        first_treatment=start,
        certified_through=start + timedelta(days=80),
        goals=["Climb 12 stairs with one rail"],
        requires_cosign=cosign,
    )
    found = [p for p in worklist.patients(clinic.db, clinic_id=1) if p.mrn == mrn]
    return found[0].id, mrn
