"""Under gunicorn with several workers, /metrics adds up the requests every worker answered
(prometheus-client's multiprocess mode: PROMETHEUS_MULTIPROC_DIR, deploy/gunicorn.conf.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import _database_url

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-token-for-gunicorn"
REQUESTS = 24


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Connection": "close", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_requests_of_every_gunicorn_worker_add_up(tmp_path):
    # Given gunicorn with two workers sharing a metrics directory
    port = _free_port()
    metrics_dir = tmp_path / "metrics"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sicaker.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
        "METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
         "sicaker.wsgi:application"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}/healthz")[0] in (200, 503):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()[-2000:]
            time.sleep(0.3)

        # When it answers a number of requests, each on a new connection
        statuses = {_get(f"{base}/api/v1/no-such-thing/")[0] for _ in range(REQUESTS)}
        status, body = _get(f"{base}/metrics", Authorization=f"Bearer {TOKEN}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    # Then one scrape counts them all, whichever worker answered
    assert statuses == {404}
    assert status == 200
    counted = {
        (sample.name, sample.labels.get("view"), sample.labels.get("status")): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }
    assert counted[("sicaker_http_requests_total", "<unresolved>", "404")] == REQUESTS
    # And both workers kept their counters in the shared directory
    writers = {path.name.rsplit("_", 1)[-1] for path in metrics_dir.glob("counter_*.db")}
    assert len(writers) >= 2, writers
