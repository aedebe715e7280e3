# Every target creates .venv on demand and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-pg bench lint install clean docs record eval axe

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The web app with a demo clinic: migrates and seeds the database in PTSCRIBE_HOME on first
# start, prints the address and the demo logins, serves until Ctrl-C.
run: $(STAMP)
	$(BIN)/python -m web.demo

test: $(STAMP) lint axe
	$(BIN)/python -m pytest

# axe-core for the web tests' accessibility checks, from the npm registry into .cache/ (the
# tests skip them without it, except under CI=true, where they fail).
AXE_VERSION := 4.14.1
AXE := .cache/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix .cache/axe --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION); \
	else echo "npm not found: the web tests' accessibility checks will be skipped"; fi

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
	$(BIN)/python bench/api_bench.py

docs: $(STAMP)
	$(BIN)/ptscribe rules --format markdown > docs/rules.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .cache test-artifacts

# Re-record LLM cassettes from a real server (local llama.cpp by default; see the script header).
record: $(STAMP)
	scripts/record.sh

# The full eval suite (make test runs a smaller fixed-seed gate).
eval: $(STAMP)
	$(BIN)/ptscribe eval run --backend offline --n 1000 --seed 1 --out eval-out/offline --gate offline
