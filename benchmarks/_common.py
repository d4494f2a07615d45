"""Shared plumbing of the benchmark scripts: environment, bench database, processes, statistics.

Call ``bootstrap()`` before importing anything from Django or the apps: it fixes the environment
(settings module, database URL, index prefix, Redis DB) so that this process and every process it
starts (gunicorn, the Celery worker) share one bench database, one index prefix and one broker.
"""

from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / ".services" / "logs"
# The ports scripts/services uses (the same variables as sicaker/settings/test.py).
PG_PORT = int(os.environ.get("SICAKER_PG_PORT", "5433"))
REDIS_PORT = int(os.environ.get("SICAKER_REDIS_PORT", "6380"))
ES_PORT = int(os.environ.get("SICAKER_ES_PORT", "9200"))
PG: dict[str, Any] = {
    "host": "127.0.0.1",
    "port": PG_PORT,
    "user": "sicaker",
    "password": "sicaker",
}
DEFAULT_DB = "bench_sicaker"
DEFAULT_REDIS_DB = 12
_started = time.monotonic()

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    """Progress goes to stderr (stdout carries only the final JSON)."""
    print(f"[{time.monotonic() - _started:7.1f}s] {message}", file=sys.stderr, flush=True)


# -- environment and bench database ---------------------------------------------------------------


def bench_environment(
    *, database: str, redis_db: int, prefix: str, elasticsearch_url: str = ""
) -> dict[str, str]:
    url = f"postgres://{PG['user']}:{PG['password']}@{PG['host']}:{PG['port']}/{database}"
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/{redis_db}",
        "ELASTICSEARCH_URL": elasticsearch_url or f"http://127.0.0.1:{ES_PORT}",
        "ELASTICSEARCH_INDEX_PREFIX": prefix,
        "SEARCH_BACKEND": "elasticsearch",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PYTHONPATH": str(ROOT),
    }


def _admin_connection():
    import psycopg

    return psycopg.connect(dbname="postgres", autocommit=True, **PG)


def create_database(name: str) -> None:
    """A fresh, empty bench database (a leftover one from an earlier --keep run is dropped)."""
    with _admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    from django.db import connections

    connections.close_all()
    with _admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bootstrap(
    *, database: str = DEFAULT_DB, redis_db: int = DEFAULT_REDIS_DB, elasticsearch_url: str = ""
) -> dict[str, str]:
    """Create the bench database, set the environment, start Django, migrate, empty the broker DB.

    ``elasticsearch_url``: comma-separated node URLs (default: the single node of
    scripts/services), e.g. the three-node cluster's. Returns the environment to hand to child
    processes."""
    prefix = f"bench-{uuid.uuid4().hex[:10]}"
    env = bench_environment(
        database=database, redis_db=redis_db, prefix=prefix, elasticsearch_url=elasticsearch_url
    )
    os.environ.update(env)
    log(f"bench database {database}, index prefix {prefix}, broker {env['CELERY_BROKER_URL']}")
    create_database(database)

    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"migrations applied in {time.monotonic() - started:.1f}s")

    import redis

    redis.Redis.from_url(env["CELERY_BROKER_URL"], socket_connect_timeout=2).flushdb()
    from search.backend import get_search_backend

    is_up, detail = get_search_backend().ping()
    if not is_up:
        raise SystemExit(f"Elasticsearch is down: {detail}. Start it with: scripts/services start")
    return {**os.environ, **env}


def teardown(*, database: str, keep: bool) -> None:
    from django.conf import settings

    if keep:
        log(
            f"--keep: database {database} and indices {settings.ELASTICSEARCH_INDEX_PREFIX}-* "
            "left in place"
        )
        return
    from search.backend import get_search_backend

    try:
        get_search_backend().drop_all()
    except Exception as error:  # noqa: BLE001 - keep going: the database must still be dropped
        log(f"could not delete indices {settings.ELASTICSEARCH_INDEX_PREFIX}-*: {error!r}")
    drop_database(database)
    log(f"dropped database {database} and indices {settings.ELASTICSEARCH_INDEX_PREFIX}-*")


# -- child processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_path(name: str) -> Path:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    return LOG_DIR / f"bench-{name}-{os.getpid()}.log"


class Child:
    """A process this benchmark started; stopped by its own pid only."""

    def __init__(self, process: subprocess.Popen, log_path: Path, name: str) -> None:
        self.process = process
        self.log_path = log_path
        self.name = name

    def stop(self, timeout: float = 30) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _gunicorn_executable() -> str:
    """gunicorn of the project's venv, else the one beside this Python (a shared venv)."""
    local = ROOT / ".venv" / "bin" / "gunicorn"
    return str(local if local.exists() else Path(sys.executable).parent / "gunicorn")


