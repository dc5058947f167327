# Two commands for a newcomer: `make demo` and `make test`. Both build .venv/ from nothing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := sqlite:///demo.db

.PHONY: install demo test check lint clean-venv

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f demo.db
	$(BIN)/swapledger ingest examples/pages --db $(DEMO_DB)
	$(BIN)/swapledger records --db $(DEMO_DB)
	$(BIN)/swapledger ledger --db $(DEMO_DB)
	$(BIN)/swapledger agreements --db $(DEMO_DB)
	$(BIN)/swapledger totals --db $(DEMO_DB)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check swapledger tests benchmarks

check: lint test

clean-venv:
	rm -rf $(VENV)
