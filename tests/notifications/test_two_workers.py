"""Two real worker processes on one broker share a fan-out; each notification is delivered once.

Each worker logs every task it ran with its result (CELERY_TASK_LOG_LEVEL=INFO); the logs show
who did what, the rows show that nothing was lost or doubled.
"""

import re
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count

from accounts.models import User
from notifications.models import Delivery, DeliveryStatus, FanOutChunk, Notification
from notifications.services import fan_out_create
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RECIPIENTS = 200
TASK_LINE = re.compile(r"Task ([\w.]+)\[[0-9a-f-]+\] succeeded in [0-9.e-]+s: (.*)$", re.MULTILINE)


def _seekers_with_email(count: int) -> list[int]:
    User.objects.bulk_create(
        User(email=f"duaworker{n}@example.id", full_name=f"Ibu {n}", role="seeker", password="!")
        for n in range(count)
    )
    return list(User.objects.filter(email__startswith="duaworker").values_list("pk", flat=True))


def _tasks_run(worker) -> Counter:
    """(task name, result) -> how many times this worker ran it, from its log."""
    text = worker.log_path.read_text(encoding="utf-8", errors="replace")
    return Counter((name, result.strip()) for name, result in TASK_LINE.findall(text))


def test_two_workers_share_a_fan_out_and_deliver_each_notification_once(start_worker, settings):
    # Given 200 seekers with an email address, and two worker processes on the same broker
    settings.NOTIFICATION_FAN_OUT_CHUNK = 10
    user_ids = _seekers_with_email(RECIPIENTS)
    workers = [
        start_worker(concurrency=1, extra_env={"CELERY_TASK_LOG_LEVEL": "INFO"}) for _ in range(2)
    ]

    # When one event fans out to all of them (20 chunks, 200 email deliveries)
    with transaction.atomic():
        fan_out_create(
            key="expired:7",
            kind="vacancy_expired",
            recipient_ids=user_ids,
            context={
                "vacancy_id": 7,
                "vacancy_title": "Penjahit masker",
                "valid_through": "2026-11-30",
            },
        )
    wait_for(
        lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == RECIPIENTS,
        timeout=120,
        message="every email delivery to be sent",
    )
    for worker in workers:
        worker.stop()  # its log is complete once it has stopped

    # Then every seeker has exactly one notification and one email, sent once
    per_recipient = Notification.objects.values("recipient").annotate(n=Count("pk"))
    assert {row["recipient"] for row in per_recipient} == set(user_ids)
    assert {row["n"] for row in per_recipient} == {1}
    assert not FanOutChunk.objects.filter(is_done=False).exists()
    deliveries = Delivery.objects.all()
    assert deliveries.count() == RECIPIENTS
    assert set(deliveries.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}

    # ... and both workers did part of it: the sends add up to one per delivery
    runs = [_tasks_run(worker) for worker in workers]
    sent = [run[("notifications.send_delivery", "'sent'")] for run in runs]
    chunks = [
        sum(n for (name, _), n in run.items() if name.endswith("fan_out_chunk")) for run in runs
    ]
    assert sum(sent) == RECIPIENTS, runs
    assert min(sent) > 0, sent
    assert sum(chunks) == 20, chunks
    assert min(chunks) > 0, chunks
