"""`make run`: migrate the database in the settings' home, seed the demo clinic on first
start, print the address and the demo logins, then serve the app (uvicorn, one process).

PTSCRIBE_HOME (or DATABASE_URL) chooses the database like every other command; --host and
--port choose where to listen (127.0.0.1:8000 by default: the demo is for this machine).
"""

import argparse
import sys

import uvicorn

from api.main import served_app
from assistant.errors import PtscribeError
from assistant.services import demo
from assistant.settings import get_settings
from assistant.store import migrate
from assistant.store.db import Database, database_url


def prepare() -> bool:
    """Migrate and seed; True when the demo clinic was created now."""
    settings = get_settings()
    db = Database.from_settings(settings)
    try:
        migrate.upgrade(db)
        return demo.seed(db)
    finally:
        db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make run", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        created = prepare()
    except PtscribeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    where = database_url(get_settings()).split("@")[-1]
    out = sys.stdout
    out.write(f"database: {where}{' (demo clinic created)' if created else ''}\n")
    out.write(f"\n  ptscribe is at http://{args.host}:{args.port}/login\n\n  demo logins:\n")
    for login in demo.LOGINS:
        out.write(f"    {login.role:<7} {login.email:<36} {login.password}\n")
    out.write("\n  Ctrl-C stops the server.\n")
    out.flush()
    # One process, served as `ptscribe serve` serves it (pinned to a CPU of its own).
    uvicorn.run(served_app(), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
