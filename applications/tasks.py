"""Periodic work of the applications app (thin: each calls one function)."""

from __future__ import annotations

from celery import shared_task

from applications.notifications import notify_daily_digest
from applications.privacy import applications_anonymise_closed
from applications.tallies import tallies_rebuild


# The name is the one beat and the queue routes have always used (notifications.*).
@shared_task(name="notifications.daily_digest", acks_late=True)
def daily_digest() -> int:
    return notify_daily_digest()


@shared_task(name="applications.rebuild_tallies", acks_late=True)
def rebuild_tallies() -> int:
    """Nightly: count the dashboard's tallies from scratch, so that rows written without the
    services (an import, a restore, a manual fix) are counted by morning."""
    return tallies_rebuild()


@shared_task(name="privacy.anonymise_closed_applications", acks_late=True)
def anonymise_closed_applications() -> int:
    """Retention: applications closed longer than RETENTION_CLOSED_APPLICATION_DAYS lose their
    texts (idempotent: an anonymised one is skipped)."""
    return applications_anonymise_closed()
