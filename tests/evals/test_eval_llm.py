"""The eval over the LLM backend, replayed from cassettes for a small fixed set of cases.

Recorded against SmolLM2-135M on a local llama.cpp server (see scripts/record.sh): a tiny
model that mostly fails to fill the schema, so the pipeline falls back to the offline
drafter. The test pins the machinery (concurrent drafting through the recorded client,
scoring, the llm threshold profile), not a good model's quality. Re-record with
`PTSCRIBE_RECORD=1 OPENAI_BASE_URL=... PTSCRIBE_MODEL=... pytest tests/evals/test_eval_llm.py`.
"""

import pytest

from assistant.drafting.llm import LLMDrafter
from assistant.settings import Settings
from evals import gate
from evals.metrics import metrics
from evals.runner import run

N, SEED = 1, 2  # one clean visit (cervicalgia) in all three styles: 3 drafts


@pytest.mark.vcr
def test_llm_eval_on_recorded_cases(eval_llm_settings: Settings) -> None:
    results = run(
        "llm",
        N,
        SEED,
        workers=3,
        options={"llm_factory": lambda: LLMDrafter(eval_llm_settings)},
    )
    assert len(results) == 3
    assert not [r.failure for r in results if r.failure]
    # A fallback for the model's own failure is fair; one for a cassette miss is not.
    assert not [r.notice for r in results if "assette" in r.notice]
    figures = metrics(results, "llm", N, SEED, 0.0)
    assert gate.check(figures, "llm") == []
