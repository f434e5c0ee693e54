# Delaktig: the two commands that matter are `make run` and `make test`.
# Needs GNU make, python3 and python3-venv; everything else is installed into .venv.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install; pyproject.toml newer than it means "install again".
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint format bench clean messages screenshots

help:
	@echo "make run     install, migrate, load the demo data, then run the web server on http://$(HOST):$(PORT)/, the PDF worker and the scheduler (Ctrl-C stops all)"
	@echo "make test    install and run the whole test suite (browser tests included)"
	@echo "make lint    ruff check and ruff format --check"
	@echo "make format  ruff check --fix and ruff format"
	@echo "make bench   run the scripts in bench/ (SCALE=medium or SCALE=large: the pages at generated size on PostgreSQL)"
	@echo "make messages  update and compile the Swedish catalogue (needs GNU gettext)"
	@echo "make screenshots  the dialogue page at 1366 and 320 px into docs/screenshots/ (demo in a temporary database; SCREENSHOT_PORT, default 8770)"
	@echo "make clean   remove .venv, caches and the development database"

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# The Swedish catalogue (locale/sv/LC_MESSAGES/django.mo) is committed compiled, so running
# needs no gettext tools. Then honcho runs the Procfile: the web server, the task worker (PDFs) and
# the scheduler (periodic jobs); one Ctrl-C stops them all. -p gives the web process PORT.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	HOST=$(HOST) $(BIN)/honcho start -f Procfile -p $(PORT)

# Pytest's own exit code is make's: failures, errors and "no tests collected" (5) all fail.
# In parallel (pytest-xdist), one worker per core; --dist loadgroup keeps each file in one worker
# and the transactional tests together (tests/conftest.py gives the groups). PYTEST_WORKERS=0
# runs in one process.
PYTEST_WORKERS ?= auto
test: $(STAMP)
	@test -x /usr/bin/chromium || echo "warning: /usr/bin/chromium is missing; the browser tests need it (apt-get install chromium)" >&2
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# SCALE (empty, medium or large) is passed to the scripts; bench/pages.py reads it.
SCALE ?=
bench: $(STAMP)
	@shopt -s nullglob; scripts=(bench/*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then \
		echo "There are no benchmarks yet (bench/ has no scripts)."; \
	else \
		for script in "$${scripts[@]}"; do \
			echo "== $$script"; SCALE="$(SCALE)" $(BIN)/python "$$script"; \
		done; \
	fi

# The dialogue page's screenshots in docs/screenshots/ (issue 14): the demo in a temporary SQLite
# database, the development server on SCREENSHOT_PORT while Chromium takes them.
SCREENSHOT_PORT ?= 8770
screenshots: $(STAMP)
	SCREENSHOT_PORT=$(SCREENSHOT_PORT) $(BIN)/python docs/screenshots/take.py

# Swedish catalogue: collect the English msgids into locale/sv/LC_MESSAGES/django.po (needs GNU
# gettext), then compile the committed django.mo. Translate new or fuzzy entries in the .po and run
# it again; tests/test_translations.py fails until all are translated and the .mo matches the .po.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l sv --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete
	msgfmt --check -o locale/sv/LC_MESSAGES/django.mo locale/sv/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info db.sqlite3 staticfiles
