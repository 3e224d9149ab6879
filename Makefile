# Driehoek: `make run` and `make test` are the two commands. Both are safe to re-run.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_DEBUG ?= 1
# Two workers (the machines have two cores); `make test PYTEST_ARGS=` runs serially.
PYTEST_ARGS ?= -n 2

.PHONY: run test setup lint e2e bench load lock translations messages clean FORCE

# Pinned versions of everything `make` installs; `make lock` refreshes it after a change in
# pyproject.toml (then run `make test` and commit both files).
LOCK := requirements-dev.lock

$(STAMP): pyproject.toml $(LOCK)
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 (Debian: apt-get install python3.11 python3.11-venv)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "Could not create .venv: install python3.11-venv"; exit 1; }
	@echo "Installing Python packages into $(VENV) …"
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# The Nu HTML Checker (npm package vnu-jar, exact version in package-lock.json) that
# tests/test_valid_html.py runs with Java. Installed again when package-lock.json changes or
# vnu.jar is missing. --ignore-scripts: Java comes from Debian (default-jre-headless), not from
# the package's own download.
NODE_STAMP := node_modules/.installed
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

$(NODE_STAMP): package.json package-lock.json $(if $(wildcard $(VNU_JAR)),,FORCE)
	@command -v npm >/dev/null || { echo "npm is needed for the HTML check (vnu-jar): install Node.js 20: apt-get install nodejs npm"; exit 1; }
	@echo "Installing the HTML checker (vnu-jar) into node_modules …"
	@npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $(NODE_STAMP)

FORCE:

lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet 'pip-tools>=7.4,<8'
	@echo "Resolving pinned versions into $(LOCK) …"
	@$(VENV)/bin/pip-compile --quiet --strip-extras --extra dev --no-emit-index-url --no-emit-trusted-host --no-emit-find-links --output-file $(LOCK) pyproject.toml
	@echo "Done: run 'make test', then commit pyproject.toml and $(LOCK)."

translations: $(STAMP)
	@$(PY) manage.py compile_translations

# Extract the source strings into every catalogue (needs GNU gettext); translate what is new,
# then `make translations`. tests/test_translations.py checks nothing is left to extract.
messages: $(STAMP)
	@command -v xgettext >/dev/null || { echo "makemessages needs GNU gettext: apt-get install gettext"; exit 1; }
	@$(PY) manage.py makemessages -l nl --no-obsolete --no-location
	@echo "Catalogues updated: fill in every new msgstr, then run 'make translations'."

setup: $(STAMP) $(NODE_STAMP) translations
	@mkdir -p var
	@echo "Migrating the database …"
	@$(PY) manage.py migrate --no-input
	@$(PY) manage.py load_reference_data
	@$(PY) manage.py load_demo

# One Ctrl+C stops both, and make waits for both. The worker runs in its own process group (set -m)
# and gets each Ctrl+C from the trap, as SIGTERM, also while it is still starting: the first lets
# it finish the task it is running, a second stops it at once. It also stops when the server ends
# by itself. No reloader for the worker: on SIGTERM it would kill the running task, and after a
# graceful stop it never exits; restart `make run` after changing a task's code.
run: setup
	@echo ""
	@echo "Driehoek runs at http://127.0.0.1:8000/ with a task worker  (stop both with Ctrl+C)"
	@set -m; $(PY) manage.py db_worker --no-startup-delay --no-reload & worker=$$!; set +m; \
	trap 'kill $$worker 2>/dev/null; asked=1' INT TERM; \
	trap '[ -n "$$asked" ] || kill $$worker 2>/dev/null; \
	      while kill -0 $$worker 2>/dev/null; do wait $$worker; done' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=0 $(VENV)/bin/mypy
	$(VENV)/bin/djlint --lint templates driehoek

test: $(STAMP) $(NODE_STAMP) translations
	@mkdir -p var
	@echo "Lint (ruff) …"
	@$(VENV)/bin/ruff check .
	@echo "Types (mypy) …"
	@DJANGO_DEBUG=0 $(VENV)/bin/mypy
	@echo "Templates (djLint) …"
	@$(VENV)/bin/djlint --lint --quiet templates driehoek
	@echo "Migrations up to date …"
	@DJANGO_DEBUG=0 $(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Models changed without a migration: run '$(PY) manage.py makemigrations'"; exit 1; }
	@echo "Tests (pytest, browser tests included) on $${DATABASE_URL:-SQLite} …"
	@DJANGO_DEBUG=0 $(VENV)/bin/pytest -p no:cacheprovider $(PYTEST_ARGS)

e2e: $(STAMP) translations
	@DJANGO_DEBUG=0 $(VENV)/bin/pytest -p no:cacheprovider -m browser $(PYTEST_ARGS)

bench: $(STAMP)
	@$(PY) bench/run.py

# Bounded locust run against gunicorn on PostgreSQL (own database driehoek_load); not in `make test`.
# `make load LOAD_ARGS="--duration 120 --users 20"`
LOAD_ARGS ?=
load: $(STAMP) translations
	@$(PY) -m pip install --quiet -e '.[dev,bench]'
	@$(PY) bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var/static node_modules
