"""Shared fixtures: real PostgreSQL, Redis, Elasticsearch and a real Celery worker process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from rest_framework.test import APIClient

from search.backend import get_search_backend
from sicaker.celery import app, worker_command

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / ".services" / "logs"


@pytest.fixture(scope="session", autouse=True)
def _search_indices():
    """Start every run with an empty search prefix of its own and remove its indices after."""

    backend = get_search_backend()
    is_up, detail = backend.ping()
    if not is_up:
        pytest.exit(f"search backend is down: {detail}. Start it with: scripts/services start", 2)
    backend.drop_all()
    yield backend
    backend.drop_all()


# -- what a test needs, and which runs skip it ----------------------------------------------
# Markers (registered in pyproject.toml) name what a test needs beyond the embedded configuration
# of `make run`; a run whose settings lack it skips the test. `make test` runs the suite twice:
# on PostgreSQL + Elasticsearch + a real broker (nothing skipped), then with
# sicaker.settings.test_sqlite (SQLite, database search, tasks in-process: these skipped).
# A test that uses the start_worker fixture (or celery_worker_process) is marked `worker` here,
# one that uses the `elastic` fixture or an "elasticsearch" parameter is marked `elasticsearch`.


def _unavailable(marker: str) -> str | None:
    """Why this run cannot give a test what ``marker`` says it needs (None: it can)."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if marker == "postgres" and engine != "django.db.backends.postgresql":
        return f"needs PostgreSQL; this run uses {engine.rsplit('.', 1)[-1]}"
    if marker == "elasticsearch" and settings.SEARCH_BACKEND != "elasticsearch":
        return f"needs Elasticsearch; this run uses the {settings.SEARCH_BACKEND} search backend"
    if marker == "worker" and settings.CELERY_TASK_ALWAYS_EAGER:
        return "needs a real Celery broker and worker; this run runs tasks in-process"
    if marker == "cluster" and (
        settings.SEARCH_BACKEND != "elasticsearch" or len(settings.ELASTICSEARCH_URLS) < 3
    ):
        return "needs the local three-node Elasticsearch cluster: run `make test-cluster`"
    return None


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "start_worker" in fixtures:
            item.add_marker(pytest.mark.worker)
        # The real engine: the `elastic` fixture, or the Elasticsearch side of a fixture or test
        # parametrized by engine ("database" / "elasticsearch"; a mark on a fixture's param
        # does not reach the test).
        params = getattr(item, "callspec", None) and item.callspec.params
        if "elastic" in fixtures or (params and "elasticsearch" in params.values()):
            item.add_marker(pytest.mark.elasticsearch)
        for marker in ("postgres", "elasticsearch", "worker", "cluster"):
            reason = item.get_closest_marker(marker) and _unavailable(marker)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))
                break


def _flush_test_broker() -> None:
    url = settings.CELERY_BROKER_URL
    if url.startswith("redis://"):
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
        except redis.exceptions.ConnectionError as error:
            pytest.exit(
                f"Redis at {url} is down ({error}). Start it with: scripts/services start", 2
            )


@pytest.fixture(scope="session", autouse=True)
def _empty_test_broker():
    """Tasks a previous run left in the test broker would otherwise reach this run's worker."""
    _flush_test_broker()
    yield


@pytest.fixture
def search_backend(_search_indices):
    return _search_indices


@pytest.fixture
def api_client():
    return APIClient()


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = quote(db["USER"], safe="")
    password = quote(str(db["PASSWORD"]), safe="")
    return f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class WorkerHandle:
    """A real `celery worker` process started by a test; stopped (or killed) by it."""

    def __init__(self, process: subprocess.Popen, log_path: Path) -> None:
        self.process = process
        self.log_path = log_path

    def kill(self) -> None:
        """SIGKILL: the worker gets no chance to finish or acknowledge anything."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def start_worker(django_db_setup, django_db_blocker):
    """Start real workers on the test database, broker and indices; all stopped after the test."""

    handles: list[WorkerHandle] = []

    def start(*, concurrency: int = 2, extra_env: dict | None = None) -> WorkerHandle:
        if not handles:
            # Earlier tests committed rows and enqueued tasks that no worker ran; their rows are
            # gone, and a backlog of them would only delay this test's own tasks.
            _flush_test_broker()
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        number = len(handles) + 1
        log_path = LOG_DIR / f"test-worker-{os.getpid()}-{time.strftime('%H%M%S')}-{number}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sicaker.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
            **(extra_env or {}),
        }
        hostname = f"test-{os.getpid()}-{number}@%h"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                worker_command(python=sys.executable, hostname=hostname, concurrency=concurrency),
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        handle = WorkerHandle(process, log_path)
        handles.append(handle)
        expected = hostname.replace("%h", socket.gethostname())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the Celery worker exited at start; see {log_path}")
            replies = app.control.ping(destination=[expected], timeout=1.0)
            if replies:
                return handle
        process.kill()
        pytest.fail(f"the Celery worker did not answer within 60 s; see {log_path}")

    yield start
    for handle in handles:
        handle.stop()


@pytest.fixture
def celery_worker_process(start_worker):
    """One real worker for the duration of a test."""
    return start_worker()


def wait_for(
    condition, *, timeout: float = 60.0, interval: float = 0.2, message: str = "condition"
):
    """Poll until `condition()` is truthy (asynchronous work in another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")
