"""gunicorn settings for Si-Caker: `gunicorn -c deploy/gunicorn.conf.py sicaker.wsgi:application`.

Request metrics are counted per process; with PROMETHEUS_MULTIPROC_DIR set (an empty directory
the service owns, e.g. /run/sicaker/metrics) every worker writes its counters there and /metrics
sums them. The directory is emptied at start and a dead worker's live gauges are dropped.
"""

import gc
import os
import shutil
from pathlib import Path

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, two per core and one more: measured against threads under the mixed load of
# benchmarks/search.py (README, issue 10), processes share the cores fairly where threads queue
# behind one another's hold on the interpreter, and the slowest requests wait far less.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
timeout = 30
# One line per request on stdout; GUNICORN_ACCESS_LOG="" turns it off (the benchmarks do).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """Once the app is loaded: its modules, settings and caches live as long as the worker, so
    the collector stops scanning them (``gc.freeze``), and it runs less often: a request makes
    tens of thousands of short-lived objects and hardly any cycles. Measured on the search
    endpoint: about 8 % less CPU per request (benchmarks/search.py runs gunicorn with this
    file)."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
