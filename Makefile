# Two commands for a newcomer: `make demo` and `make test`. Both build .venv/ from nothing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := sqlite:///demo.db

.PHONY: install demo test services check lint clean-venv

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f demo.db
	$(BIN)/swapledger ingest examples/pages --db $(DEMO_DB)
	$(BIN)/swapledger ledger --db $(DEMO_DB)
	$(BIN)/swapledger agreements --db $(DEMO_DB)
	$(BIN)/swapledger totals --db $(DEMO_DB)
	$(BIN)/swapledger records --db $(DEMO_DB)

# Each script in scripts/services/ prepares one thing the tests need beyond Python
# (a PostgreSQL server, Debian's Chromium). A script that cannot do its job says so
# in one line and exits 0: the tests that need it then skip with that reason.
services: $(STAMP)
	@for s in scripts/services/*.sh; do [ -e "$$s" ] && bash "$$s" || true; done

test: $(STAMP) services
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check swapledger tests benchmarks

check: lint test

clean-venv:
	rm -rf $(VENV)
