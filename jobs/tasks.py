"""Periodic and background work of the jobs app (thin: each calls one service)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from jobs.notifications import notify_vacancy_expiry
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
