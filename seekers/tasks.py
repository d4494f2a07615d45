"""Periodic work of the seekers app (thin: each calls one function)."""

from __future__ import annotations

from celery import shared_task

from seekers.notifications import notify_ak1_due


# The name is the one beat and the queue routes have always used (notifications.*).
@shared_task(name="notifications.ak1_reminders", acks_late=True)
def ak1_reminders() -> int:
    return notify_ak1_due()
