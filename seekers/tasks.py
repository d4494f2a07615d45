"""Periodic work of the seekers app (thin: each calls one function)."""

from __future__ import annotations

from celery import shared_task

from seekers.notifications import notify_ak1_due
from seekers.retention import inactive_accounts_retain


# The name is the one beat and the queue routes have always used (notifications.*).
@shared_task(name="notifications.ak1_reminders", acks_late=True)
def ak1_reminders() -> int:
    return notify_ak1_due()


@shared_task(name="privacy.retain_inactive_accounts", acks_late=True)
def retain_inactive_accounts() -> dict[str, int]:
    """Retention: warn, then anonymise, seeker accounts unused for
    RETENTION_INACTIVE_ACCOUNT_DAYS."""
    result = inactive_accounts_retain()
    return {"warned": result.warned, "anonymised": result.anonymised}
