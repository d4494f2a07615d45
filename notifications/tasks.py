"""Thin, idempotent Celery tasks for notifications; they take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from notifications.gateways import TransientDeliveryError
from notifications.models import FanOutChunk


@shared_task(
    name="notifications.send_delivery",
    bind=True,
    acks_late=True,
    max_retries=None,  # the delivery row counts attempts and ends "failed" at the cap
)
def send_delivery(self, delivery_id: int) -> str:
    from notifications.services import delivery_send

    try:
        return delivery_send(delivery_id=delivery_id)
    except TransientDeliveryError as error:
        raise self.retry(exc=error, countdown=getattr(error, "retry_in", 5)) from error


@shared_task(name="notifications.fan_out_chunk", acks_late=True)
def fan_out_chunk(chunk_id: int) -> int:
    from notifications.services import fan_out_chunk_write

    chunk = FanOutChunk.objects.select_related("fan_out").filter(pk=chunk_id).first()
    if chunk is None or chunk.is_done:
        return 0
    return fan_out_chunk_write(chunk=chunk)


@shared_task(name="notifications.resend_pending", acks_late=True)
def resend_pending() -> dict:
    from notifications.services import notifications_resend_pending

    return notifications_resend_pending()


@shared_task(name="notifications.vacancy_expiry_reminders", acks_late=True)
def vacancy_expiry_reminders() -> dict:
    from notifications.events import notify_vacancy_expiry

    return notify_vacancy_expiry()


@shared_task(name="notifications.daily_digest", acks_late=True)
def daily_digest() -> int:
    from notifications.events import notify_daily_digest

    return notify_daily_digest()


@shared_task(name="notifications.ak1_reminders", acks_late=True)
def ak1_reminders() -> int:
    from notifications.events import notify_ak1_due

    return notify_ak1_due()
