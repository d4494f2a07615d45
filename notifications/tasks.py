"""Thin, idempotent Celery tasks of the outbox; they take ids and call one service.

The periodic notices live with the domain that causes them (``jobs/tasks.py``,
``seekers/tasks.py``, ``applications/tasks.py``), under their old task names.
"""

from __future__ import annotations

from celery import Task, shared_task

from notifications.gateways import TransientDeliveryError
from notifications.models import FanOutChunk
from notifications.services import (
    FAN_OUT_CHUNK_TASK,
    SEND_DELIVERY_TASK,
    delivery_send,
    fan_out_chunk_write,
    notifications_resend_pending,
)


@shared_task(
    name=SEND_DELIVERY_TASK,
    bind=True,
    acks_late=True,
    max_retries=None,  # the delivery row counts attempts and ends "failed" at the cap
)
def send_delivery(self: Task, delivery_id: int) -> str:
    try:
        return delivery_send(delivery_id=delivery_id)
    except TransientDeliveryError as error:
        raise self.retry(exc=error, countdown=error.retry_in) from error


@shared_task(name=FAN_OUT_CHUNK_TASK, acks_late=True)
def fan_out_chunk(chunk_id: int) -> int:
    chunk = FanOutChunk.objects.select_related("fan_out").filter(pk=chunk_id).first()
    if chunk is None or chunk.is_done:
        return 0
    return fan_out_chunk_write(chunk=chunk)


@shared_task(name="notifications.resend_pending", acks_late=True)
def resend_pending() -> dict:
    return notifications_resend_pending()
