"""Prometheus metrics: request latency and status by view, Celery task outcomes, and gauges read
at scrape time (queues, outbox, search lag, services up).

Several processes serve one site (gunicorn workers, Celery workers, maybe on several machines),
so where a figure lives decides how it is counted:

- gauges (queue lengths, outbox, index lag, services up, beat heartbeat) are read at scrape time
  from PostgreSQL and Redis, the one truth every process shares (``ScrapeTimeCollector``);
- Celery task outcomes are counted in a Redis hash by the worker's signal handlers, so every
  worker on every machine adds to the same counters (in-process when there is no broker);
- request latency and status are counted in the web process; under gunicorn set
  ``PROMETHEUS_MULTIPROC_DIR`` (an empty directory, wiped at start) and the scrape sums every
  worker's files (prometheus-client's multiprocess mode; ``deploy/gunicorn.conf.py``).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter as LocalCounter
from collections.abc import Callable, Iterator
from typing import Any

import redis
from celery.signals import task_failure, task_retry, task_success
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from sicaker import health
from sicaker.operations import figures

TASKS_KEY = "sicaker:operations:tasks"
OUTCOMES = ("success", "failure", "retry")

# Request metrics of this process (and of every gunicorn worker in multiprocess mode).
REQUEST_REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "sicaker_http_requests",
    "HTTP requests answered, by view, method and status code.",
    ["view", "method", "status"],
    registry=REQUEST_REGISTRY,
)
LATENCY = Histogram(
    "sicaker_http_request_duration_seconds",
    "Time to answer an HTTP request, by view and method.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REQUEST_REGISTRY,
)


# -- requests -----------------------------------------------------------------------------------


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"  # 404s of unknown addresses: one label, not one per address
    return str(match.view_name or match._func_path)


class RequestMetricsMiddleware:
    """First in MIDDLEWARE: times every request and counts its status, labelled by view name."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view, method = _view_name(request), request.method or "-"
        LATENCY.labels(view, method).observe(time.perf_counter() - started)
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        return response


# -- Celery task outcomes -----------------------------------------------------------------------

_local_outcomes: LocalCounter[tuple[str, str]] = LocalCounter()


def _redis() -> redis.Redis:
    return redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
    )


def count_task(task_name: str, outcome: str) -> None:
    """Add one to a task's outcome, shared by every worker through Redis."""
    if not figures.uses_redis_broker():
        _local_outcomes[(task_name, outcome)] += 1
        return
    # The broker down: the worker cannot run tasks either; nothing to count.
    with contextlib.suppress(redis.RedisError):
        _redis().hincrby(TASKS_KEY, f"{outcome}|{task_name}", 1)


def task_outcomes() -> dict[tuple[str, str], int]:
    if not figures.uses_redis_broker():
        return dict(_local_outcomes)
    counted: dict[bytes, bytes] = _redis().hgetall(TASKS_KEY)  # type: ignore[assignment]
    outcomes = {}
    for field, value in counted.items():
        outcome, _, task_name = field.decode().partition("|")
        outcomes[(task_name, outcome)] = int(value)
    return outcomes


def _sender_name(sender: Any) -> str:
    return str(getattr(sender, "name", None) or sender or "unknown")


def _on_success(sender: Any = None, **_: Any) -> None:
    count_task(_sender_name(sender), "success")


def _on_failure(sender: Any = None, **_: Any) -> None:
    count_task(_sender_name(sender), "failure")


def _on_retry(sender: Any = None, **_: Any) -> None:
    count_task(_sender_name(sender), "retry")


def connect_task_signals() -> None:
    task_success.connect(_on_success, weak=False, dispatch_uid="operations-task-success")
    task_failure.connect(_on_failure, weak=False, dispatch_uid="operations-task-failure")
    task_retry.connect(_on_retry, weak=False, dispatch_uid="operations-task-retry")


# -- read at scrape time ------------------------------------------------------------------------


