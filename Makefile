# Every target creates .venv on demand and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint install clean docs record eval

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

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bill_bench.py
	$(BIN)/python bench/validate_bench.py
	$(BIN)/python bench/draft_bench.py

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
