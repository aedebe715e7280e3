import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "ptscribe"
ROOT = Path(__file__).parents[2]

Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli(tmp_path: Path) -> Runner:
    """Run the installed console script as a user would, with a private data folder."""

    def run(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PTSCRIBE_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
        data = stdin.encode() if isinstance(stdin, str) else stdin
        proc = subprocess.run(
            [str(SCRIPT), *args], input=data, capture_output=True, env=env, cwd=ROOT, timeout=60
        )
        return subprocess.CompletedProcess(
            proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode()
        )

    return run
