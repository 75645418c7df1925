# Lan Tỏa — `make` lists the commands.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_WORKERS ?= 2
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help demo test test-sqlite test-postgres lint messages system-packages serve worker clean

help: ## list the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Lan Tỏa needs Python 3.11 or newer."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

demo: $(STAMP) ## serve the product with demo data at http://127.0.0.1:8000 (PORT overrides)
	PORT=$(PORT) $(BIN)/lantoa demo

serve: $(STAMP) ## serve with granian (production settings come from the environment)
	$(BIN)/lantoa serve

worker: $(STAMP) ## run the background task worker
	$(BIN)/lantoa worker

system-packages: ## install the Debian packages of deploy/debian-packages.txt that are missing (as root)
	@scripts/system-packages.sh

test: $(STAMP) ## run the whole suite: SQLite always, PostgreSQL when DATABASE_URL is set, browser tests when Chromium is present
	@scripts/system-packages.sh --if-root
	@scripts/run-tests.sh

lint: $(STAMP) ## ruff, mypy and import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy lantoa

messages: $(STAMP) ## refresh Lan Tỏa's catalogues and compile every catalogue
	$(BIN)/lantoa makemessages -l vi -l en --no-obsolete --no-location \
		--ignore "tests/*" --ignore "scripts/*" --ignore "bench/*" --ignore "docs/*" --ignore "var/*" --ignore "build/*"
	scripts/compile-catalogues.sh

clean: ## remove the virtualenv and local data
	rm -rf $(VENV) var test-artifacts
