"""What the administrator needs to know, read from the database and Redis at the moment asked.

``manage.py doctor`` and the Prometheus scrape both read these, so the figures are computed
once per question from the source of truth (no counter kept per process: gunicorn workers and
Celery workers come and go, the database and the broker stay).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F, Min
from django.db.models.functions import Coalesce
from django.utils import timezone

from notifications.models import Delivery, DeliveryStatus
from search.indexing import INDEXED_MODELS
from search.models import SearchTombstone, VacancyPercolation
from sicaker.celery import QUEUES

HEARTBEAT_KEY = "sicaker:operations:heartbeat"


def _age(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else max(0.0, (now - moment).total_seconds())


@dataclass(frozen=True)
class IndexLag:
    """Rows of one indexed model changed but not yet confirmed by the search index."""

    model_label: str
    rows: int
    # Seconds since the oldest such row last changed (its ``updated_at``): a row re-marked dirty
    # by a bulk change without touching ``updated_at`` looks older than its wait, never younger.
    oldest_age: float | None


def index_lag() -> list[IndexLag]:
    now = timezone.now()
    lags = []
    for label in INDEXED_MODELS:
        model = apps.get_model(label)
        dirty = model._default_manager.filter(search_version__gt=F("indexed_version"))
        figures = dirty.aggregate(oldest=Min("updated_at"))
        lags.append(IndexLag(label, dirty.count(), _age(figures["oldest"], now)))
    tombstones = SearchTombstone.objects.aggregate(oldest=Min("created_at"))
    lags.append(
        IndexLag("deletions", SearchTombstone.objects.count(), _age(tombstones["oldest"], now))
    )
    percolations = VacancyPercolation.objects.filter(done_at__isnull=True)
    oldest = percolations.aggregate(oldest=Min("created_at"))["oldest"]
    lags.append(IndexLag("percolations", percolations.count(), _age(oldest, now)))
    return lags


@dataclass(frozen=True)
class Outbox:
    pending: int
    # Pending deliveries whose moment has come (not waiting for quiet hours or a retry backoff).
    due: int
    # Seconds the oldest due delivery has been waiting since it became due.
    oldest_due_age: float | None
    failed: int
    failed_last_day: int


def outbox() -> Outbox:
    now = timezone.now()
    pending = Delivery.objects.filter(status=DeliveryStatus.PENDING)
    due = pending.annotate(due_at=Coalesce("not_before", "created_at")).filter(due_at__lte=now)
    oldest = due.aggregate(oldest=Min("due_at"))["oldest"]
    failed = Delivery.objects.filter(status=DeliveryStatus.FAILED)
    return Outbox(
        pending=pending.count(),
        due=due.count(),
        oldest_due_age=_age(oldest, now),
        failed=failed.count(),
        failed_last_day=failed.filter(created_at__gte=now - timedelta(days=1)).count(),
    )


def uses_redis_broker() -> bool:
    return not settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_BROKER_URL.startswith(
        ("redis://", "rediss://")
    )


def _broker() -> redis.Redis:
    return redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2
    )


def queue_depths() -> dict[str, int]:
    """Messages waiting in each Celery queue (the Redis list of that name); {} without Redis."""
    if not uses_redis_broker():
        return {}
    client = _broker()
    with client.pipeline() as pipe:
        for name in QUEUES:
            pipe.llen(name)
        return dict(zip(QUEUES, (int(n) for n in pipe.execute()), strict=True))


def record_heartbeat() -> None:
    """Called by the ``operations.heartbeat`` task that beat schedules every minute."""
    if uses_redis_broker():
        _broker().set(HEARTBEAT_KEY, str(time.time()), ex=7 * 24 * 3600)


def heartbeat_age() -> float | None:
    """Seconds since beat's last heartbeat reached a worker; None if none ever did."""
    if not uses_redis_broker():
        return None
    value = _broker().get(HEARTBEAT_KEY)
    return None if value is None else max(0.0, time.time() - float(value))


def pending_migrations() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def cache_works() -> tuple[bool, str]:
    key = "sicaker:operations:cache-probe"
    try:
        cache.set(key, "ok", 30)
        is_up = cache.get(key) == "ok"
    except Exception as error:  # noqa: BLE001 - any cache error means "down"; the message says why
        return False, f"{error.__class__.__name__}: {str(error)[:200]}"
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return is_up, backend if is_up else f"{backend}: a value written was not read back"