class ScrapeTimeCollector(Collector):
    """The shared figures, read from PostgreSQL and Redis when Prometheus asks."""

    def collect(self) -> Iterator[Any]:
        up = GaugeMetricFamily(
            "sicaker_service_up", "1 when the service answers, 0 when not.", labels=["service"]
        )
        for state in health.check_all():
            up.add_metric([state.name], 1.0 if state.is_up else 0.0)
        cache_up, _ = figures.cache_works()
        up.add_metric(["cache"], 1.0 if cache_up else 0.0)
        yield up
        for read in (self._queues, self._tasks, self._outbox, self._search_lag, self._heartbeat):
            try:
                yield from read()
            except Exception:  # noqa: BLE001 - a service down: sicaker_service_up says which
                continue

    def _queues(self) -> Iterator[Any]:
        depth = GaugeMetricFamily(
            "sicaker_celery_queue_length", "Messages waiting in a Celery queue.", labels=["queue"]
        )
        for name, length in figures.queue_depths().items():
            depth.add_metric([name], float(length))
        yield depth

    def _tasks(self) -> Iterator[Any]:
        tasks = CounterMetricFamily(
            "sicaker_celery_tasks",
            "Celery task runs by task name and outcome (success, failure, retry).",
            labels=["task", "outcome"],
        )
        for (task_name, outcome), count in sorted(task_outcomes().items()):
            tasks.add_metric([task_name, outcome], float(count))
        yield tasks

    def _outbox(self) -> Iterator[Any]:
        outbox = figures.outbox()
        deliveries = GaugeMetricFamily(
            "sicaker_outbox_deliveries",
            "Notification deliveries (email, SMS, WhatsApp): pending, due (pending and their "
            "moment has come) and failed.",
            labels=["state"],
        )
        deliveries.add_metric(["pending"], float(outbox.pending))
        deliveries.add_metric(["due"], float(outbox.due))
        deliveries.add_metric(["failed"], float(outbox.failed))
        yield deliveries
        yield GaugeMetricFamily(
            "sicaker_outbox_oldest_due_age_seconds",
            "Seconds the oldest due delivery has waited (0 when none).",
            value=outbox.oldest_due_age or 0.0,
        )

    def _search_lag(self) -> Iterator[Any]:
        rows = GaugeMetricFamily(
            "sicaker_search_lag_rows",
            "Rows changed but not yet confirmed by the search index (deletions and job-alert "
            "percolations included).",
            labels=["model"],
        )
        oldest = GaugeMetricFamily(
            "sicaker_search_lag_oldest_age_seconds",
            "Seconds since the oldest such row changed (0 when none).",
            labels=["model"],
        )
        for lag in figures.index_lag():
            rows.add_metric([lag.model_label], float(lag.rows))
            oldest.add_metric([lag.model_label], lag.oldest_age or 0.0)
        yield rows
        yield oldest

    def _heartbeat(self) -> Iterator[Any]:
        if not figures.uses_redis_broker():
            return
        age = figures.heartbeat_age()
        yield GaugeMetricFamily(
            "sicaker_beat_heartbeat_age_seconds",
            "Seconds since beat's heartbeat task last ran on a worker (+Inf: never).",
            value=float("inf") if age is None else age,
        )


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessRequests())
    registry.register(ScrapeTimeCollector())
    return registry


class _ProcessRequests(Collector):
    def collect(self) -> Iterator[Any]:
        yield from REQUEST_REGISTRY.collect()


def _bearer(request: HttpRequest) -> str:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else ""


def metrics_view(request: HttpRequest) -> HttpResponse:
    """The Prometheus exposition; 404 unless METRICS_TOKEN is set, 403 without that token."""
    if not settings.METRICS_TOKEN:
        raise Http404
    token = _bearer(request)
    if not (token and constant_time_compare(token, settings.METRICS_TOKEN)):
        return HttpResponse(
            "Send the METRICS_TOKEN as 'Authorization: Bearer <token>'.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
