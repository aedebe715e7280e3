"""Web figures in a real browser: Debian's Chromium (headless) against the app served by
uvicorn over a fresh demo clinic in a temporary SQLite home.

- draft: from pressing Draft on the new-session page to the review page with its findings
  parsed (DOMContentLoaded; the offline drafter, a dictation with typed minutes); goal 1 s;
- save: from pressing Save on the review page to the settled swap of the new revision's
  claim panel; goal under 300 ms;
Both are timed by the page's own clock, so Playwright's round trips are not in them.
- bytes: the JavaScript and CSS each page loads (goal under 100 KB, no framework build).
The review page under 50 concurrent sessions is in the API bench (bench/api_bench.py): a
server process of its own, with the API's requests in the same run; here the server shares
the browser's process.

    .venv/bin/python bench/web_bench.py [--runs 10]

Prints one JSON object. Timings are wall clock on a shared machine: compare medians.
"""

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DICTATION = (
    "Patient reports knee pain four out of ten. Diagnosis M17.11 primary osteoarthritis right "
    "knee. Straight leg raises on the right, three sets of ten with a two pound ankle weight. "
    "Long arc quads three sets of ten with two pounds. Heel slides two sets of fifteen. Needed "
    "verbal cues for quad activation. Exercises performed to improve quad strength for stair "
    "climbing. Tolerated well, pain three out of ten after."
)


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "runs": len(ordered),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="ptscribe-web-bench-")
    os.environ["PTSCRIBE_HOME"] = home
    from api.main import create_app
    from assistant.services import demo
    from assistant.settings import get_settings
    from assistant.store import migrate
    from assistant.store.db import Database

    settings = get_settings()
    db = Database.from_settings(settings)
    migrate.upgrade(db)
    demo.seed(db)
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    drafts: list[float] = []
    saves: list[float] = []
    weights: dict[str, int] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.goto(url + "/login")
        page.fill("#email", demo.PT.email)
        page.fill("#password", demo.PT.password)
        page.click("form[action='/signin'] button[type=submit]")
        page.wait_for_url(url + "/")
        patient = 1  # the demo clinic's first patient
        for run in range(args.runs + 1):  # the first run warms the process: not counted
            page.goto(f"{url}/sessions/new?patient={patient}")
            page.fill("#text", DICTATION)
            page.select_option("#minutes_code_0", "97110")
            page.fill("#minutes_value_0", "25")
            # Timed inside the page (Date.now() at the click, then the review page's
            # DOMContentLoaded), so the test driver's own round trips are not counted.
            page.evaluate(
                "() => { sessionStorage.t0 = Date.now();"
                " document.getElementById('draft-button').click(); }"
            )
            page.wait_for_url(re.compile(r"/notes/\d+$"))
            page.locator("#findings").wait_for()
            took = page.evaluate(
                "() => (performance.timing.domContentLoadedEventEnd - Number(sessionStorage.t0))"
            )
            if run:
                drafts.append(took / 1000)
            page.fill("#field-plan", f"Continue plan of care; run {run}.")
            revision = int(page.locator("#revision").get_attribute("value") or "0")
            page.evaluate(
                """(rev) => new Promise((done) => {
                    const t0 = performance.now();
                    document.addEventListener('htmx:afterSettle', function seen() {
                        const claim = document.getElementById('claim');
                        if (claim && claim.dataset.revision === String(rev + 1)) {
                            window.__saveMs = performance.now() - t0;
                            document.removeEventListener('htmx:afterSettle', seen);
                            done();
                        }
                    });
                    document.getElementById('save-button').click();
                })""",
                revision,
            )
            if run:
                saves.append(page.evaluate("() => window.__saveMs") / 1000)
        for path in ("/", "/sessions/new", page.url.removeprefix(url), "/patients/1"):
            html = page.request.get(url + path).text()
            assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
            weights[path if not path.startswith("/notes/") else "/notes/N"] = sum(
                len(page.request.get(url + a).body()) for a in assets
            )
        browser.close()
    server.should_exit = True
    thread.join(timeout=10)
    db.dispose()
    result = {
        "draft_to_reviewable": _summary(drafts),
        "save_to_recomputed_claim": _summary(saves),
        "js_css_bytes_per_page": weights,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
