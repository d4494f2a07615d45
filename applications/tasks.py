"""Periodic work of the applications app (thin: each calls one function)."""

from __future__ import annotations

from celery import shared_task

from applications.notifications import notify_daily_digest


# The name is the one beat and the queue routes have always used (notifications.*).
@shared_task(name="notifications.daily_digest", acks_late=True)
def daily_digest() -> int:
    return notify_daily_digest()
