"""Recorded model traffic: replay only and no network, unless PTSCRIBE_RECORD=1.

Tests that talk to a model use pytest-recording (`@pytest.mark.vcr`). Without
PTSCRIBE_RECORD=1 the record mode is "none" (a cassette miss fails the test) and every
socket connection outside this machine is refused, so neither CI nor a developer's run can
reach a model by accident. Loopback stays open: tests run real local HTTP servers to produce
failures (HTTP 500, timeouts) that no cassette should fake. `make record` re-records.
"""

import os
from typing import Any

import pytest

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
