# Every target creates .venv on demand and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-pg bench lint install clean docs record eval

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/ptscribe draft examples/dictation.txt --context examples/context.json --format text

test: $(STAMP) lint
	$(BIN)/python -m pytest

# The store, service and store-CLI tests again on a real PostgreSQL (races included).
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
STORE_TESTS := tests/store tests/services tests/cli/test_store_cli.py tests/domain/test_lifecycle.py \
	tests/exports tests/api
test-pg: $(STAMP)
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest $(STORE_TESTS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bill_bench.py
	$(BIN)/python bench/validate_bench.py
	$(BIN)/python bench/draft_bench.py
	$(BIN)/python bench/store_bench.py
	$(BIN)/python bench/export_bench.py

docs: $(STAMP)
	$(BIN)/ptscribe rules --format markdown > docs/rules.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Re-record LLM cassettes from a real server (local llama.cpp by default; see the script header).
record: $(STAMP)
	scripts/record.sh

# The full eval suite (make test runs a smaller fixed-seed gate).
eval: $(STAMP)
	$(BIN)/ptscribe eval run --backend offline --n 1000 --seed 1 --out eval-out/offline --gate offline
