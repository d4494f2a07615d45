"""gunicorn settings for Si-Caker: `gunicorn -c deploy/gunicorn.conf.py sicaker.wsgi:application`.

Request metrics are counted per process; with PROMETHEUS_MULTIPROC_DIR set (an empty directory
the service owns, e.g. /run/sicaker/metrics) every worker writes its counters there and /metrics
sums them. The directory is emptied at start and a dead worker's live gauges are dropped.
"""

import os
import shutil
from pathlib import Path

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 30
accesslog = "-"


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
