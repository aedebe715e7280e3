"""Model settings for the recorded LLM eval (tests/evals/cassettes).

Replay must send byte-for-byte the requests that were recorded (cassettes match on the body),
so the model name, base URL, method and token limit used when recording are written to
`cassettes/recorded_with.json` and read back on replay, as tests/drafting/llm does.
"""

import json
import os
from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.cli.conftest import cli  # noqa: F401 - the console-script fixture, shared
from tests.conftest import RECORDING

CASSETTES = Path(__file__).parent / "cassettes"
RECORDED_WITH = CASSETTES / "recorded_with.json"


@pytest.fixture(scope="session")
def eval_llm_settings() -> Settings:
    if RECORDING:
        base_url = os.environ.get("OPENAI_BASE_URL")
        data: dict[str, object] = {
            "model": os.environ.get("PTSCRIBE_MODEL", "gpt-4o-mini"),
            "base_url": base_url,
            "method": Settings(openai_base_url=base_url).structured_method,
            "max_tokens": int(os.environ.get("PTSCRIBE_LLM_MAX_TOKENS", "1536")),
        }
        CASSETTES.mkdir(exist_ok=True)
        RECORDED_WITH.write_text(json.dumps(data, indent=2) + "\n")
    else:
        data = json.loads(RECORDED_WITH.read_text())
    base_url = data["base_url"]
    return Settings(
        openai_base_url=str(base_url) if base_url else None,
        openai_api_key=os.environ.get("OPENAI_API_KEY", "replayed") if RECORDING else "replayed",
        model=str(data["model"]),
        llm_method=data["method"],  # type: ignore[arg-type]
        llm_max_tokens=int(str(data["max_tokens"])),
        llm_max_retries=0,  # a cassette miss must fail at once, not retry
        llm_timeout=600.0 if RECORDING else 30.0,
    )
