# Two entry points (see README): `make run` and `make test`. Both create .venv on first use.
# Also: `make test-fast` (no app, server or browser tests), `make baseline` (rewrite tests/baseline.json).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast baseline bench lint clean

$(BIN)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev: requirements-dev.txt requirements.txt $(BIN)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(BIN)/.runtime
	$(BIN)/python -m deploy.serve run app.py  # streamlit, with TCP_NODELAY (deploy/serve.py)

# Browser tests need Chromium; install Debian's package when we are root and it is missing.
test: $(BIN)/.dev
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || echo "chromium not installed: browser tests will be skipped"
	$(BIN)/python -m pytest

# Rewrite tests/baseline.json from the current code; only when a change to the headline figures is intended.
baseline: $(BIN)/.dev
	$(BIN)/python -m tests.update_baseline

# The model, command-line and unit tests: no AppTest, servers, nginx or browser (tiers marked in tests/conftest.py).
FAST := not slow and not browser and not app and not deploy and not load
test-fast: $(BIN)/.dev
	$(BIN)/python -m pytest -m "$(FAST)"

bench: $(BIN)/.dev
	$(BIN)/python -m benchmarks.run_all

lint: $(BIN)/.dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts
