"""Every way a model call fails ends in DrafterError with a short reason (the pipeline then
falls back to the offline drafter). Failures are produced by a real HTTP server on loopback;
the truncation case that a real model produces is replayed from its cassette."""

import json
import socket
from typing import Any

import pytest

from assistant.drafting.llm import LLMDrafter
from assistant.errors import DrafterError
from assistant.settings import Settings
from tests.drafting.llm.conftest import (
    GAIT_DICTATION,
    PATIENT,
    PHI_DICTATION,
    TRUNCATED_MAX_TOKENS,
    session,
)
from tests.drafting.llm.local_server import Answer, completion, local_server, tool_call


def _settings(base_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "openai_base_url": base_url,
        "openai_api_key": "local",
        "model": "local-test",
        "llm_method": "function_calling",
        "llm_max_retries": 0,
        "llm_timeout": 5.0,
        **overrides,
    }
    return Settings(**values)


def _draft_against(respond: Any, **overrides: Any) -> DrafterError:
    with local_server(respond) as url:
        drafter = LLMDrafter(_settings(url, **overrides))
        with pytest.raises(DrafterError) as caught:
            drafter.draft(session(PHI_DICTATION, patient=PATIENT))
    return caught.value


def _assert_phi_free(error: DrafterError) -> None:
    for value in ("Maria", "Alvarez", "A4471902", "555-0142", "Elm Street", "1958"):
        assert value not in str(error)


def test_http_500_is_a_drafter_error() -> None:
    error = _draft_against(lambda body: (500, {"error": {"message": "boom"}}, 0.0))
    assert "HTTP 500" in str(error)
    _assert_phi_free(error)


def test_http_429_is_a_drafter_error() -> None:
    error = _draft_against(lambda body: (429, {"error": {"message": "slow down"}}, 0.0))
    assert "HTTP 429" in str(error)


def test_timeout_is_a_drafter_error() -> None:
    # The server holds its answer for 5 s; the client gives up after 0.3 s.
    error = _draft_against(lambda body: (200, {}, 5.0), llm_timeout=0.3)
    assert "did not answer within 0.3 s" in str(error)


def test_unreachable_server_is_a_drafter_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe socket is closed.
    drafter = LLMDrafter(_settings(f"http://127.0.0.1:{port}/v1"))
    with pytest.raises(DrafterError, match="could not be reached"):
        drafter.draft(session(GAIT_DICTATION))


def test_answer_without_tool_call_is_a_drafter_error() -> None:
    message = {"role": "assistant", "content": "Sure! Here is your note: ..."}
    error = _draft_against(lambda body: (200, completion(message), 0.0))
    assert "no structured note" in str(error)


def test_output_not_matching_the_schema_is_a_drafter_error() -> None:
    arguments = json.dumps({"subjective": "Maria Alvarez ok", "interventions": "lots"})
    error = _draft_against(lambda body: (200, completion(tool_call(arguments)), 0.0))
    assert "not a valid note" in str(error)
    _assert_phi_free(error)


def test_malformed_json_arguments_is_a_drafter_error() -> None:
    error = _draft_against(lambda body: (200, completion(tool_call('{"subjective": "')), 0.0))
    assert "not valid JSON" in str(error)


def test_refusal_is_a_drafter_error() -> None:
    # OpenAI's structured outputs answer a refusal in its own field, with json_schema.
    message = {"role": "assistant", "content": None, "refusal": "I can't help with that."}

    def respond(body: dict[str, Any]) -> Answer:
        assert body["response_format"]["type"] == "json_schema"
        return 200, completion(message), 0.0

    error = _draft_against(respond, llm_method="json_schema")
    assert "refused" in str(error)


def test_length_finish_with_json_schema_is_a_drafter_error() -> None:
    message = {"role": "assistant", "content": '{"subjective": "knee'}
    error = _draft_against(
        lambda body: (200, completion(message, finish_reason="length"), 0.0),
        llm_method="json_schema",
    )
    assert "cut off" in str(error)


def test_broken_prompt_file_is_a_drafter_error(tmp_path: Any) -> None:
    drafter = LLMDrafter(_settings("http://127.0.0.1:9/v1", prompts_dir=tmp_path))
    with pytest.raises(DrafterError, match="cannot be read"):
        drafter.draft(session(GAIT_DICTATION))


@pytest.mark.vcr
def test_truncated_output_from_a_real_model(llm_settings: Settings) -> None:
    """Recorded: the real server stops at max_tokens mid-JSON (finish_reason "length")."""
    settings = llm_settings.model_copy(update={"llm_max_tokens": TRUNCATED_MAX_TOKENS})
    with pytest.raises(DrafterError, match="cut off at max_tokens=24"):
        LLMDrafter(settings).draft(session(GAIT_DICTATION))
