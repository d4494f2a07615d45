# Si-Caker: `make run` serves the app with embedded defaults; `make test` runs every test
# against real PostgreSQL, Redis, Elasticsearch and a Celery worker (started by scripts/services),
# then again against the embedded defaults (SQLite).

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run up down test test-fast test-postgres test-sqlite test-cluster services-start services-stop services-status lint check lock demo-data

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Si-Caker needs Python 3.11 or newer ($(PYTHON) is $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		echo "python venv module missing; installing python3-venv with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && \
		$(PYTHON) -m venv $(VENV); }

# Exactly the locked versions (every file checked against its hash), then the project itself
# without dependencies and without fetching a build backend: only pip is needed.
$(VENV)/.installed: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements/dev.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	@touch $@

install: $(VENV)/.installed

# check, test-fast and lock bring the project's own .venv up to date first; a venv named with
# VENV=... (e.g. one shared by several work trees) is used as it is and never reinstalled.
READY := $(if $(filter .venv,$(VENV)),install,)

# Re-resolve the lock files after changing a dependency in pyproject.toml (with the locked uv
# of the dev venv); commit the result. `make lock UV_FLAGS=--upgrade` moves to newer versions.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes $(UV_FLAGS)
lock: $(READY)
	$(UV_COMPILE) pyproject.toml requirements/build.in -o requirements/production.txt
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra dev -o requirements/dev.txt

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
	scripts/pdftools install
	@status=0; \
	echo "== test pass 1/2: PostgreSQL, Elasticsearch, Redis, Celery worker"; \
	$(BIN)/pytest $(PYTEST_ARGS) || status=$$?; \
	echo "== test pass 2/2: SQLite, database search backend, tasks in-process (as make run)"; \
	$(BIN)/pytest --ds=sicaker.settings.test_sqlite $(PYTEST_ARGS) || status=$$?; \
	exit $$status

# The edit-test loop: every test that needs neither Elasticsearch nor a worker (nor PostgreSQL
# itself), on the embedded configuration (SQLite, database search, tasks in-process), spread over
# the CPUs by pytest-xdist. Needs no running service. `make test` still runs everything.
FAST_MARKERS := not elasticsearch and not worker and not postgres
test-fast: $(READY)
	scripts/pdftools install
	$(BIN)/pytest --ds=sicaker.settings.test_sqlite -m "$(FAST_MARKERS)" -n auto -q $(PYTEST_ARGS)

test-postgres: install
	scripts/services start
	scripts/browser install
	scripts/pdftools install
	$(BIN)/pytest $(PYTEST_ARGS)

test-sqlite: install
	scripts/services start
	scripts/browser install
	scripts/pdftools install
	$(BIN)/pytest --ds=sicaker.settings.test_sqlite $(PYTEST_ARGS)

# The cluster test (marker `cluster`, skipped by every other run): a node of a local three-node
# Elasticsearch cluster (scripts/services cluster, ports 9201-9203) is killed and restarted under
# load. Settings from the environment as in production; the cluster is left running
# (`scripts/services cluster stop` stops it).
CLUSTER_ENV := ELASTICSEARCH_SHARDS=3 ELASTICSEARCH_REPLICAS=1
test-cluster: install
	scripts/services start postgres redis
	scripts/services cluster start
	eval "$$(scripts/services cluster env)" && $(CLUSTER_ENV) $(BIN)/pytest -m cluster $(PYTEST_ARGS)

services-start:
	scripts/services start
services-stop:
	scripts/services stop
services-status:
	scripts/services status

lint: install
	$(BIN)/ruff check .

# Every static guardrail; each runs even if an earlier one failed, and the target fails if any did.
# None needs a running service (mypy and makemigrations use the SQLite test settings). The venv
# must exist; from a work tree sharing another venv: `make check VENV=/path/to/.venv`.
CHECK_SETTINGS := sicaker.settings.test_sqlite
check: $(READY)
	@status=0; \
	echo "== ruff check"; $(BIN)/ruff check . || status=1; \
	echo "== ruff format --check"; $(BIN)/ruff format --check . || status=1; \
	echo "== mypy"; $(BIN)/mypy || status=1; \
	echo "== makemigrations --check"; \
	DJANGO_SETTINGS_MODULE=$(CHECK_SETTINGS) $(BIN)/python manage.py makemigrations --check --dry-run || status=1; \
	echo "== shellcheck scripts/"; $(BIN)/shellcheck scripts/* .ci/run || status=1; \
	echo "== import contracts (lint-imports)"; $(BIN)/lint-imports || status=1; \
	exit $$status
