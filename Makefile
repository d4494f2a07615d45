# Si-Caker: `make run` serves the app with embedded defaults; `make test` runs every test
# against real PostgreSQL, Redis, Elasticsearch and a Celery worker (started by scripts/services),
# then again against the embedded defaults (SQLite).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run up down test test-postgres test-sqlite services-start services-stop services-status lint demo-data

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Si-Caker needs Python 3.11 or newer ($(PYTHON) is $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		echo "python venv module missing; installing python3-venv with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && \
		$(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

# Embedded defaults: SQLite, Celery tasks in-process, database search backend.
run: install
	$(BIN)/python manage.py check_services
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_skills
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py search_rebuild
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The full real stack on this machine: PostgreSQL, Redis, Elasticsearch, worker, beat, web.
up: install
	scripts/services start
	eval "$$(scripts/services env)" && \
		$(BIN)/python manage.py check_services && \
		$(BIN)/python manage.py migrate --noinput && \
		$(BIN)/python manage.py load_skills && \
		$(BIN)/python manage.py load_demo_data && \
		$(BIN)/python manage.py search_rebuild && \
		scripts/services start worker beat && \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

down:
	scripts/services stop

# Two passes: the real services, then the embedded configuration of `make run` (SQLite, database
# search, tasks in-process; tests marked postgres/elasticsearch/worker are skipped there). Both
# always run; the target fails if either failed. `make test-postgres` / `make test-sqlite` run one.
test: install
	scripts/services start
	scripts/browser install
	@status=0; \
	echo "== test pass 1/2: PostgreSQL, Elasticsearch, Redis, Celery worker"; \
	$(BIN)/pytest $(PYTEST_ARGS) || status=$$?; \
	echo "== test pass 2/2: SQLite, database search backend, tasks in-process (as make run)"; \
	$(BIN)/pytest --ds=sicaker.settings.test_sqlite $(PYTEST_ARGS) || status=$$?; \
	exit $$status

test-postgres: install
	scripts/services start
	scripts/browser install
	$(BIN)/pytest $(PYTEST_ARGS)

test-sqlite: install
	scripts/services start
	scripts/browser install
	$(BIN)/pytest --ds=sicaker.settings.test_sqlite $(PYTEST_ARGS)

services-start:
	scripts/services start
services-stop:
	scripts/services stop
services-status:
	scripts/services status

lint: install
	$(BIN)/ruff check .
