"""Model settings for the recorded LLM eval (tests/evals/cassettes).

Replay must send byte-for-byte the requests that were recorded (cassettes match on the body),
so the model name, base URL, method and token limit used when recording are written to
`cassettes/recorded_with.json` and read back on replay, as tests/drafting/llm does.
"""

from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.cli.conftest import cli  # noqa: F401 - the console-script fixture, shared
from tests.conftest import recorded_settings

CASSETTES = Path(__file__).parent / "cassettes"


@pytest.fixture(scope="session")
def eval_llm_settings() -> Settings:
    return recorded_settings(CASSETTES, default_max_tokens=1536)
