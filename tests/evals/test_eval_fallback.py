"""An llm eval never reports the offline drafter's figures as the model's: drafts that fell
back are labelled and scored apart, and a run whose model drafts nothing stops with one
clear line instead of exiting 0 with offline figures under the llm's name."""

import socket
import threading
from pathlib import Path

import pytest

from assistant.domain.session import SessionInput
from assistant.drafting.base import Draft
from assistant.drafting.offline import OfflineDrafter
from assistant.errors import DrafterError
from evals import report
from evals.metrics import metrics
from evals.runner import PROBE, NoModelDrafts, run
from tests.cli.conftest import Runner


class _Flaky:
    """Stands in for a model that answers every other call (with the offline reading,
    relabelled as its own) and fails in between."""

    calls = 0

    def draft(self, session: SessionInput) -> Draft:
        _Flaky.calls += 1
        if _Flaky.calls % 2 == 0:
            raise DrafterError("the model's output is not valid JSON")
        draft = OfflineDrafter().draft(session)
        return draft.model_copy(
            update={"drafter": draft.drafter.model_copy(update={"backend": "llm"})}
        )


class _Down:
    calls = 0
    lock = threading.Lock()

    def draft(self, session: SessionInput) -> Draft:
        with self.lock:
            _Down.calls += 1
        raise DrafterError("the model server could not be reached")


def test_fallback_drafts_are_labelled_and_scored_apart() -> None:
    results = run(
        "llm", 2, 3, ("shorthand", "dictation"), workers=1, options={"llm_factory": _Flaky}
    )
    fell_back = [r for r in results if r.notice]
    assert fell_back
    assert len(fell_back) < len(results)
    figures = metrics(results, "llm", 2, 3, 0.0)
    parts = figures["by_drafter"]
    assert parts["llm"]["cases"] == len(results) - len(fell_back)
    assert parts["offline_fallback"]["cases"] == len(fell_back)
    summary = report.markdown(figures)
    assert (
        f"{len(fell_back)} of {len(results)} drafts are the offline drafter's fallback" in summary
    )
    assert "| llm drafts only |" in summary
    assert "| offline_fallback |" in summary


def test_offline_runs_carry_no_drafter_split() -> None:
    results = run("offline", 1, 3, ("shorthand",))
    assert "by_drafter" not in metrics(results, "offline", 1, 3, 0.0)


@pytest.mark.parametrize("workers", [1, 3])
def test_a_model_that_drafts_nothing_stops_the_run_early(workers: int) -> None:
    _Down.calls = 0
    with pytest.raises(NoModelDrafts, match="could not be reached") as caught:
        run("llm", 20, 3, workers=workers, options={"llm_factory": _Down})
    assert f"the first {PROBE} drafts all fell back" in str(caught.value)
    # 60 cases were asked for; only the probe and the drafts already under way ran (a
    # cloned case drafts twice).
    assert _Down.calls <= 2 * (PROBE + workers)


def test_eval_run_against_an_unreachable_server_fails_with_one_line(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe socket is closed.
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("PTSCRIBE_LLM_MAX_RETRIES", "0")
    out = tmp_path / "out"
    proc = cli("eval", "run", "--backend", "llm", "--n", "50", "--seed", "1", "--out", str(out))
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: no llm draft to score: the first 3 drafts all fell back to the offline "
        "drafter (LLM drafter failed: the model server could not be reached)"
    ]
    assert not (out / "metrics.json").exists()
