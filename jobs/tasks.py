"""Periodic and background work of the jobs app (thin: each calls one service)."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from jobs.notifications import notify_vacancy_expiry
from jobs.open_data.log import prune_change_log
from jobs.open_data.snapshot import snapshot_build
from jobs.services import vacancy_close_expired

logger = logging.getLogger(__name__)


@shared_task(name="jobs.close_expired_vacancies")
def close_expired_vacancies() -> int:
    """Close published vacancies whose valid_through has passed (Asia/Jakarta date); run by beat."""
    closed = vacancy_close_expired(today=timezone.localdate())
    if closed:
        logger.info("jobs: closed %d expired vacancies", closed)
    return closed


# The name is the one beat and the queue routes have always used (notifications.*).
@shared_task(name="notifications.vacancy_expiry_reminders", acks_late=True)
def vacancy_expiry_reminders() -> dict:
    return notify_vacancy_expiry()


@shared_task(name="jobs.open_data_snapshot")
def open_data_snapshot() -> dict:
    """Rebuild the open-data snapshot (and bring the change log in step first); run by beat."""
    info = snapshot_build()
    logger.info("jobs: open-data snapshot of %d vacancies at %s", info["count"], info["cursor"])
    return info


@shared_task(name="jobs.open_data_prune")
def open_data_prune() -> int:
    """Forget change-log entries older than OPEN_DATA_RETENTION_DAYS that say nothing about the
    present any more; run by beat once a day."""
    older_than = timezone.now() - datetime.timedelta(days=settings.OPEN_DATA_RETENTION_DAYS)
    return prune_change_log(older_than=older_than)
