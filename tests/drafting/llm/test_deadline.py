"""One wall-clock deadline per LLM draft, retries included, against real loopback servers:
one that sends its headers and then a byte a second (an httpx read timeout never fires, it
restarts with every byte) and one that accepts and says nothing. The draft must come back as
the offline fallback within the deadline plus a little, with a notice that states it."""

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from assistant.drafting.deadline import Deadline, DeadlineExceeded, call_within
from assistant.drafting.llm import LLMDrafter, request_timeout
from assistant.drafting.masking import Masker
from assistant.services.drafting import DraftOutcome, draft_session
from assistant.settings import Settings
from tests.drafting.llm.conftest import GAIT_DICTATION, session
from tests.drafting.llm.local_server import (
    completion,
    local_server,
    raw_server,
    silent,
    tool_call,
    trickle,
)
from tests.drafting.llm.test_assemble import _extraction

DEADLINE = 1.5
# Thread start-up, the offline draft and validation; far below any timeout in play.
SLACK = 1.0


@pytest.fixture(autouse=True, scope="module")
def _warm() -> None:
    """Load once what a first draft loads (lexicon, code set, the masker's NER model), so
    the timings below measure the model call and the fallback, not a cold process."""
    draft_session(session(GAIT_DICTATION), "offline")
    Masker.for_session(session(GAIT_DICTATION)).mask(GAIT_DICTATION)


def _settings(base_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "openai_base_url": base_url,
        "openai_api_key": "local",
        "model": "local-test",
        "llm_method": "function_calling",
        "llm_timeout": 5.0,
        "llm_max_retries": 2,
        "llm_deadline": DEADLINE,
        **overrides,
    }
    return Settings(**values)


def _draft(url: str, **overrides: Any) -> tuple[DraftOutcome, float]:
    settings = _settings(url, **overrides)
    started = time.monotonic()
    outcome = draft_session(
        session(GAIT_DICTATION), "llm", llm_factory=lambda: LLMDrafter(settings)
    )
    return outcome, time.monotonic() - started


def _model_calls() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "ptscribe-model-call"]


def _assert_fallback(outcome: DraftOutcome, elapsed: float) -> None:
    assert elapsed < DEADLINE + SLACK, f"took {elapsed:.2f} s"
    assert outcome.drafter.backend == "offline"
    notice = outcome.drafter.notice or ""
    assert f"within the {DEADLINE:g} s deadline" in notice
    assert "PTSCRIBE_LLM_DEADLINE" in notice
    assert "offline draft shown" in notice
    assert any(f.rule == "PL002" and f.message == notice for f in outcome.findings)
    # The fallback is a real draft, not an empty one.
    assert [i.code for i in outcome.note.interventions] == ["97116", "97112"]


def _wait_for_no_model_call(seconds: float) -> None:
    end = time.monotonic() + seconds
    while _model_calls() and time.monotonic() < end:
        time.sleep(0.05)
    assert not _model_calls(), "the abandoned model call is still running"


@pytest.mark.parametrize("handler", [trickle, silent], ids=["trickle", "silent"])
def test_a_stalling_server_gets_the_offline_fallback_by_the_deadline(
    handler: Callable[..., None],
) -> None:
    with raw_server(handler) as url:
        outcome, elapsed = _draft(url)
        _assert_fallback(outcome, elapsed)
        # The transport stops the abandoned call soon after, while the server still
        # stalls, and the SDK does not retry past the deadline: no thread or connection
        # is left behind to hold the process open at exit.
        _wait_for_no_model_call(2.0)


def test_the_deadline_holds_across_retries() -> None:
    # Six attempts of 0.4 s each plus the SDK's back-off would take about 15 s.
    with raw_server(silent) as url:
        outcome, elapsed = _draft(url, llm_timeout=0.4, llm_max_retries=5)
    _assert_fallback(outcome, elapsed)


def test_the_request_timeout_is_bounded_by_the_deadline() -> None:
    assert request_timeout(Settings(llm_timeout=60, llm_deadline=2)) == 2
    assert request_timeout(Settings(llm_timeout=5, llm_deadline=120)) == 5


def test_deadline_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTSCRIBE_LLM_DEADLINE", "7.5")
    assert Settings().llm_deadline == 7.5


def test_call_within_returns_the_result_or_the_exception_on_time() -> None:
    assert call_within(Deadline(1.0), lambda: 42) == 42
    with pytest.raises(ZeroDivisionError):
        call_within(Deadline(1.0), lambda: 1 // 0)
    release = threading.Event()
    closed = threading.Event()
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        call_within(Deadline(0.2), lambda: release.wait(5), on_exit=closed.set)
    assert time.monotonic() - started < 0.2 + SLACK
    release.set()
    # The abandoned call's clean-up still runs once it ends.
    assert closed.wait(2)


def test_local_work_before_the_call_does_not_use_up_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Masking a first session loads a NER model (seconds); the server must still get the
    # whole deadline for its answer.
    real = Masker.for_session

    def slow(session: Any) -> Masker:
        time.sleep(DEADLINE + 0.5)
        return real(session)

    monkeypatch.setattr(Masker, "for_session", slow)
    answer = completion(tool_call(json.dumps(_extraction().model_dump(mode="json"))))
    with local_server(lambda body: (200, answer, 0.0)) as url:
        outcome, _ = _draft(url)
    assert outcome.drafter.backend == "llm", outcome.drafter.notice
