# Lan Tỏa — `make` lists the commands.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.DEFAULT_GOAL := help
.PHONY: help demo test test-sqlite test-postgres lint messages system-packages serve worker clean

help: ## list the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# The runtime packages (requirements.lock) for the demo; with the test and lint tools
# (requirements-dev.lock) for everything else. Both are generated from pyproject.toml:
#   uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
#   uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements-dev.lock
define install
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Lan Tỏa needs Python 3.11 or newer."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(1)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
endef

$(STAMP): requirements.lock pyproject.toml
	$(call install,requirements.lock)
	@touch $(STAMP)

$(DEV_STAMP): requirements-dev.lock pyproject.toml
	$(call install,requirements-dev.lock)
	@touch $(STAMP) $(DEV_STAMP)

demo: $(STAMP) ## serve the product with demo data at http://127.0.0.1:8000 (PORT overrides)
	$(if $(PORT),PORT=$(PORT) )$(BIN)/lantoa demo

serve: $(STAMP) ## serve with granian (production settings come from the environment)
	$(BIN)/lantoa serve

worker: $(STAMP) ## run the background task worker
	$(BIN)/lantoa worker

system-packages: ## install the Debian packages of deploy/debian-packages.txt that are missing (as root)
	@scripts/system-packages.sh

test: $(DEV_STAMP) ## run the whole suite: SQLite always, PostgreSQL when DATABASE_URL is set, browser tests when Chromium is present
	@scripts/system-packages.sh --if-root
	@scripts/run-tests.sh

.PHONY: fuzz
FUZZ_EXAMPLES ?= 500
fuzz: $(DEV_STAMP) ## fuzz every API operation as each role with Schemathesis, 500 generated cases each (FUZZ_EXAMPLES=)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider tests/api/test_fuzz.py

lint: $(DEV_STAMP) ## ruff, mypy, import contracts and known vulnerabilities of the pinned packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy lantoa
	scripts/audit-dependencies.sh

messages: $(DEV_STAMP) ## refresh Lan Tỏa's catalogues and compile every catalogue
	$(BIN)/lantoa makemessages -l vi -l en --no-obsolete --no-location \
		--ignore "tests/*" --ignore "scripts/*" --ignore "bench/*" --ignore "docs/*" --ignore "var/*" --ignore "build/*"
	# English: every msgstr is its msgid, written anew so that no stale (fuzzy-matched) text survives.
	msgfilter --keep-header -i locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po sed -e d
	msgen -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgattrib --clear-fuzzy --no-obsolete -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	scripts/compile-catalogues.sh

clean: ## remove the virtualenv and local data
	rm -rf $(VENV) var test-artifacts