def _deployed_config(tree: Path) -> list[str]:
    """The deployed settings (deploy/gunicorn.conf.py: its worker hooks), when the tree has
    them; the bind, workers and timeout given with them win, and the access log is off."""
    config = tree / "deploy" / "gunicorn.conf.py"
    return ["--config", str(config)] if config.exists() else []


def start_gunicorn(
    *, env: dict[str, str], workers: int, threads: int = 1, cwd: Path | None = None
) -> tuple[Child, int]:
    """The real WSGI app under gunicorn, bound to 127.0.0.1 on a free port: sync workers when
    ``threads`` is 1, the gthread worker class with that many threads per worker otherwise;
    ``cwd``: the code tree it serves (this one unless told)."""
    import urllib.request

    port = free_port()
    log_path = _log_path("gunicorn")
    worker_class = ["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []
    with open(log_path, "wb") as out:
        process = subprocess.Popen(
            [
                _gunicorn_executable(),
                "sicaker.wsgi",
                *_deployed_config(cwd or ROOT),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                *worker_class,
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=cwd or ROOT,
            env={**env, "GUNICORN_ACCESS_LOG": ""},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    child = Child(process, log_path, "gunicorn")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited at start; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return child, port
        except OSError:
            time.sleep(0.3)
    child.stop()
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log_path}")


def task_counts(log_path: Path, *, offset: int = 0) -> dict[str, dict[str, int]]:
    """From a worker's log (CELERY_TASK_LOG_LEVEL=INFO): per task name, how many succeeded; per
    "name -> result" (e.g. "notifications.send_delivery -> 'sent'"); per task id how many times
    (to find a task run twice)."""
    import re

    pattern = re.compile(
        r"Task ([\w.]+)\[([0-9a-f-]+)\] succeeded in [0-9.e-]+s: (.*)$", re.MULTILINE
    )
    by_name: dict[str, int] = {}
    by_result: dict[str, int] = {}
    by_id: dict[str, int] = {}
    with open(log_path, encoding="utf-8", errors="replace") as log_file:
        log_file.seek(offset)
        for match in pattern.finditer(log_file.read()):
            by_name[match[1]] = by_name.get(match[1], 0) + 1
            key = f"{match[1]} -> {match[3].strip()[:40]}"
            by_result[key] = by_result.get(key, 0) + 1
            by_id[match[2]] = by_id.get(match[2], 0) + 1
    return {"by_name": by_name, "by_result": by_result, "by_id": by_id}


def start_worker(*, env: dict[str, str], concurrency: int, name: str = "worker") -> Child:
    """One real `celery worker` process (prefork pool) on every queue; waits for its ping."""
    from sicaker.celery import app, worker_command

    log_path = _log_path(name)
    hostname = f"bench-{os.getpid()}-{name}@%h"
    with open(log_path, "ab") as out:
        process = subprocess.Popen(
            worker_command(python=sys.executable, hostname=hostname, concurrency=concurrency),
            cwd=ROOT,
            # INFO: the worker logs each task's own runtime ("succeeded in 0.012s"), which the
            # benchmark reads back.
            env={**env, "LOG_LEVEL": "INFO"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    child = Child(process, log_path, name)
    expected = hostname.replace("%h", socket.gethostname())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the Celery worker exited at start; see {log_path}")
        if app.control.ping(destination=[expected], timeout=1.0):
            return child
    child.stop()
    raise SystemExit(f"the Celery worker did not answer within 60 s; see {log_path}")


# -- statistics -----------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of unsorted values; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: Sequence[float], digits: int = 1) -> dict:
    """count, p50/p95/p99/max/mean of a list of milliseconds (or any unit)."""

    def rounded(value):
        return None if value is None else round(value, digits)

    return {
        "count": len(values),
        "p50": rounded(percentile(values, 50)),
        "p95": rounded(percentile(values, 95)),
        "p99": rounded(percentile(values, 99)),
        "max": rounded(max(values) if values else None),
        "mean": rounded(sum(values) / len(values) if values else None),
    }


def target(value, limit, *, at_least: bool = False) -> dict:
    """One line of the `targets` section: the figure, the limit and whether it is met."""
    met = value is not None and (value >= limit if at_least else value <= limit)
    return {"value": value, "limit": limit, "met": met}


def add_common_arguments(parser) -> None:
    parser.add_argument("--database", default=DEFAULT_DB, help="bench database (created, dropped)")
    parser.add_argument(
        "--elasticsearch-url",
        default="",
        help="comma-separated Elasticsearch node URLs (default: the single node on SICAKER_ES_PORT;"
        " the local cluster: $(scripts/services cluster env))",
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database and indices")


def emit(result: dict) -> None:
    print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    sys.stdout.flush()


def machine() -> dict:
    """CPUs and the load average: other work on the machine makes the figures noisier."""
    return {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_average_1_5_15": [round(value, 2) for value in os.getloadavg()],
    }
