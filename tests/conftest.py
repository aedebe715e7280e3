"""Recorded model traffic: replay only and no network, unless PTSCRIBE_RECORD=1.

Tests that talk to a model use pytest-recording (`@pytest.mark.vcr`). Without
PTSCRIBE_RECORD=1 the record mode is "none" (a cassette miss fails the test) and every
socket connection outside this machine is refused, so neither CI nor a developer's run can
reach a model by accident. Loopback stays open: tests run real local HTTP servers to produce
failures (HTTP 500, timeouts) that no cassette should fake. `make record` re-records.
"""

import json
import os
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings

RECORDING = os.environ.get("PTSCRIBE_RECORD") == "1"

# Credentials and session cookies never reach a cassette.
FILTERED_HEADERS = ["authorization", "cookie", "set-cookie", "openai-organization", "api-key"]
# Loopback addresses and Unix sockets (a local database) only; pytest-recording matches
# these regexes against the address being connected to.
LOOPBACK = [r"127\.\d+\.\d+\.\d+$", r"::1$", r"localhost$", r"/"]


def pytest_configure(config: pytest.Config) -> None:
    mode = config.getoption("--record-mode", default=None)
    if RECORDING:
        if mode is None:
            config.option.record_mode = "once"
        return
    if mode not in (None, "none"):
        raise pytest.UsageError("recording model traffic needs PTSCRIBE_RECORD=1 (make record)")
    config.option.block_network = True


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in FILTERED_HEADERS:
            del headers[name]
    return response


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, object]:
    return {
        "filter_headers": FILTERED_HEADERS,
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
        # The body is part of the match: a changed prompt or schema must be re-recorded,
        # not silently answered by an old recording.
        "match_on": ["method", "path", "query", "body"],
    }


@pytest.fixture
def allowed_hosts() -> list[str]:
    return LOOPBACK


def recorded_settings(cassettes: Path, default_max_tokens: int) -> Settings:
    """Model settings for cassette tests: taken from the environment when recording (and
    saved beside the cassettes), read back from that file on replay so the requests match
    the recorded ones byte for byte."""
    saved = cassettes / "recorded_with.json"
    if RECORDING:
        base_url = os.environ.get("OPENAI_BASE_URL")
        data: dict[str, object] = {
            "model": os.environ.get("PTSCRIBE_MODEL", "gpt-4o-mini"),
            "base_url": base_url,
            "method": Settings(openai_base_url=base_url).structured_method,
            "max_tokens": int(os.environ.get("PTSCRIBE_LLM_MAX_TOKENS", str(default_max_tokens))),
            "prompt": Settings().draft_prompt,
        }
        cassettes.mkdir(exist_ok=True)
        saved.write_text(json.dumps(data, indent=2) + "\n")
    else:
        data = json.loads(saved.read_text())
    base_url = data["base_url"]
    return Settings(
        openai_base_url=str(base_url) if base_url else None,
        # Replay needs no key; recording uses the real one (or a dummy for a local server).
        openai_api_key=os.environ.get("OPENAI_API_KEY", "replayed") if RECORDING else "replayed",
        model=str(data["model"]),
        llm_method=data["method"],  # type: ignore[arg-type]
        llm_max_tokens=int(str(data["max_tokens"])),
        llm_max_retries=0,  # a cassette miss must fail at once, not retry
        llm_timeout=600.0 if RECORDING else 30.0,
        llm_deadline=600.0 if RECORDING else 60.0,
        # The prompt (and with it the schema) the cassettes were recorded with; files from
        # before prompts were recorded here used v1.
        draft_prompt=str(data.get("prompt", "draft_note.v1")),
    )
